#include "support/ws_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <random>
#include <stdexcept>

namespace openhall::testing {
namespace {

constexpr int kText = 0x1, kBinary = 0x2, kClose = 0x8, kPing = 0x9, kPong = 0xA;

void write_all(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const auto n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) throw std::runtime_error("websocket: send failed");
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

std::uint32_t random_word() {
    static std::mt19937 engine{std::random_device{}()};
    return engine();
}

}  // namespace

WsClient::WsClient(int port, const std::string& path, WsOptions options) {
    if (auto refusal = open(port, path, options))
        throw std::runtime_error("websocket: the upgrade was refused with HTTP " + std::to_string(refusal->http_status));
}

WsClient::~WsClient() {
    if (fd_ >= 0) ::close(fd_);
}

std::optional<WsRefusal> WsClient::refused(int port, const std::string& path, WsOptions options) {
    WsClient client;
    return client.open(port, path, options);
}

std::optional<WsRefusal> WsClient::open(int port, const std::string& path, const WsOptions& options) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (options.receive_buffer > 0)
        setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &options.receive_buffer, sizeof options.receive_buffer);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        throw std::runtime_error("websocket: cannot connect to port " + std::to_string(port));
    const int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                          "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    if (!options.protocol.empty()) request += "Sec-WebSocket-Protocol: " + options.protocol + "\r\n";
    if (options.origin) request += "Origin: " + *options.origin + "\r\n";
    if (!options.cookie.empty()) request += "Cookie: " + options.cookie + "\r\n";
    request += "\r\n";
    write_all(fd_, request);

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{5};
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
        if (!fill(deadline)) return WsRefusal{0};
    const std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    // "HTTP/1.1 101 Switching Protocols"
    const int status = head.size() > 12 ? std::atoi(head.c_str() + 9) : 0;
    if (status != 101) {
        ::close(fd_);
        fd_ = -1;
        return WsRefusal{status};
    }
    return std::nullopt;
}

void WsClient::send_frame(int opcode, std::string_view payload) {
    std::string frame;
    frame += static_cast<char>(0x80 | opcode);
    if (payload.size() < 126) {
        frame += static_cast<char>(0x80 | payload.size());
    } else if (payload.size() <= 0xFFFF) {
        frame += static_cast<char>(0x80 | 126);
        frame += static_cast<char>(payload.size() >> 8);
        frame += static_cast<char>(payload.size() & 0xFF);
    } else {
        frame += static_cast<char>(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8) frame += static_cast<char>((payload.size() >> shift) & 0xFF);
    }
    const std::uint32_t mask = random_word();
    const char key[4] = {static_cast<char>(mask >> 24), static_cast<char>(mask >> 16), static_cast<char>(mask >> 8),
                         static_cast<char>(mask)};
    frame.append(key, 4);
    for (std::size_t i = 0; i < payload.size(); ++i) frame += static_cast<char>(payload[i] ^ key[i % 4]);
    write_all(fd_, frame);
}

void WsClient::send_text(std::string_view text) { send_frame(kText, text); }
void WsClient::send_binary(std::string_view bytes) { send_frame(kBinary, bytes); }

bool WsClient::fill(std::chrono::steady_clock::time_point deadline) {
    if (fd_ < 0) return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[16384];
    const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
        closed_ = true;
        return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
}

std::optional<std::string> WsClient::next_message(std::chrono::steady_clock::time_point deadline) {
    std::string message;
    for (;;) {
        // Header: 2 bytes, then 0, 2 or 8 bytes of length; server frames are not masked.
        while (buffer_.size() < 2)
            if (!fill(deadline)) return std::nullopt;
        const auto b0 = static_cast<unsigned char>(buffer_[0]);
        const auto b1 = static_cast<unsigned char>(buffer_[1]);
        std::size_t header = 2;
        std::uint64_t length = b1 & 0x7F;
        if (length == 126) header = 4;
        if (length == 127) header = 10;
        while (buffer_.size() < header)
            if (!fill(deadline)) return std::nullopt;
        if (header > 2) {
            length = 0;
            for (std::size_t i = 2; i < header; ++i) length = (length << 8) | static_cast<unsigned char>(buffer_[i]);
        }
        while (buffer_.size() < header + length)
            if (!fill(deadline)) return std::nullopt;
        std::string payload = buffer_.substr(header, length);
        buffer_.erase(0, header + length);
        const int opcode = b0 & 0x0F;
        if (opcode == kPing) {
            send_frame(kPong, payload);
            continue;
        }
        if (opcode == kClose) {
            closed_ = true;
            close_code_ = payload.size() >= 2
                              ? (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1])
                              : 1005;
            close_reason_ = payload.size() > 2 ? payload.substr(2) : "";
            return std::nullopt;
        }
        if (opcode == kPong) continue;
        message += payload;
        if (b0 & 0x80) return message;  // FIN
    }
}

std::optional<nlohmann::json> WsClient::receive(std::chrono::milliseconds timeout) {
    auto text = next_message(std::chrono::steady_clock::now() + timeout);
    if (!text) return std::nullopt;
    return nlohmann::json::parse(*text);
}

nlohmann::json WsClient::receive_one_of(std::initializer_list<std::string_view> types, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto text = next_message(deadline);
        if (!text) {
            std::string wanted;
            for (auto t : types) wanted += std::string(wanted.empty() ? "" : " or ") + std::string(t);
            throw std::runtime_error("websocket: no " + wanted + " message in time" +
                                     (closed_ ? " (closed " + std::to_string(close_code_) + ": " + close_reason_ + ")" : ""));
        }
        auto message = nlohmann::json::parse(*text);
        for (auto t : types)
            if (message.value("type", "") == t) return message;
    }
}

std::vector<nlohmann::json> WsClient::drain(std::chrono::milliseconds within) {
    std::vector<nlohmann::json> messages;
    const auto deadline = std::chrono::steady_clock::now() + within;
    while (auto text = next_message(deadline)) messages.push_back(nlohmann::json::parse(*text));
    return messages;
}

int WsClient::wait_for_close(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed_ && std::chrono::steady_clock::now() < deadline) (void)next_message(deadline);
    return close_code_;
}

}  // namespace openhall::testing
