// The WebSocket gateway: a libwebsockets context on its own libuv loop in its own thread, holding the viewers
// of every live event. Protocol (subprotocol openhall.v1) in docs/websocket.md. Asks, votes and moderation go
// to the question bus (in this process, or through Redis: core/live_questions/question_bus.hpp); the gateway
// thread never waits on the disk, and acknowledges a question only once the bus holds it durably. What the bus
// hands back reaches the gateway's thread through an inbox (a queue and a libuv wake-up).
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "openhall/core/live_questions/question.hpp"
#include "openhall/core/live_questions/question_bus.hpp"
#include "openhall/core/live_questions/question_writer.hpp"
#include "openhall/core/live_questions/sensitive_words.hpp"
#include "openhall/gateway/event_room.hpp"

namespace openhall::gateway {

struct GatewaySettings {
    std::string host = "127.0.0.1";
    int port = 8081;  // 0: any free port
    // Page origins allowed to connect ("https://hall.example.gov"); empty: the origin's host must be the host
    // the client connected to (pages on :8080 may use the gateway on :8081). No Origin header (not a browser):
    // allowed.
    std::vector<std::string> origins;
    RoomSettings room;
    std::size_t max_queued_messages = 512;    // per connection; a client further behind is disconnected
    std::size_t max_queued_bytes = 1 << 20;
    int socket_send_buffer = 64 * 1024;       // bounds kernel memory per viewer
    int ask_burst = 3;                        // per viewer: questions at once, then one per ask_refill
    std::chrono::milliseconds ask_refill{15000};
    int address_burst = 30;                   // per address (offices share one): then one per address_refill
    std::chrono::milliseconds address_refill{2000};
    int vote_burst = 20;
    std::chrono::milliseconds vote_refill{200};
    int max_errors = 20;                      // refused messages before a connection is closed as misbehaving
    // A client silent this long gets a ping (RFC 6455 section 5.5.2; browsers answer by themselves); one silent
    // for hangup_after_idle_s, pong or not, is dropped. Checked every second (keepalive.cpp).
    std::uint16_t ping_after_idle_s = 30;
    std::uint16_t hangup_after_idle_s = 60;
};

struct GatewayStats {
    std::uint64_t connections = 0;
    std::uint64_t staff_connections = 0;
    std::uint64_t questions_acked = 0;
    std::uint64_t messages_refused = 0;
    std::uint64_t slow_clients_dropped = 0;
};

class Gateway {
public:
    // Listens to `bus` from construction on (its updates reach the rooms once started).
    Gateway(core::QuestionBus& bus, const core::SensitiveWords& words, core::UtcOffsetAt offset_at,
            GatewaySettings settings);
    ~Gateway();
    Gateway(const Gateway&) = delete;
    Gateway& operator=(const Gateway&) = delete;

    // Starts listening on its thread; returns the port. Throws when it cannot listen.
    int start();
    // Stops listening to the bus, closes every connection and stops the thread (waits for it).
    void stop();

    GatewayStats stats() const;

    struct State;  // everything the gateway thread owns; defined in src/gateway_state.hpp

private:
    std::unique_ptr<State> state_;
    std::thread thread_;
    bool listening_ = false;
};

// The gateway's and the writer's counters in the Prometheus text format, for /metrics.
void append_live_metrics(std::string& out, const GatewayStats& gateway, const core::WriterStats& writer);

}  // namespace openhall::gateway
