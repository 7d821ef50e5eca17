// An event's SRT ingest: a listener that stays bound for the whole event and hands the transport stream of its
// caller to the input. The newest caller wins: an encoder that crashed and reconnects is accepted at once, instead
// of waiting for its dead connection to time out (GStreamer's srtsrc closed the port while it restarted and
// dropped the new caller). A caller with the wrong passphrase is refused in the SRT handshake (libsrt) and never
// disturbs the listener or the caller that is connected.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <gst/gst.h>

namespace openhall::streamer {

class SrtListener {
public:
    // All called on the listener's own thread, one at a time, and never after request_stop() has returned; a handler
    // must not call request_stop() or destroy the listener. `caller` numbers the connections of this listener from 1.
    struct Handlers {
        std::function<void(std::uint64_t caller, const std::string& peer)> on_caller;
        // A chunk of the MPEG transport stream (a few 188-byte packets); the callee takes the buffer.
        std::function<void(std::uint64_t caller, GstBuffer* bytes)> on_data;
        std::function<void(std::uint64_t caller, const std::string& reason)> on_caller_gone;
        // A handshake from `peer` that did not end in a connection (wrong passphrase or encryption settings).
        std::function<void(const std::string& peer)> on_refused;
    };

    // `passphrase`: 10 to 79 characters (SRT's rule: libsrt refuses other lengths in start(), and an empty one turns
    // encryption off), AES-128 (pbkeylen 16). Nothing happens before start(); never throws. Any thread (the event's
    // stream makes it on the main loop).
    SrtListener(std::string name, int port, std::string passphrase, Handlers handlers);
    // Stops the thread, joins it (one poll, 20 ms, or a handler in progress) and closes every socket; no handler runs
    // after it returns. Any thread but the listener's own (not from a handler); the event's stream uses the main loop.
    ~SrtListener();
    SrtListener(const SrtListener&) = delete;
    SrtListener& operator=(const SrtListener&) = delete;

    // Binds UDP `port` on every IPv4 interface, starts listening and starts the listener's thread; once. Throws
    // std::runtime_error with libsrt's reason when any step fails (an option such as the passphrase's length, the
    // port already bound, listening); no thread runs then, and the destructor closes what was opened. Any thread (the
    // event's stream calls it on the main loop).
    void start();
    // Asks the thread to stop without waiting for it (it polls every 20 ms); it waits only for a handler in progress,
    // and no handler runs after this returns. The destructor then joins it. Any thread but the listener's own (from a
    // handler it would deadlock); the event's stream calls it on the main loop.
    void request_stop();

    // A dead caller (SIGKILLed encoder) is noticed after this much silence, if no newer caller replaced it.
    static constexpr int kPeerIdleTimeoutMs = 3000;

    // For the libsrt listen callback (a free function in the .cpp): a handshake is being accepted. libsrt's own
    // thread; it only records the peer, under its own lock.
    void on_handshake(const std::string& peer);

private:
    void run();
    void close_caller(const std::string& reason);
    template <typename Call>
    void notify(Call call, GstBuffer* bytes = nullptr);

    std::string name_;
    int port_;
    std::string passphrase_;
    Handlers handlers_;
    int listener_ = -1;  // SRTSOCKET
    int caller_ = -1;
    int epoll_ = -1;
    std::uint64_t caller_number_ = 0;
    std::mutex handler_mutex_;  // held while a handler runs, so request_stop() waits for it
    std::atomic<bool> stopping_{false};
    std::thread thread_;
    // The last handshake seen by libsrt's thread that has not yet become an accepted caller.
    std::mutex handshake_mutex_;
    std::string handshake_peer_;
    std::int64_t handshake_at_us_ = 0;  // g_get_monotonic_time(); 0 when none is pending
};

}  // namespace openhall::streamer
