// What viewers and staff ask of the gateway: a question, a vote, a moderation. Each is checked here, stored by
// the batching writer off this thread, and answered (ack, error frame, broadcast) back on the gateway thread.
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

}  // namespace openhall::gateway
