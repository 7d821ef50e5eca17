// What `serve` and `gateway` wire alike: the gateway's settings, the Redis bus's settings, this process's name
// among the gateways, and the signal that stops a main loop.
#pragma once

#include <string>

#include <glib.h>

#include "openhall/admin/cli.hpp"
#include "openhall/core/live_questions/sensitive_words.hpp"
#include "openhall/gateway/gateway.hpp"
#include "openhall/redis_bus/redis_question_bus.hpp"

namespace openhall::app {

gateway::GatewaySettings gateway_settings(const admin::ServeOptions& options);
// Throws std::invalid_argument on a Redis URL it cannot read.
redis_bus::RedisBusSettings redis_settings(const admin::ServeOptions& options);
// "<host name>:<process id>": unique among the gateways of one Redis.
std::string gateway_id();
core::SensitiveWords sensitive_words(const admin::ServeOptions& options);
// Raises this process's open-file soft limit to its hard limit, at most 2^20 (each viewer is a socket; the soft
// limit is often 1,024), and logs the limit it got. Returns it. Called once at start, on the main thread.
std::uint64_t raise_open_file_limit();
// The server's own gateway when it runs on Redis: everything through Redis like any gateway, except that staff
// sessions are looked up in this process's database (there is no need to ask itself over HTTP).
class SessionsHere final : public core::QuestionBus {
public:
    SessionsHere(core::QuestionBus& shared, core::QuestionBus& here) : shared_(shared), here_(here) {}
    void ask(const core::NewQuestion& q, std::function<void(core::AskReply)> done) override { shared_.ask(q, std::move(done)); }
    void vote(core::EventId e, core::QuestionId q, const std::string& viewer,
              std::function<void(core::VoteReply)> done) override {
        shared_.vote(e, q, viewer, std::move(done));
    }
    void moderate(const core::Actor& a, const core::ModerationRequest& r,
                  std::function<void(core::ModerationReply)> done) override {
        shared_.moderate(a, r, std::move(done));
    }
    std::optional<core::RoomSnapshot> snapshot(core::EventId e) override { return shared_.snapshot(e); }
    std::optional<core::StaffUser> staff_of(const std::string& token) override { return here_.staff_of(token); }
    void listen(std::function<void(const core::RoomUpdate&)> on_update) override { shared_.listen(std::move(on_update)); }
    std::size_t viewers(core::EventId e, std::size_t here) override { return shared_.viewers(e, here); }

private:
    core::QuestionBus& shared_;
    core::QuestionBus& here_;
};

// For g_unix_signal_add: quits the GMainLoop passed as data.
gboolean quit_loop(gpointer loop);

struct MainLoopUnref {
    void operator()(GMainLoop* loop) const { g_main_loop_unref(loop); }
};

}  // namespace openhall::app
