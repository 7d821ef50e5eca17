#include "openhall/admin/question_routes.hpp"

#include <map>

#include <fmt/format.h>

#include "openhall/core/live_questions/question_grouping.hpp"
#include "openhall/web/error_response.hpp"
#include "openhall/web/event_view.hpp"
#include "openhall/web/json_body.hpp"
#include "openhall/web/path_ids.hpp"

namespace openhall::admin {
namespace {

using core::ErrorCode;
using core::Permission;
using web::error_response;
using web::parse_json_object;
using web::read_integer;
using web::read_string;
using web::reject_unknown_fields;
using web::Request;
using web::Response;

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

void add_question_routes(web::Router& router, QuestionContext ctx) {
    // The event in the path; staff see drafts too.
    auto event_of = [ctx](const Request& req) mutable -> core::Result<core::Event> {
        auto id = web::event_id_param(req);
        if (!id) return id.error();
        auto event = ctx.events.find(*id);
        if (!event) return core::make_error(ErrorCode::NotFound, fmt::format("event {} does not exist", id->value));
        return *event;
    };

    router.add("POST", "/api/v1/events/{id}/questions", [ctx, event_of](const Request& req) mutable {
        auto user = ctx.gate.require(req, Permission::EnterRoomQuestions);
        if (!user) return error_response(user.error());
        auto event = event_of(req);
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
            auto entered = ctx.writer.call(
                [&](core::QuestionService& service) {
                    return service.enter_room_question(actor, event->id, **text, name->value_or(""), at);
                },
                [ctx](const core::Result<core::Question>& q) {
                    if (q) ctx.published(*q);
                });
            if (!entered) return error_response(entered.error());
            return Response::json(201, core::to_json(*entered, ctx.zone.offset_function(), true));
        } catch (const std::exception& e) {
            return writer_failed(e);
        }
    });

    router.add("POST", "/api/v1/questions/{id}/moderation", [ctx](const Request& req) mutable {
        auto user = ctx.gate.require(req, Permission::ModerateQuestions);
        if (!user) return error_response(user.error());
        auto id = web::id_param<core::QuestionId>(req, "id", "question");
        if (!id) return error_response(id.error());
        auto moderation = moderation_from(req.body);
        if (!moderation) return error_response(moderation.error());
        const auto actor = core::Actor::of(*user);
        try {
            auto outcome = ctx.writer.call(
                [&](core::QuestionService& service) {
                    return service.moderate(actor, *id, moderation->action, moderation->into, moderation->reason);
                },
                [ctx](const core::Result<core::ModerationOutcome>& o) {
                    if (!o || !o->changed) return;
                    ctx.published(o->question);
                    if (o->merged_into) ctx.published(*o->merged_into);
                });
            if (!outcome) return error_response(outcome.error());
            return Response::json(200, core::to_json(outcome->question, ctx.zone.offset_function(), true));
        } catch (const std::exception& e) {
            return writer_failed(e);
        }
    });

    // Suggested groups of questions that ask the same thing (docs/grouping.md), for editors after the meeting.
    router.add("GET", "/api/v1/events/{id}/question-groups", [ctx, event_of](const Request& req) mutable {
        auto user = ctx.gate.require(req, Permission::OrganizeQuestions);
        if (!user) return error_response(user.error());
        auto event = event_of(req);
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
        for (const auto& group : core::suggest_groups(ctx.analyzer, texts, ctx.decisions.recent())) {
            auto ids = nlohmann::json::array();
            auto members = nlohmann::json::array();
            for (auto id : group.question_ids) {
                ids.push_back(id.value);
                members.push_back(core::to_json(*by_id.at(id.value), ctx.zone.offset_function(), true));
            }
            groups.push_back({{"question_ids", std::move(ids)},
                              {"min_similarity", group.min_similarity},
                              {"remembered", group.remembered},
                              {"questions", std::move(members)}});
        }
        return Response::json(200, {{"groups", std::move(groups)}, {"threshold", core::kGroupingThreshold}});
    });
}

}  // namespace openhall::admin
