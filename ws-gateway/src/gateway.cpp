// The gateway's thread: its libuv loop, the inbox other threads post to, the timers that flush votes and viewer
// counts, start and stop. Connections, rooms, requests and the libwebsockets callbacks are in their own files.
#include "openhall/gateway/gateway.hpp"

#include <future>
#include <stdexcept>

#include <fmt/format.h>

#include "openhall/core/base/thread_name.hpp"
#include "gateway_state.hpp"

namespace openhall::gateway {
namespace {

constexpr auto kViewerFlushEvery = std::chrono::milliseconds{1000};
constexpr std::uint64_t kKeepaliveSweepMs = 1000;  // pings go out within a second of ping_after_idle_s

void on_wake(uv_async_t* handle) {
    auto* state = static_cast<Gateway::State*>(handle->data);
    state->drain_inbox();
    std::lock_guard lock(state->inbox_mutex);
    if (state->stopping && state->context) {
        state->running = false;
        lws_context_destroy(state->context);
        state->context = nullptr;
        uv_close(reinterpret_cast<uv_handle_t*>(&state->viewers_timer), nullptr);
        uv_close(reinterpret_cast<uv_handle_t*>(&state->keepalive_timer), nullptr);
        uv_close(reinterpret_cast<uv_handle_t*>(&state->wake), nullptr);
    }
}

// secs_since_valid_hangup 0: lws keeps no per-connection validity timer (see keepalive.cpp).
const lws_retry_bo_t kNoValidityTimer{};

void on_viewers_timer(uv_timer_t* timer) {
    auto* state = static_cast<Gateway::State*>(timer->data);
    const auto now = std::chrono::steady_clock::now();
    for (auto& [id, room] : state->rooms) room->flush_viewers(state->bus.viewers(room->event(), room->viewers()), now);
}

}  // namespace

Gateway::Gateway(core::QuestionBus& bus, const core::SensitiveWords& words, core::UtcOffsetAt offset_at,
                 GatewaySettings settings)
    : state_(std::make_unique<State>(bus, words, std::move(offset_at), std::move(settings))) {
    // Updates before the loop runs wait in the inbox; rooms open only once it runs.
    bus.listen([state = state_.get()](const core::RoomUpdate& update) {
        state->post([state, update] { state->apply(update); });
    });
    listening_ = true;
}

Gateway::~Gateway() { stop(); }

int Gateway::start() {
    std::promise<int> port;
    auto bound = port.get_future();
    thread_ = core::named_thread("oh-gateway", [this, &port] {
        State& s = *state_;
        s.clock = std::make_unique<core::SystemClock>();
        uv_loop_init(&s.loop);
        uv_async_init(&s.loop, &s.wake, on_wake);
        s.wake.data = &s;
        {
            std::lock_guard lock(s.inbox_mutex);
            s.running = true;
        }
        uv_timer_init(&s.loop, &s.viewers_timer);
        s.viewers_timer.data = &s;
        uv_timer_start(&s.viewers_timer, on_viewers_timer, kViewerFlushEvery.count(), kViewerFlushEvery.count());
        uv_timer_init(&s.loop, &s.keepalive_timer);
        s.keepalive_timer.data = &s;
        uv_timer_start(&s.keepalive_timer, [](uv_timer_t* t) { static_cast<State*>(t->data)->sweep_idle(); },
                       kKeepaliveSweepMs, kKeepaliveSweepMs);

        lws_set_log_level(std::getenv("OPENHALL_LWS_LOG") ? LLL_ERR | LLL_WARN | LLL_NOTICE | LLL_INFO : LLL_ERR, nullptr);
        lws_context_creation_info info{};
        void* loops[] = {&s.loop};
        info.foreign_loops = loops;
        info.options = LWS_SERVER_OPTION_LIBUV | LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_DISABLE_IPV6;
        info.port = s.settings.port;
        info.iface = s.settings.host.c_str();
        info.protocols = gateway_protocols();
        info.user = &s;
        info.retry_and_idle_policy = &kNoValidityTimer;  // keepalive.cpp pings idle connections instead
        info.pcontext = &s.context_alive;
        info.timeout_secs = 10;  // for a handshake to complete
        info.fd_limit_per_thread = 0;
        s.context = lws_create_context(&info);
        if (!s.context) {
            {
                std::lock_guard lock(s.inbox_mutex);
                s.running = false;
            }
            port.set_value(-1);
            uv_close(reinterpret_cast<uv_handle_t*>(&s.viewers_timer), nullptr);
            uv_close(reinterpret_cast<uv_handle_t*>(&s.keepalive_timer), nullptr);
            uv_close(reinterpret_cast<uv_handle_t*>(&s.wake), nullptr);
            uv_run(&s.loop, UV_RUN_DEFAULT);
            uv_loop_close(&s.loop);
            return;
        }
        s.context_alive = s.context;
        port.set_value(lws_get_vhost_listen_port(lws_get_vhost_by_name(s.context, "default")));
        uv_run(&s.loop, UV_RUN_DEFAULT);
        // lws_context_destroy ran in on_wake. On a foreign loop it finishes in a second call once the loop has
        // closed lws's handles (until then the context, its fd tables included, is still allocated).
        if (s.context_alive) lws_context_destroy(s.context_alive);
        uv_run(&s.loop, UV_RUN_DEFAULT);
        uv_loop_close(&s.loop);
    });
    const int result = bound.get();
    if (result <= 0) {
        thread_.join();
        throw std::runtime_error(fmt::format("the WebSocket gateway cannot listen on {}:{}", state_->settings.host,
                                             state_->settings.port));
    }
    return result;
}

void Gateway::stop() {
    if (listening_) {
        state_->bus.listen({});
        listening_ = false;
    }
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(state_->inbox_mutex);
        state_->stopping = true;
        if (state_->running) uv_async_send(&state_->wake);
    }
    thread_.join();
}

GatewayStats Gateway::stats() const {
    return {state_->connection_count, state_->staff_count, state_->acked, state_->refused, state_->dropped};
}

void append_live_metrics(std::string& out, const GatewayStats& gateway, const core::WriterStats& writer) {
    const std::pair<const char*, std::uint64_t> gauges[] = {
        {"openhall_ws_connections WebSocket connections open now", gateway.connections},
        {"openhall_ws_staff_connections WebSocket connections of moderators and admins", gateway.staff_connections},
    };
    const std::pair<const char*, std::uint64_t> counters[] = {
        {"openhall_ws_questions_acked_total Questions acknowledged after they were stored", gateway.questions_acked},
        {"openhall_ws_messages_refused_total Client messages answered with an error frame", gateway.messages_refused},
        {"openhall_ws_slow_clients_dropped_total Connections closed because they did not read", gateway.slow_clients_dropped},
        {"openhall_question_writer_jobs_total Jobs run by the batching writer", writer.jobs},
        {"openhall_question_writer_commits_total Transactions the batching writer committed", writer.commits},
        {"openhall_question_writer_failures_total Writer jobs that failed", writer.failures},
    };
    auto append = [&out](std::string_view name_and_help, std::uint64_t value, std::string_view type) {
        const auto space = name_and_help.find(' ');
        const auto name = name_and_help.substr(0, space);
        out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", name, name_and_help.substr(space + 1), name, type,
                           name, value);
    };
    for (const auto& [name, value] : gauges) append(name, value, "gauge");
    for (const auto& [name, value] : counters) append(name, value, "counter");
}

}  // namespace openhall::gateway
