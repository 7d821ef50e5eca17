#include "openhall/web/question_routes.hpp"

#include <fmt/format.h>

#include "openhall/core/events/event_lifecycle.hpp"
#include "openhall/core/live_questions/question_grouping.hpp"
#include "openhall/web/error_response.hpp"
#include "openhall/web/event_view.hpp"
#include "openhall/web/interpretation_view.hpp"
#include "openhall/web/json_body.hpp"
#include "openhall/web/path_ids.hpp"

namespace openhall::web {
namespace {

using core::ErrorCode;
using core::Permission;

// ?status=pending,approved (staff only); without it, what the public sees.
core::Result<std::vector<core::QuestionStatus>> statuses_from(const Request& req) {
    auto it = req.query.find("status");
    if (it == req.query.end() || it->second.empty())
        return std::vector{core::QuestionStatus::Approved, core::QuestionStatus::Answered};
    std::vector<core::QuestionStatus> statuses;
    std::string_view rest = it->second;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const auto name = rest.substr(0, comma);
        auto status = core::parse_question_status(name);
        if (!status)
            return core::make_error(ErrorCode::InvalidInput,
                                    fmt::format("status \"{}\" is not one of pending, approved, rejected, answered, merged", name));
        statuses.push_back(*status);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return statuses;
}

struct Moderation {
    core::ModerationAction action;
    std::optional<core::QuestionId> into;
    std::string reason;
};

core::Result<Moderation> moderation_from(std::string_view body) {
    auto json = parse_json_object(body);
    if (!json) return json.error();
    if (auto unknown = reject_unknown_fields(*json, {"action", "into", "reason"}); !unknown) return unknown.error();
    auto action_name = read_string(*json, "action", true);
    if (!action_name) return action_name.error();
    auto action = core::parse_moderation_action(**action_name);
    if (!action)
        return core::make_error(ErrorCode::InvalidInput,
                                "action must be one of approve, reject, pin, unpin, answered, merge");
    auto into = read_integer(*json, "into", *action == core::ModerationAction::Merge);
    if (!into) return into.error();
    auto reason = read_string(*json, "reason", false);
    if (!reason) return reason.error();
    return Moderation{*action, *into ? std::optional(core::QuestionId{**into}) : std::nullopt, reason->value_or("")};
}

// A stored change that could not be made (the disk, the database): the caller may retry, nothing was half-done.
Response writer_failed(const std::exception& e) {
    return error_response(ErrorCode::Internal, fmt::format("the change could not be stored: {}", e.what()));
}

}  // namespace

void add_question_routes(Router& router, QuestionContext ctx) {
    // The event as the caller may see it: drafts exist for staff only.
    auto visible_event = [ctx](const Request& req) mutable -> core::Result<core::Event> {
        auto id = event_id_param(req);
        if (!id) return id.error();
        auto event = ctx.events.find(*id);
        if (!event || (!core::is_public(event->status) && !ctx.gate.user_of(req)))
            return core::make_error(ErrorCode::NotFound, fmt::format("event {} does not exist", id->value));
        return *event;
    };

    router.add("GET", "/api/v1/events/{id}/questions", [ctx, visible_event](const Request& req) mutable {
        auto statuses = statuses_from(req);
        if (!statuses) return error_response(statuses.error());
        bool staff = false;
        if (req.query.contains("status")) {
            // Asking for statuses by name is the staff view, with the moderation fields: for moderators during the
            // event, for editors after it.
            auto user = ctx.gate.require_session(req);
            if (!user) return error_response(user.error());
            if (!core::role_may(user->role, Permission::ModerateQuestions) &&
                !core::role_may(user->role, Permission::OrganizeQuestions))
                return error_response(ErrorCode::Forbidden, "listing questions by status needs a moderator, editor or admin");
            staff = true;
        }
        auto event = visible_event(req);
        if (!event) return error_response(event.error());
        auto list = nlohmann::json::array();
        for (const auto& q : ctx.reads.list(event->id, *statuses))
            list.push_back(core::to_json(q, ctx.zone.offset_function(), staff));
        return Response::json(200, {{"questions", std::move(list)}});
    });

    router.add("POST", "/api/v1/events/{id}/questions", [ctx, visible_event](const Request& req) mutable {
        auto user = ctx.gate.require(req, Permission::EnterRoomQuestions);
        if (!user) return error_response(user.error());
        auto event = visible_event(req);
        if (!event) return error_response(event.error());
        auto json = parse_json_object(req.body);
        if (!json) return error_response(json.error());
        if (auto unknown = reject_unknown_fields(*json, {"text", "name"}); !unknown) return error_response(unknown.error());
        auto text = read_string(*json, "text", true);
        if (!text) return error_response(text.error());
        auto name = read_string(*json, "name", false);
        if (!name) return error_response(name.error());
        const auto actor = core::Actor::of(*user);
        const auto at = std::chrono::time_point_cast<std::chrono::milliseconds>(ctx.clock.now());
        try {
            // The service checks and normalizes the text (invalid_input with the problem otherwise).
            auto entered = ctx.writer.call([&](core::QuestionService& service) {
                return service.enter_room_question(actor, event->id, **text, name->value_or(""), at);
            });
            if (!entered) return error_response(entered.error());
            ctx.published(*entered);
            return Response::json(201, core::to_json(*entered, ctx.zone.offset_function(), true));
        } catch (const std::exception& e) {
            return writer_failed(e);
        }
    });

    router.add("POST", "/api/v1/questions/{id}/moderation", [ctx](const Request& req) mutable {
        auto user = ctx.gate.require(req, Permission::ModerateQuestions);
        if (!user) return error_response(user.error());
        auto id = id_param<core::QuestionId>(req, "id", "question");
        if (!id) return error_response(id.error());
        auto moderation = moderation_from(req.body);
        if (!moderation) return error_response(moderation.error());
        const auto actor = core::Actor::of(*user);
        try {
            auto outcome = ctx.writer.call([&](core::QuestionService& service) {
                return service.moderate(actor, *id, moderation->action, moderation->into, moderation->reason);
            });
            if (!outcome) return error_response(outcome.error());
            if (outcome->changed) {
                ctx.published(outcome->question);
                if (outcome->merged_into) ctx.published(*outcome->merged_into);
            }
            return Response::json(200, core::to_json(outcome->question, ctx.zone.offset_function(), true));
        } catch (const std::exception& e) {
            return writer_failed(e);
        }
    });

    // Suggested groups of questions that ask the same thing (docs/grouping.md), for editors after the meeting.
    router.add("GET", "/api/v1/events/{id}/question-groups", [ctx, visible_event](const Request& req) mutable {
        auto user = ctx.gate.require(req, Permission::OrganizeQuestions);
        if (!user) return error_response(user.error());
        auto event = visible_event(req);
        if (!event) return error_response(event.error());
        const auto questions = ctx.reads.list(event->id, {core::QuestionStatus::Pending, core::QuestionStatus::Approved,
                                                          core::QuestionStatus::Answered});
        std::vector<std::pair<core::QuestionId, std::string>> texts;
        std::map<std::int64_t, const core::Question*> by_id;
        for (const auto& q : questions) {
            texts.emplace_back(q.id, q.text);
            by_id[q.id.value] = &q;
        }
        auto groups = nlohmann::json::array();
        for (const auto& group : core::suggest_groups(ctx.folder, texts)) {
            auto ids = nlohmann::json::array();
            auto members = nlohmann::json::array();
            for (auto id : group.question_ids) {
                ids.push_back(id.value);
                members.push_back(core::to_json(*by_id.at(id.value), ctx.zone.offset_function(), true));
            }
            groups.push_back({{"question_ids", std::move(ids)},
                              {"min_similarity", group.min_similarity},
                              {"questions", std::move(members)}});
        }
        return Response::json(200, {{"groups", std::move(groups)}, {"threshold", core::kGroupingThreshold}});
    });

    router.add("GET", "/api/v1/tickets/{ticket}", [ctx](const Request& req) mutable {
        auto view = ctx.reads.ticket(req.params.at("ticket"));
        if (!view) return error_response(ErrorCode::NotFound, "no question has this ticket; check the code and try again");
        // A merged question follows the one it was merged into: its status and its answer.
        nlohmann::json answer = nullptr;
        if (auto link = ctx.interpretations.answer_for(view->question)) {
            answer = {{"interpretation_id", link->interpretation.value},
                      {"url", interpretation_url(link->interpretation)},
                      {"replay_url", replay_url(view->question.event_id, view->question.media_offset_s.value_or(0))},
                      {"title", link->title},
                      {"text", link->short_answer}};
        }
        return Response::json(200, {{"ticket", view->ticket},
                                    {"status", core::wire_name(view->question.status)},
                                    {"merged", view->merged},
                                    {"question", core::to_json(view->question, ctx.zone.offset_function())},
                                    {"answer", std::move(answer)}});
    });
}

}  // namespace openhall::web
