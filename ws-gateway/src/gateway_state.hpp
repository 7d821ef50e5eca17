// What the gateway thread owns, shared by the gateway's sources (not part of the component's interface): the
// connections with their send queues, the rooms, the limits, the inbox other threads post to. Every member is
// used on the gateway thread only, except where marked "any thread".
#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <libwebsockets.h>
#include <uv.h>

#include "openhall/core/live_questions/question_bus.hpp"
#include "openhall/gateway/client_message.hpp"
#include "openhall/gateway/gateway.hpp"
#include "openhall/gateway/handshake.hpp"
#include "openhall/gateway/rate_limiter.hpp"

namespace openhall::gateway {

// One WebSocket connection: a subscriber of its event's room with a bounded send queue.
struct Connection final : Subscriber {
    Gateway::State* gateway = nullptr;
    lws* wsi = nullptr;
    std::uint64_t id = 0;
    EventRoom* room = nullptr;
    Handshake handshake;
    std::optional<core::StaffUser> staff;
    std::deque<Payload> queue;
    std::size_t queued_bytes = 0;
    std::string partial;  // a message arriving in several fragments
    int errors = 0;
    std::uint64_t heard_ms = 0;  // the loop's clock when the client last sent anything (a pong included)
    bool pinged = false;         // a ping went out since then
    bool ping_due = false;       // a ping waits for the writable callback
    bool closing = false;
    lws_close_status close_status = LWS_CLOSE_STATUS_NORMAL;
    std::string close_reason;

    void send(const Payload& message) override { deliver(message); }
    void deliver(const Payload& message);
    void enqueue(const Payload& message);
    bool is_staff() const override { return staff && core::role_may(staff->role, core::Permission::ModerateQuestions); }
    void close_with(lws_close_status status, std::string reason);
};

struct Gateway::State {
    State(core::QuestionBus& b, const core::SensitiveWords& sw, core::UtcOffsetAt offset, GatewaySettings s)
        : bus(b), words(sw), offset_at(std::move(offset)), settings(std::move(s)),
          ask_limiter(settings.ask_burst, settings.ask_refill),
          address_limiter(settings.address_burst, settings.address_refill),
          vote_limiter(settings.vote_burst, settings.vote_refill) {}

    // Set once, then read on the gateway thread.
    core::QuestionBus& bus;  // its blocking calls (snapshot, staff_of) on this thread only
    const core::SensitiveWords& words;
    core::UtcOffsetAt offset_at;
    GatewaySettings settings;

    // Gateway thread only.
    uv_loop_t loop{};
    uv_async_t wake{};
    uv_timer_t viewers_timer{};
    uv_timer_t keepalive_timer{};
    lws_context* context = nullptr;
    lws_context* context_alive = nullptr;  // lws clears it once the context is completely destroyed
    std::unique_ptr<core::SystemClock> clock;
    std::unordered_map<std::int64_t, std::unique_ptr<EventRoom>> rooms;
    std::unordered_map<std::uint64_t, Connection*> connections;
    std::uint64_t next_connection = 1;
    RateLimiter ask_limiter, address_limiter, vote_limiter;
    std::vector<unsigned char> write_buffer;  // LWS_PRE bytes of room, then the frame
    int in_lws_callback = 0;  // > 0 while libwebsockets calls us: writes then wait for the writable callback
    // Acks sent lately, by stored client id: a retry after a reconnect is answered at once, before any limit.
    std::unordered_map<std::string, Payload> recent_acks;
    std::deque<std::string> recent_ack_order;

    // Any thread.
    std::mutex inbox_mutex;
    std::deque<std::function<void()>> inbox;
    bool running = false;  // the wake-up handle is open: work posted now will run
    bool stopping = false;
    std::atomic<std::uint64_t> connection_count{0}, staff_count{0}, acked{0}, refused{0}, dropped{0};

    // Work for the gateway's thread. Before start and after stop there is nobody to do it: it is dropped (the
    // lock keeps the wake-up handle open while it is signalled).
    void post(std::function<void()> work) {
        std::lock_guard lock(inbox_mutex);
        if (!running) return;
        inbox.push_back(std::move(work));
        uv_async_send(&wake);
    }

    void drain_inbox() {
        std::deque<std::function<void()>> work;
        {
            std::lock_guard lock(inbox_mutex);
            work.swap(inbox);
        }
        for (auto& w : work) w();
    }

    // rooms.cpp: a connection's room, loaded for its first viewer (nullptr for a draft or no such event).
    EventRoom* room_for(core::EventId event);
    void apply(const core::RoomUpdate& update);
    // connection.cpp: a connection joins its room and the counts; close deletes c.
    void open(Connection* c);
    void close(Connection* c);
    // question_requests.cpp: one complete text frame from a client, and the answers to it.
    void receive(Connection* c, std::string_view frame);
    void refuse(Connection* c, const std::optional<std::string>& id, std::string_view code, std::string_view message);
    void ask(Connection* c, AskMessage m);
    void vote(Connection* c, VoteMessage m);
    void moderate(Connection* c, ModerateMessage m);
    void remember_ack(const std::string& client_id, const Payload& ack);
    // keepalive.cpp: every second, pings to idle connections and the end of silent ones; a frame heard.
    void sweep_idle();
    void heard_from(Connection* c);
    // connection.cpp: from the writable callback; -1 closes the connection.
    int write_next(Connection* c);
    bool write_frame(Connection* c, const std::string& payload, lws_write_protocol kind);
};

// libwebsockets' protocol table for the gateway's vhost: plain HTTP (refused) and openhall.v1
// (protocol_callback.cpp). Ends with an empty entry, as lws_context_creation_info.protocols wants.
const lws_protocols* gateway_protocols();

}  // namespace openhall::gateway
