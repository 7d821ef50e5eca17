#include "openhall/streamer/srt_listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <srt/srt.h>

namespace openhall::streamer {
namespace {

constexpr int kPollMs = 20;  // how long stopping the listener (joining its thread) may take
// A live-mode SRT message carries at most 1316 bytes (seven transport stream packets).
constexpr int kMessageBytes = 1500;
// A handshake not followed by an accepted caller within this long was refused.
constexpr std::int64_t kRefusalAfterUs = 1500 * G_TIME_SPAN_MILLISECOND;

void start_library() {
    static const bool started = [] {
        srt_startup();
        srt_setloglevel(LOG_CRIT);  // failures are reported through return values; its own log only repeats them
        return true;
    }();
    (void)started;
}

std::string peer_text(const sockaddr* address) {
    if (!address) return "unknown";
    char text[INET6_ADDRSTRLEN] = "";
    if (address->sa_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(address);
        inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
        return fmt::format("{}:{}", text, ntohs(in->sin_port));
    }
    if (address->sa_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
        inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
        return fmt::format("[{}]:{}", text, ntohs(in6->sin6_port));
    }
    return "unknown";
}

int on_listen(void* self, SRTSOCKET, int, const sockaddr* peer, const char*) {
    static_cast<SrtListener*>(self)->on_handshake(peer_text(peer));
    return 0;  // accept the handshake; libsrt itself then checks the passphrase
}

template <typename T>
void set_flag(int socket, SRT_SOCKOPT option, T value, const std::string& name) {
    if (srt_setsockflag(socket, option, &value, sizeof value) == SRT_ERROR)
        throw std::runtime_error(fmt::format("{}: SRT option {}: {}", name, static_cast<int>(option), srt_getlasterror_str()));
}

}  // namespace

SrtListener::SrtListener(std::string name, int port, std::string passphrase, Handlers handlers)
    : name_(std::move(name)), port_(port), passphrase_(std::move(passphrase)), handlers_(std::move(handlers)) {}

// Handlers run only until request_stop() has returned; a buffer that is not handed over is released.
template <typename Call>
void SrtListener::notify(Call call, GstBuffer* bytes) {
    std::lock_guard lock(handler_mutex_);
    if (stopping_) {
        if (bytes) gst_buffer_unref(bytes);
        return;
    }
    call();
}

void SrtListener::request_stop() {
    std::lock_guard lock(handler_mutex_);
    stopping_ = true;
}

SrtListener::~SrtListener() {
    request_stop();
    if (thread_.joinable()) thread_.join();
    if (caller_ != SRT_INVALID_SOCK) srt_close(caller_);
    if (listener_ != SRT_INVALID_SOCK) srt_close(listener_);
    if (epoll_ >= 0) srt_epoll_release(epoll_);
}

void SrtListener::start() {
    start_library();
    listener_ = srt_create_socket();
    if (listener_ == SRT_INVALID_SOCK) throw std::runtime_error(name_ + ": " + srt_getlasterror_str());
    // Accepted callers inherit these.
    set_flag(listener_, SRTO_RCVSYN, false, name_);
    set_flag(listener_, SRTO_SNDSYN, false, name_);
    set_flag(listener_, SRTO_PEERIDLETIMEO, kPeerIdleTimeoutMs, name_);
    set_flag(listener_, SRTO_PBKEYLEN, 16, name_);
    if (srt_setsockflag(listener_, SRTO_PASSPHRASE, passphrase_.data(), static_cast<int>(passphrase_.size())) ==
        SRT_ERROR)
        throw std::runtime_error(name_ + ": passphrase: " + srt_getlasterror_str());
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port_));
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    if (srt_bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) == SRT_ERROR)
        throw std::runtime_error(fmt::format("{}: cannot bind UDP port {}: {}", name_, port_, srt_getlasterror_str()));
    if (srt_listen_callback(listener_, on_listen, this) == SRT_ERROR || srt_listen(listener_, 4) == SRT_ERROR)
        throw std::runtime_error(fmt::format("{}: cannot listen on port {}: {}", name_, port_, srt_getlasterror_str()));
    epoll_ = srt_epoll_create();
    const int events = SRT_EPOLL_IN | SRT_EPOLL_ERR;
    if (epoll_ < 0 || srt_epoll_add_usock(epoll_, listener_, &events) == SRT_ERROR)
        throw std::runtime_error(name_ + ": " + srt_getlasterror_str());
    thread_ = std::thread([this] { run(); });
}

void SrtListener::on_handshake(const std::string& peer) {
    std::lock_guard lock(handshake_mutex_);
    handshake_peer_ = peer;
    handshake_at_us_ = g_get_monotonic_time();
}

void SrtListener::close_caller(const std::string& reason) {
    if (caller_ == SRT_INVALID_SOCK) return;
    srt_epoll_remove_usock(epoll_, caller_);
    srt_close(caller_);
    caller_ = SRT_INVALID_SOCK;
    spdlog::info("{}: caller {} gone ({})", name_, caller_number_, reason);
    notify([&] { handlers_.on_caller_gone(caller_number_, reason); });
}

void SrtListener::run() {
    std::array<SRT_EPOLL_EVENT, 4> ready{};
    std::array<char, kMessageBytes> message{};
    while (!stopping_) {
        const int n = srt_epoll_uwait(epoll_, ready.data(), static_cast<int>(ready.size()), kPollMs);
        for (int i = 0; i < n; ++i) {
            const int socket = ready[static_cast<std::size_t>(i)].fd;
            if (socket == listener_) {
                sockaddr_storage peer{};
                int peer_size = sizeof peer;
                const int accepted = srt_accept(listener_, reinterpret_cast<sockaddr*>(&peer), &peer_size);
                if (accepted == SRT_INVALID_SOCK) continue;
                {
                    std::lock_guard lock(handshake_mutex_);
                    handshake_at_us_ = 0;
                }
                close_caller("replaced by a new caller");
                caller_ = accepted;
                const int events = SRT_EPOLL_IN | SRT_EPOLL_ERR;
                srt_epoll_add_usock(epoll_, caller_, &events);
                ++caller_number_;
                const auto who = peer_text(reinterpret_cast<sockaddr*>(&peer));
                spdlog::info("{}: caller {} connected from {}", name_, caller_number_, who);
                notify([&] { handlers_.on_caller(caller_number_, who); });
                continue;
            }
            if (socket != caller_) continue;
            // Read everything that is ready; the socket is non-blocking.
            for (;;) {
                const int got = srt_recvmsg(caller_, message.data(), static_cast<int>(message.size()));
                if (got > 0) {
                    GstBuffer* bytes = gst_buffer_new_memdup(message.data(), static_cast<gsize>(got));
                    notify([&] { handlers_.on_data(caller_number_, bytes); }, bytes);
                    continue;
                }
                if (got == SRT_ERROR && srt_getlasterror(nullptr) == SRT_EASYNCRCV) break;
                close_caller(got == 0 ? "the caller closed the connection" : srt_getlasterror_str());
                break;
            }
        }
        // A caller whose connection broke without a readable error event (peer idle timeout).
        if (caller_ != SRT_INVALID_SOCK && srt_getsockstate(caller_) >= SRTS_BROKEN) close_caller("the connection broke");
        std::string refused;
        {
            std::lock_guard lock(handshake_mutex_);
            if (handshake_at_us_ && g_get_monotonic_time() - handshake_at_us_ > kRefusalAfterUs) {
                refused = handshake_peer_;
                handshake_at_us_ = 0;
            }
        }
        if (!refused.empty()) {
            spdlog::warn("{}: a caller from {} was refused (wrong passphrase or encryption settings)", name_, refused);
            notify([&] { handlers_.on_refused(refused); });
        }
    }
}

}  // namespace openhall::streamer
