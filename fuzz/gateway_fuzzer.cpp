// Feeds arbitrary bytes to what a WebSocket client controls before anything is stored: the message parser, the
// question checks an ask then goes through, and the upgrade request's checks (path, query, Origin, protocols).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "openhall/core/live_questions/question_text.hpp"
#include "openhall/gateway/client_message.hpp"
#include "openhall/gateway/handshake.hpp"

using namespace openhall;

namespace {

// The input's lines as the upgrade request's fields: path, query arguments (split at '&'), origin, host,
// protocols, cookie.
gateway::HandshakeRequest request_from(std::string_view input) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (lines.size() < 6) {
        const auto end = input.find('\n', start);
        lines.emplace_back(input.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    lines.resize(6);
    gateway::HandshakeRequest r;
    r.path = lines[0];
    for (std::size_t from = 0; from <= lines[1].size();) {
        const auto amp = lines[1].find('&', from);
        r.query_args.push_back(lines[1].substr(from, amp == std::string::npos ? std::string::npos : amp - from));
        if (amp == std::string::npos) break;
        from = amp + 1;
    }
    r.origin = lines[2];
    r.host = lines[3];
    r.protocols = lines[4];
    r.cookie = lines[5];
    r.peer_address = "127.0.0.1";
    return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto message = gateway::parse_client_message(input);
    if (const auto* ask = std::get_if<gateway::AskMessage>(&message)) (void)core::check_question(ask->text, ask->name);
    static const std::vector<std::string> origins{"https://hall.example.gov"};
    (void)gateway::check_handshake(request_from(input), origins);
    (void)gateway::check_handshake(request_from(input), {});
    return 0;
}
