// What viewers and staff ask of the gateway: a question, a vote, a moderation. Each is checked here, handed to
// the question bus, and answered (ack, error frame) back on the gateway thread; the changes that follow reach
// every viewer as room updates from the bus.
#include "gateway_state.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "openhall/core/live_questions/question_text.hpp"

namespace openhall::gateway {
namespace {

using Json = nlohmann::json;

core::WallMillis wall_now() { return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()); }

// An error frame for a client message `id` (none for votes and moderation): {"type":"error","id","code","message"}.
Payload error_frame(const std::optional<std::string>& id, std::string_view code, std::string_view message) {
    Json frame = {{"type", "error"}, {"id", id ? Json(*id) : Json()}, {"code", code}, {"message", message}};
    return std::make_shared<const std::string>(frame.dump(-1, ' ', false, Json::error_handler_t::replace));
}

}  // namespace

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
                        "", std::nullopt, ""};
    const auto connection = c->id;
    bus.ask(q, [this, connection, message_id = m.id, client_id](core::AskReply reply) {
        post([this, connection, message_id, client_id, reply] {
            auto it = connections.find(connection);
            if (!reply.question) {
                if (!reply.cause.empty()) spdlog::error("gateway: a question could not be stored: {}", reply.cause);
                if (it != connections.end()) refuse(it->second, message_id, reply.error_code, reply.error_message);
                return;
            }
            ++acked;
            auto ack = std::make_shared<const std::string>(
                Json{{"type", "ack"}, {"id", message_id}, {"question", reply.question->value}, {"ticket", reply.ticket}}
                    .dump());
            remember_ack(client_id, ack);
            if (it != connections.end()) it->second->send(ack);
        });
    });
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
    // Only public questions take votes: refused here at once; once per viewer is the bus's to count.
    if (!c->room->vote_target(m.question))
        return refuse(c, std::nullopt, "not_found", "no question with that id is open for votes");
    const auto connection = c->id;
    bus.vote(c->handshake.event, m.question, c->handshake.viewer_key, [this, connection](core::VoteReply reply) {
        if (reply == core::VoteReply::Counted) return;
        post([this, connection, reply] {
            auto it = connections.find(connection);
            if (it == connections.end()) return;
            switch (reply) {
                case core::VoteReply::AlreadyVoted:
                    return refuse(it->second, std::nullopt, "already_voted", "your vote for this question is counted already");
                case core::VoteReply::NotOpen:
                    return refuse(it->second, std::nullopt, "not_found", "no question with that id is open for votes");
                case core::VoteReply::Unavailable:
                    return refuse(it->second, std::nullopt, "unavailable", "votes cannot be counted just now; please try again");
                case core::VoteReply::Counted:
                    return;
            }
        });
    });
}

void Gateway::State::moderate(Connection* c, ModerateMessage m) {
    if (!c->is_staff()) return refuse(c, std::nullopt, "forbidden", "moderation needs a moderator's or admin's session");
    const auto connection = c->id;
    bus.moderate(core::Actor::of(*c->staff), {m.question, m.action, m.into, m.reason},
                 [this, connection](core::ModerationReply reply) {
                     if (reply.error_code.empty()) return;  // the change itself comes as a room update
                     post([this, connection, reply] {
                         if (!reply.cause.empty()) spdlog::error("gateway: moderation could not be stored: {}", reply.cause);
                         if (auto it = connections.find(connection); it != connections.end())
                             refuse(it->second, std::nullopt, reply.error_code, reply.error_message);
                     });
                 });
}

}  // namespace openhall::gateway
