// A small blocking WebSocket client (RFC 6455) over a TCP socket, for tests: it does exactly what the test says,
// including not reading at all (a slow viewer) and sending malformed frames, which a full client library hides.
#pragma once

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace openhall::testing {

struct WsOptions {
    std::string protocol = "openhall.v1";
    std::optional<std::string> origin;
    std::string cookie;  // "name=value"
    int receive_buffer = 0;  // SO_RCVBUF when > 0 (a slow reader's small window)
};

struct WsRefusal {
    int http_status = 0;  // what the server answered instead of 101 (0: the connection closed)
};

class WsClient {
public:
    // Connects to 127.0.0.1:port and upgrades; throws std::runtime_error when refused (see try_connect).
    WsClient(int port, const std::string& path, WsOptions options = {});
    ~WsClient();
    WsClient(const WsClient&) = delete;
    WsClient& operator=(const WsClient&) = delete;

    // The HTTP status when the upgrade is refused, nullopt when it succeeds (the connection is then closed).
    static std::optional<WsRefusal> refused(int port, const std::string& path, WsOptions options = {});

    void send_text(std::string_view text);
    void send_json(const nlohmann::json& message) { send_text(message.dump()); }
    void send_binary(std::string_view bytes);

    // The next text message as JSON, nullopt on timeout or close. Answers pings on the way.
    std::optional<nlohmann::json> receive(std::chrono::milliseconds timeout = std::chrono::seconds{5});
    // The next message of a type, skipping others (viewer counts come on their own); throws on timeout.
    nlohmann::json receive_type(std::string_view type, std::chrono::milliseconds timeout = std::chrono::seconds{5}) {
        return receive_one_of({type}, timeout);
    }
    nlohmann::json receive_one_of(std::initializer_list<std::string_view> types,
                                  std::chrono::milliseconds timeout = std::chrono::seconds{5});
    // Every message that arrives within the time.
    std::vector<nlohmann::json> drain(std::chrono::milliseconds within);

    bool closed() const { return closed_; }
    // The close code the server sent (1000, 1008...), 0 if none yet. Waits up to `timeout` for the close.
    int wait_for_close(std::chrono::milliseconds timeout = std::chrono::seconds{5});
    std::string close_reason() const { return close_reason_; }

private:
    WsClient() = default;
    std::optional<WsRefusal> open(int port, const std::string& path, const WsOptions& options);
    void send_frame(int opcode, std::string_view payload);
    bool fill(std::chrono::steady_clock::time_point deadline);  // reads more bytes; false on timeout or end
    std::optional<std::string> next_message(std::chrono::steady_clock::time_point deadline);

    int fd_ = -1;
    std::string buffer_;
    bool closed_ = false;
    int close_code_ = 0;
    std::string close_reason_;
};

}  // namespace openhall::testing
