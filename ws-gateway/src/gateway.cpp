#include "openhall/gateway/gateway.hpp"

#include <sys/socket.h>

#include <cstring>
#include <deque>
#include <future>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>
#include <libwebsockets.h>
#include <spdlog/spdlog.h>
#include <uv.h>

#include "openhall/core/accounts/auth_service.hpp"
#include "openhall/core/events/event_repository.hpp"
#include "openhall/core/base/password.hpp"
#include "openhall/core/live_questions/question_repository.hpp"
#include "openhall/core/live_questions/question_text.hpp"
#include "openhall/core/text/text.hpp"
#include "openhall/gateway/client_message.hpp"
#include "openhall/gateway/handshake.hpp"
#include "openhall/gateway/rate_limiter.hpp"

namespace openhall::gateway {
namespace {

constexpr const char* kSubprotocol = "openhall.v1";
constexpr auto kVoteFlushEvery = std::chrono::milliseconds{250};
// The close opcode for lws_write: the value lws_write_protocol leaves out (between HTTP and PING).
constexpr auto kWriteClose = static_cast<lws_write_protocol>(4);
constexpr auto kViewerFlushEvery = std::chrono::milliseconds{1000};

using Json = nlohmann::json;

Payload error_frame(const std::optional<std::string>& id, std::string_view code, std::string_view message) {
    Json frame = {{"type", "error"}, {"id", id ? Json(*id) : Json()}, {"code", code}, {"message", message}};
    return std::make_shared<const std::string>(frame.dump(-1, ' ', false, Json::error_handler_t::replace));
}

core::WallMillis wall_now() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

int on_http(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len);
int on_openhall(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len);

}  // namespace

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
    bool closing = false;
    lws_close_status close_status = LWS_CLOSE_STATUS_NORMAL;
    std::string close_reason;

    void send(const Payload& message) override { deliver(message); }
    void deliver(const Payload& message);
    void enqueue(const Payload& message);
    bool is_staff() const override { return staff && core::role_may(staff->role, core::Permission::ModerateQuestions); }
    void close_with(lws_close_status status, std::string reason);
};

// lws allocates this zeroed per connection. The request's headers are gone once the upgrade completes, so the
// handshake checked at the upgrade waits here until the connection is established.
struct PerSession {
    Handshake* checked;
    Connection* connection;
};

struct Gateway::State {
    State(std::filesystem::path db, core::QuestionWriter& w, const core::SensitiveWords& sw, core::UtcOffsetAt offset,
          GatewaySettings s)
        : db_file(std::move(db)), writer(w), words(sw), offset_at(std::move(offset)), settings(std::move(s)),
          ask_limiter(settings.ask_burst, settings.ask_refill),
          address_limiter(settings.address_burst, settings.address_refill),
          vote_limiter(settings.vote_burst, settings.vote_refill) {}

    // Set once, then read on the gateway thread.
    std::filesystem::path db_file;
    core::QuestionWriter& writer;
    const core::SensitiveWords& words;
    core::UtcOffsetAt offset_at;
    GatewaySettings settings;

    // Gateway thread only.
    uv_loop_t loop{};
    uv_async_t wake{};
    uv_timer_t votes_timer{};
    uv_timer_t viewers_timer{};
    lws_context* context = nullptr;
    lws_context* context_alive = nullptr;  // lws clears it once the context is completely destroyed
    std::unique_ptr<core::Database> db;  // reads: events, sessions, a room's questions when it opens
    std::unique_ptr<core::SystemClock> clock;
    std::unique_ptr<core::AuthService> auth;
    std::unordered_map<std::int64_t, std::unique_ptr<EventRoom>> rooms;
    std::unordered_map<std::uint64_t, Connection*> connections;
    std::uint64_t next_connection = 1;
    RateLimiter ask_limiter, address_limiter, vote_limiter;
    lws_retry_bo_t retry{};
    std::vector<unsigned char> write_buffer;  // LWS_PRE bytes of room, then the frame
    int in_lws_callback = 0;  // > 0 while libwebsockets calls us: writes then wait for the writable callback
    // Acks sent lately, by stored client id: a retry after a reconnect is answered at once, before any limit.
    std::unordered_map<std::string, Payload> recent_acks;
    std::deque<std::string> recent_ack_order;

    // Any thread.
    std::mutex inbox_mutex;
    std::deque<std::function<void()>> inbox;
    bool stopping = false;
    std::atomic<std::uint64_t> connection_count{0}, staff_count{0}, acked{0}, refused{0}, dropped{0};

    void post(std::function<void()> work) {
        {
            std::lock_guard lock(inbox_mutex);
            inbox.push_back(std::move(work));
        }
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

    EventRoom* room_for(core::EventId event);
    void open(Connection* c);
    void close(Connection* c);
    void receive(Connection* c, std::string_view frame);
    void refuse(Connection* c, const std::optional<std::string>& id, std::string_view code, std::string_view message);
    void ask(Connection* c, AskMessage m);
    void vote(Connection* c, VoteMessage m);
    void moderate(Connection* c, ModerateMessage m);
    void changed(const core::Question& q);
    void remember_ack(const std::string& client_id, const Payload& ack);
    int write_next(Connection* c);
    bool write_frame(Connection* c, const std::string& payload, lws_write_protocol kind);
};

void Connection::enqueue(const Payload& message) {
    if (closing) return;
    queue.push_back(message);
    queued_bytes += message->size();
    auto& s = gateway->settings;
    if (queue.size() > s.max_queued_messages || queued_bytes > s.max_queued_bytes) {
        // It does not read: drop it rather than let its queue grow.
        ++gateway->dropped;
        queue.clear();
        queued_bytes = 0;
        close_with(LWS_CLOSE_STATUS_POLICY_VIOLATION, "too slow: messages were not read");
        return;
    }
    lws_callback_on_writable(wsi);
}

void Connection::deliver(const Payload& message) {
    // A broadcast (from the inbox or a timer, outside libwebsockets' callbacks) to a connection with nothing
    // queued goes out at once: one send instead of a round through the event loop per viewer. Anything else
    // keeps its order behind the queue.
    if (!closing && queue.empty() && gateway->in_lws_callback == 0 && !lws_send_pipe_choked(wsi)) {
        if (!gateway->write_frame(this, *message, LWS_WRITE_TEXT)) close_with(LWS_CLOSE_STATUS_UNEXPECTED_CONDITION, "write failed");
        return;
    }
    enqueue(message);
}

void Connection::close_with(lws_close_status status, std::string reason) {
    if (closing) return;
    closing = true;
    close_status = status;
    close_reason = std::move(reason);
    lws_callback_on_writable(wsi);  // the close goes out from the writable callback
}

EventRoom* Gateway::State::room_for(core::EventId event) {
    if (auto it = rooms.find(event.value); it != rooms.end()) return it->second.get();
    core::EventRepository events(*db);
    auto e = events.find(event);
    if (!e || e->status == core::EventStatus::Draft) return nullptr;  // drafts are not public
    const auto changed_at = events.status_changed_at(event).value_or(clock->now());
    core::QuestionRepository questions(*db);
    const auto first_seq = std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
    auto room = std::make_unique<EventRoom>(event, e->status, changed_at, questions.list(event), questions.votes_of(event),
                                            offset_at, settings.room, static_cast<std::uint64_t>(first_seq));
    return rooms.emplace(event.value, std::move(room)).first->second.get();
}

void Gateway::State::open(Connection* c) {
    c->id = next_connection++;
    connections[c->id] = c;
    ++connection_count;
    if (c->handshake.session_token) {
        c->staff = auth->authenticate(*c->handshake.session_token);
        if (c->is_staff()) ++staff_count;
    }
    // The socket's own buffer is kept small: memory per viewer stays small, and a stalled reader shows up in
    // its queue instead of in the kernel.
    const int buffer = settings.socket_send_buffer;
    setsockopt(lws_get_socket_fd(c->wsi), SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    c->room = room_for(c->handshake.event);
    if (!c->room) {
        c->close_with(LWS_CLOSE_STATUS_POLICY_VIOLATION, "no such event");
        return;
    }
    c->room->join(c, c->handshake.since);
}

void Gateway::State::close(Connection* c) {
    if (c->room) {
        c->room->leave(c);
        // A room with nobody in it is forgotten; the next viewer reloads it from the store.
        if (c->room->empty()) rooms.erase(c->room->event().value);
    }
    if (c->is_staff()) --staff_count;
    --connection_count;
    connections.erase(c->id);
    delete c;
}

void Gateway::State::refuse(Connection* c, const std::optional<std::string>& id, std::string_view code,
                            std::string_view message) {
    ++refused;
    c->send(error_frame(id, code, message));
    // Refusals a well-behaved client can cause (rate limits, a closed event) never close the connection; a
    // stream of malformed ones does.
    const bool misbehaving = code == "bad_json" || code == "unknown_type" || code == "invalid_message" ||
                             code == "too_large" || code == "forbidden";
    if (misbehaving && ++c->errors >= settings.max_errors)
        c->close_with(LWS_CLOSE_STATUS_POLICY_VIOLATION, "too many malformed messages");
}

void Gateway::State::receive(Connection* c, std::string_view frame) {
    auto message = parse_client_message(frame);
    if (auto* e = std::get_if<MessageError>(&message)) return refuse(c, e->id, e->code, e->message);
    if (auto* a = std::get_if<AskMessage>(&message)) return ask(c, std::move(*a));
    if (auto* v = std::get_if<VoteMessage>(&message)) return vote(c, *v);
    moderate(c, std::move(std::get<ModerateMessage>(message)));
}

void Gateway::State::ask(Connection* c, AskMessage m) {
    // The stored client id: a retry (same viewer, same id) finds the question it made.
    std::string client_id = c->handshake.viewer_key + ":" + m.id;
    if (auto it = recent_acks.find(client_id); it != recent_acks.end()) return c->send(it->second);
    if (!c->room->accepts_questions(clock->now()))
        return refuse(c, m.id, "not_live", "questions are taken while the event is live");
    auto checked = core::check_question(m.text, m.name);
    if (auto* p = std::get_if<core::QuestionProblem>(&checked)) return refuse(c, m.id, p->code, p->message);
    if (!ask_limiter.allow(c->handshake.viewer) || !address_limiter.allow(c->handshake.address))
        return refuse(c, m.id, "rate_limited", "too many questions; please wait a little before asking again");
    auto& text = std::get<core::QuestionText>(checked);
    core::NewQuestion q{c->handshake.event,
                        client_id,
                        text.text,
                        text.name,
                        core::QuestionSource::Online,
                        core::QuestionStatus::Pending,
                        words.find_in(text.text).value_or(""),
                        wall_now(),
                        std::nullopt,
                        c->handshake.viewer_key,
                        c->handshake.address,
                        ""};
    const auto connection = c->id;
    writer.submit(core::WriterJob{
        [this, q, connection, message_id = m.id](core::QuestionService& service) -> std::function<void()> {
            auto outcome = service.ask(q);
            return [this, outcome, connection, message_id, client_id = q.client_id] {
                post([this, outcome, connection, message_id, client_id] {
                    ++acked;
                    auto ack = std::make_shared<const std::string>(
                        Json{{"type", "ack"}, {"id", message_id}, {"question", outcome.question.id.value},
                             {"ticket", outcome.question.ticket}}
                            .dump());
                    remember_ack(client_id, ack);
                    if (auto it = connections.find(connection); it != connections.end()) it->second->send(ack);
                    if (outcome.created) changed(outcome.question);
                });
            };
        },
        [this, connection, message_id = m.id](const std::string& why) {
            spdlog::error("gateway: a question could not be stored: {}", why);
            post([this, connection, message_id] {
                if (auto it = connections.find(connection); it != connections.end())
                    refuse(it->second, message_id, "server_error", "the question could not be stored; please try again");
            });
        }});
}

void Gateway::State::remember_ack(const std::string& client_id, const Payload& ack) {
    constexpr std::size_t kRemembered = 100000;
    if (!recent_acks.emplace(client_id, ack).second) return;
    recent_ack_order.push_back(client_id);
    if (recent_ack_order.size() > kRemembered) {
        recent_acks.erase(recent_ack_order.front());
        recent_ack_order.pop_front();
    }
}

void Gateway::State::vote(Connection* c, VoteMessage m) {
    if (!vote_limiter.allow(c->handshake.viewer)) return refuse(c, std::nullopt, "rate_limited", "too many votes");
    const auto target = c->room->vote_target(m.question);
    switch (c->room->vote(m.question, c->handshake.viewer_key)) {
        case VoteResult::NotOpen:
            return refuse(c, std::nullopt, "not_found", "no question with that id is open for votes");
        case VoteResult::AlreadyVoted:
            return refuse(c, std::nullopt, "already_voted", "your vote for this question is counted already");
        case VoteResult::Counted:
            break;
    }
    writer.submit(core::WriterJob{[question = *target, viewer = c->handshake.viewer_key](core::QuestionService& service) {
                                      (void)service.vote(question, viewer);
                                      return std::function<void()>{};
                                  },
                                  [](const std::string& why) { spdlog::error("gateway: a vote could not be stored: {}", why); }});
}

void Gateway::State::moderate(Connection* c, ModerateMessage m) {
    if (!c->is_staff()) return refuse(c, std::nullopt, "forbidden", "moderation needs a moderator's or admin's session");
    const auto connection = c->id;
    const core::Actor actor = core::Actor::of(*c->staff);
    writer.submit(core::WriterJob{
        [this, m, actor, connection](core::QuestionService& service) -> std::function<void()> {
            auto result = service.moderate(actor, m.question, m.action, m.into, m.reason);
            return [this, result, connection] {
                post([this, result, connection] {
                    if (!result.ok()) {
                        if (auto it = connections.find(connection); it != connections.end())
                            refuse(it->second, std::nullopt, core::error_code_name(result.error().code),
                                   result.error().message);
                        return;
                    }
                    if (!result->changed) return;
                    changed(result->question);
                    if (result->merged_into) changed(*result->merged_into);
                });
            };
        },
        [this, connection](const std::string& why) {
            spdlog::error("gateway: moderation could not be stored: {}", why);
            post([this, connection] {
                if (auto it = connections.find(connection); it != connections.end())
                    refuse(it->second, std::nullopt, "server_error", "the change could not be stored");
            });
        }});
}

void Gateway::State::changed(const core::Question& q) {
    if (auto it = rooms.find(q.event_id.value); it != rooms.end()) it->second->question_changed(q);
}

int Gateway::State::write_next(Connection* c) {
    if (c->closing) {
        // The close frame is written here rather than left to lws_close_reason, which (lws 4.1 on a foreign
        // libuv loop) drops the connection without it: the client should learn why it was closed.
        const auto code = static_cast<unsigned>(c->close_status);
        std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
        payload += c->close_reason.substr(0, 123);  // a control frame carries at most 125 bytes
        write_frame(c, payload, kWriteClose);
        return -1;
    }
    // As much as the socket takes now: one writable callback per message would not keep up with a burst.
    while (!c->queue.empty()) {
        const Payload message = c->queue.front();
        c->queue.pop_front();
        c->queued_bytes -= message->size();
        if (!write_frame(c, *message, LWS_WRITE_TEXT)) return -1;
        // Asking the socket costs a poll(): only when there is more to write.
        if (!c->queue.empty() && lws_send_pipe_choked(c->wsi)) break;
    }
    if (!c->queue.empty()) lws_callback_on_writable(c->wsi);
    return 0;
}

bool Gateway::State::write_frame(Connection* c, const std::string& payload, lws_write_protocol kind) {
    write_buffer.resize(LWS_PRE + payload.size());
    std::memcpy(write_buffer.data() + LWS_PRE, payload.data(), payload.size());
    // A short write is kept by libwebsockets and sent on by itself; less than the size is a failure.
    return lws_write(c->wsi, write_buffer.data() + LWS_PRE, payload.size(), kind) >= static_cast<int>(payload.size());
}

namespace {

Gateway::State* state_of(lws* wsi) { return static_cast<Gateway::State*>(lws_context_user(lws_get_context(wsi))); }

// Plain HTTP to the gateway port (and upgrades without the subprotocol) get nothing.
int on_http(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
    switch (reason) {
        case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
            return 1;
        case LWS_CALLBACK_HTTP:
            lws_return_http_status(wsi, HTTP_STATUS_NOT_FOUND, "connect with the openhall.v1 WebSocket subprotocol");
            return -1;
        default:
            return lws_callback_http_dummy(wsi, reason, user, in, len);
    }
}

int handle_openhall(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
    auto* state = state_of(wsi);
    auto* session = static_cast<PerSession*>(user);
    switch (reason) {
        case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION: {
            auto checked = read_handshake(wsi, state->settings.origins);
            if (!checked) {
                spdlog::info("gateway: refused a connection: {}", checked.error().message);
                return 1;
            }
            delete session->checked;
            session->checked = new Handshake(std::move(*checked));
            return 0;
        }
        case LWS_CALLBACK_ESTABLISHED: {
            if (!session->checked) return -1;
            auto* c = new Connection();
            c->gateway = state;
            c->wsi = wsi;
            c->handshake = std::move(*session->checked);
            delete std::exchange(session->checked, nullptr);
            session->connection = c;
            state->open(c);
            return 0;
        }
        case LWS_CALLBACK_RECEIVE: {
            Connection* c = session->connection;
            if (!c || c->closing) return 0;
            const auto* bytes = static_cast<const char*>(in);
            if (lws_frame_is_binary(wsi)) {
                state->refuse(c, std::nullopt, "invalid_message", "messages are JSON text frames");
                return 0;
            }
            if (c->partial.size() + len > kMaxFrameBytes) {
                c->close_with(LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, "a message may have at most 8192 bytes");
                return 0;
            }
            c->partial.append(bytes, len);
            if (!lws_is_final_fragment(wsi) || lws_remaining_packet_payload(wsi) > 0) return 0;
            std::string frame;
            frame.swap(c->partial);
            state->receive(c, frame);
            return 0;
        }
        case LWS_CALLBACK_SERVER_WRITEABLE:
            return session->connection ? state->write_next(session->connection) : 0;
        case LWS_CALLBACK_CLOSED:
            if (session->connection) state->close(session->connection);
            session->connection = nullptr;
            return 0;
        case LWS_CALLBACK_WSI_DESTROY:  // also for upgrades that never completed
            if (session) delete std::exchange(session->checked, nullptr);
            return 0;
        default:
            return 0;
    }
}

int on_openhall(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
    auto* state = state_of(wsi);
    if (!state) return 0;
    ++state->in_lws_callback;
    const int result = handle_openhall(wsi, reason, user, in, len);
    --state->in_lws_callback;
    return result;
}

void on_wake(uv_async_t* handle) {
    auto* state = static_cast<Gateway::State*>(handle->data);
    state->drain_inbox();
    std::lock_guard lock(state->inbox_mutex);
    if (state->stopping && state->context) {
        lws_context_destroy(state->context);
        state->context = nullptr;
        uv_close(reinterpret_cast<uv_handle_t*>(&state->votes_timer), nullptr);
        uv_close(reinterpret_cast<uv_handle_t*>(&state->viewers_timer), nullptr);
        uv_close(reinterpret_cast<uv_handle_t*>(&state->wake), nullptr);
    }
}

void on_votes_timer(uv_timer_t* timer) {
    for (auto& [id, room] : static_cast<Gateway::State*>(timer->data)->rooms) room->flush_votes();
}

void on_viewers_timer(uv_timer_t* timer) {
    for (auto& [id, room] : static_cast<Gateway::State*>(timer->data)->rooms) room->flush_viewers();
}

const lws_protocols kProtocols[] = {
    {"http", on_http, 0, 0, 0, nullptr, 0},
    {kSubprotocol, on_openhall, sizeof(PerSession), kMaxFrameBytes, 0, nullptr, 0},
    {nullptr, nullptr, 0, 0, 0, nullptr, 0},  // the end of the list
};

}  // namespace

Gateway::Gateway(std::filesystem::path db_file, core::QuestionWriter& writer, const core::SensitiveWords& words,
                 core::UtcOffsetAt offset_at, GatewaySettings settings)
    : state_(std::make_unique<State>(std::move(db_file), writer, words, std::move(offset_at), std::move(settings))) {}

Gateway::~Gateway() { stop(); }

int Gateway::start() {
    std::promise<int> port;
    auto bound = port.get_future();
    thread_ = std::thread([this, &port] {
        State& s = *state_;
        s.db = std::make_unique<core::Database>(s.db_file);
        s.clock = std::make_unique<core::SystemClock>();
        s.auth = std::make_unique<core::AuthService>(*s.db, *s.clock);
        uv_loop_init(&s.loop);
        uv_async_init(&s.loop, &s.wake, on_wake);
        s.wake.data = &s;
        uv_timer_init(&s.loop, &s.votes_timer);
        s.votes_timer.data = &s;
        uv_timer_start(&s.votes_timer, on_votes_timer, kVoteFlushEvery.count(), kVoteFlushEvery.count());
        uv_timer_init(&s.loop, &s.viewers_timer);
        s.viewers_timer.data = &s;
        uv_timer_start(&s.viewers_timer, on_viewers_timer, kViewerFlushEvery.count(), kViewerFlushEvery.count());

        lws_set_log_level(std::getenv("OPENHALL_LWS_LOG") ? LLL_ERR | LLL_WARN | LLL_NOTICE | LLL_INFO : LLL_ERR, nullptr);
        s.retry.secs_since_valid_ping = s.settings.ping_after_idle_s;
        s.retry.secs_since_valid_hangup = s.settings.hangup_after_idle_s;
        lws_context_creation_info info{};
        void* loops[] = {&s.loop};
        info.foreign_loops = loops;
        info.options = LWS_SERVER_OPTION_LIBUV | LWS_SERVER_OPTION_VALIDATE_UTF8 | LWS_SERVER_OPTION_DISABLE_IPV6;
        info.port = s.settings.port;
        info.iface = s.settings.host.c_str();
        info.protocols = kProtocols;
        info.user = &s;
        info.retry_and_idle_policy = &s.retry;
        info.pcontext = &s.context_alive;
        info.timeout_secs = 10;  // for a handshake to complete
        info.fd_limit_per_thread = 0;
        s.context = lws_create_context(&info);
        if (!s.context) {
            port.set_value(-1);
            uv_close(reinterpret_cast<uv_handle_t*>(&s.votes_timer), nullptr);
            uv_close(reinterpret_cast<uv_handle_t*>(&s.viewers_timer), nullptr);
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
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(state_->inbox_mutex);
        state_->stopping = true;
    }
    uv_async_send(&state_->wake);
    thread_.join();
}

void Gateway::publish_question(const core::Question& q) {
    state_->post([state = state_.get(), q] { state->changed(q); });
}

void Gateway::publish_status(core::EventId event, core::EventStatus status, core::Timestamp changed_at) {
    state_->post([state = state_.get(), event, status, changed_at] {
        if (auto it = state->rooms.find(event.value); it != state->rooms.end()) it->second->set_status(status, changed_at);
    });
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
