#include <fmt/format.h>

#include "openhall/admin/workflow_routes.hpp"
#include "openhall/core/text/text_diff.hpp"
#include "openhall/web/error_response.hpp"
#include "openhall/web/interpretation_view.hpp"
#include "openhall/web/json_body.hpp"
#include "openhall/web/staff_call.hpp"

namespace openhall::admin {
namespace {

using core::ErrorCode;
using core::Permission;
using web::error_response;
using web::Request;
using web::Response;

template <typename Id>
std::vector<Id> ids_of(const std::optional<std::vector<std::int64_t>>& raw) {
    std::vector<Id> out;
    if (raw)
        for (auto v : *raw) out.push_back(Id{v});
    return out;
}

core::Result<std::vector<core::Moment>> moments_from(const nlohmann::json& body) {
    std::vector<core::Moment> moments;
    if (!body.contains("moments")) return moments;
    const auto& list = body.at("moments");
    if (!list.is_array() || list.size() > web::kIdListMax)
        return core::make_error(ErrorCode::InvalidInput, "moments must be a list of {\"offset_s\", \"label\"}");
    for (const auto& m : list) {
        if (!m.is_object() || !m.contains("offset_s") || !m.at("offset_s").is_number() ||
            (m.contains("label") && !m.at("label").is_string()))
            return core::make_error(ErrorCode::InvalidInput,
                                    "each moment needs a number offset_s (seconds into the recording) and a text label");
        moments.push_back({m.at("offset_s").get<double>(), m.value("label", std::string())});
    }
    return moments;
}

core::Result<std::map<std::int64_t, std::string>> answers_from(const nlohmann::json& body) {
    std::map<std::int64_t, std::string> answers;
    if (!body.contains("answers")) return answers;
    const auto& object = body.at("answers");
    if (!object.is_object())
        return core::make_error(ErrorCode::InvalidInput, "answers must map question ids to short answers");
    for (const auto& [key, value] : object.items()) {
        std::int64_t id = 0;
        auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
        if (ec != std::errc{} || end != key.data() + key.size() || id <= 0 || !value.is_string())
            return core::make_error(ErrorCode::InvalidInput,
                                    fmt::format("answers: \"{}\" must be a question id with a text answer", key));
        answers[id] = value.get<std::string>();
    }
    return answers;
}

// The body of POST (with event_id) and PUT (without) of an interpretation; unknown fields are refused before.
core::Result<core::InterpretationInput> interpretation_from(const nlohmann::json& body, bool with_event) {
    core::InterpretationInput input;
    if (with_event) {
        auto event = web::read_integer(body, "event_id", true);
        if (!event) return event.error();
        input.event_id = core::EventId{**event};
    }
    auto title = web::read_string(body, "title", true);
    if (!title) return title.error();
    auto markdown = web::read_string(body, "body_md", true);
    if (!markdown) return markdown.error();
    auto questions = web::read_id_list(body, "question_ids", false);
    if (!questions) return questions.error();
    auto topics = web::read_id_list(body, "topic_ids", false);
    if (!topics) return topics.error();
    auto items = web::read_id_list(body, "agenda_item_ids", false);
    if (!items) return items.error();
    auto moments = moments_from(body);
    if (!moments) return moments.error();
    auto answers = answers_from(body);
    if (!answers) return answers.error();
    input.title = **title;
    input.body_md = **markdown;
    input.links = {ids_of<core::QuestionId>(*questions), ids_of<core::TopicId>(*topics),
                   ids_of<core::AgendaItemId>(*items), std::move(*moments), std::move(*answers)};
    return input;
}

std::optional<int> version_param(const Request& req, const char* name) {
    auto it = req.query.find(name);
    if (it == req.query.end()) return std::nullopt;
    int value = 0;
    auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
    if (ec != std::errc{} || end != it->second.data() + it->second.size()) return std::nullopt;
    return value;
}

}  // namespace

void add_interpretation_routes(web::Router& router, WorkflowContext ctx) {
    auto offset = ctx.zone.offset_function();
    auto staff_view = [ctx, offset](const core::Interpretation& i) mutable {
        return web::staff_interpretation_view(i, *ctx.interpretations.version(i.id, i.head_version),
                                              ctx.interpretations.reviews(i.id), offset, ctx.clock.now());
    };

    router.add("POST", "/api/v1/interpretations", [ctx, staff_view](const Request& req) mutable {
        auto call = web::staff_body(ctx.gate, req, Permission::WriteInterpretations,
                                    {"event_id", "title", "body_md", "question_ids", "topic_ids", "agenda_item_ids",
                                     "moments", "answers"});
        if (!call) return error_response(call.error());
        auto input = interpretation_from(call->body, true);
        if (!input) return error_response(input.error());
        auto created = ctx.interpretations.create(core::Actor::of(call->user), *input);
        if (!created) return error_response(created.error());
        return Response::json(201, staff_view(*created));
    });

    // Every save is a new version.
    router.add("PUT", "/api/v1/interpretations/{id}", [ctx, staff_view](const Request& req) mutable {
        auto call = web::staff_call<core::InterpretationId>(
            ctx.gate, req, Permission::WriteInterpretations, "interpretation",
            {"title", "body_md", "question_ids", "topic_ids", "agenda_item_ids", "moments", "answers"});
        if (!call) return error_response(call.error());
        auto input = interpretation_from(call->body, false);
        if (!input) return error_response(input.error());
        auto saved = ctx.interpretations.save(core::Actor::of(call->user), call->id, *input);
        if (!saved) return error_response(saved.error());
        return Response::json(200, staff_view(*saved));
    });

    router.add("GET", "/api/v1/interpretations/{id}/versions", [ctx, offset](const Request& req) mutable {
        auto call = web::staff_call<core::InterpretationId>(ctx.gate, req, Permission::ReadInterpretationDrafts,
                                                            "interpretation");
        if (!call) return error_response(call.error());
        if (!ctx.interpretations.find(call->id))
            return error_response(ErrorCode::NotFound, fmt::format("interpretation {} does not exist", call->id.value));
        auto list = nlohmann::json::array();
        for (const auto& v : ctx.interpretations.versions(call->id)) list.push_back(core::to_json(v, offset));
        return Response::json(200, {{"versions", std::move(list)}});
    });

    // Two versions compared line by line: ?from=1&to=2 (default: the one before the latest, and the latest).
    router.add("GET", "/api/v1/interpretations/{id}/diff", [ctx](const Request& req) mutable {
        auto call = web::staff_call<core::InterpretationId>(ctx.gate, req, Permission::ReadInterpretationDrafts,
                                                            "interpretation");
        if (!call) return error_response(call.error());
        auto i = ctx.interpretations.find(call->id);
        if (!i) return error_response(ErrorCode::NotFound, fmt::format("interpretation {} does not exist", call->id.value));
        const int to = version_param(req, "to").value_or(i->head_version);
        const int from = version_param(req, "from").value_or(std::max(1, to - 1));
        auto before = ctx.interpretations.version(call->id, from);
        auto after = ctx.interpretations.version(call->id, to);
        if (!before || !after)
            return error_response(ErrorCode::InvalidInput,
                                  fmt::format("from and to must be versions between 1 and {}", i->head_version));
        auto lines = nlohmann::json::array();
        for (const auto& line : core::diff_lines(before->body_md, after->body_md))
            lines.push_back({{"op", core::wire_name(line.op)}, {"text", line.text}});
        return Response::json(200, {{"from", from},
                                    {"to", to},
                                    {"title", {{"from", before->title}, {"to", after->title}}},
                                    {"links", {{"from", core::to_json(before->links)}, {"to", core::to_json(after->links)}}},
                                    {"lines", std::move(lines)}});
    });

    router.add("POST", "/api/v1/interpretations/{id}/review", [ctx, staff_view](const Request& req) mutable {
        auto call = web::staff_call<core::InterpretationId>(ctx.gate, req, Permission::ReviewInterpretations,
                                                            "interpretation", {"decision", "comment"});
        if (!call) return error_response(call.error());
        auto decision_name = web::read_string(call->body, "decision", true);
        if (!decision_name) return error_response(decision_name.error());
        auto decision = core::parse_review_decision(**decision_name);
        if (!decision) return error_response(ErrorCode::InvalidInput, "decision must be approve or changes_requested");
        auto comment = web::read_string(call->body, "comment", false);
        if (!comment) return error_response(comment.error());
        auto reviewed = ctx.interpretations.review(core::Actor::of(call->user), call->id, *decision, comment->value_or(""));
        if (!reviewed) return error_response(reviewed.error());
        return Response::json(200, staff_view(*reviewed));
    });

    router.add("POST", "/api/v1/interpretations/{id}/status", [ctx, staff_view](const Request& req) mutable {
        auto call = web::staff_call<core::InterpretationId>(ctx.gate, req, Permission::WriteInterpretations,
                                                            "interpretation", {"status", "comment_until"});
        if (!call) return error_response(call.error());
        auto status_name = web::read_string(call->body, "status", true);
        if (!status_name) return error_response(status_name.error());
        auto status = core::parse_interpretation_status(**status_name);
        if (!status)
            return error_response(ErrorCode::InvalidInput,
                                  "status must be one of draft, in_review, pre_published, published, withdrawn");
        auto until = web::read_time(call->body, "comment_until", false);
        if (!until) return error_response(until.error());
        auto changed = ctx.interpretations.change_status(core::Actor::of(call->user), call->id, *status, *until);
        if (!changed) return error_response(changed.error());
        return Response::json(200, staff_view(*changed));
    });

    router.add("POST", "/api/v1/comments/{id}/moderation", [ctx, offset](const Request& req) mutable {
        auto call = web::staff_call<core::CommentId>(ctx.gate, req, Permission::WriteInterpretations, "comment",
                                                     {"action", "reply"});
        if (!call) return error_response(call.error());
        auto action = web::read_string(call->body, "action", true);
        if (!action) return error_response(action.error());
        if (**action != "approve" && **action != "reject")
            return error_response(ErrorCode::InvalidInput, "action must be approve or reject");
        auto reply = web::read_string(call->body, "reply", false);
        if (!reply) return error_response(reply.error());
        auto changed = ctx.interpretations.moderate_comment(
            core::Actor::of(call->user), call->id, **action == "approve" ? core::CommentStatus::Approved : core::CommentStatus::Rejected,
            reply->value_or(""));
        if (!changed) return error_response(changed.error());
        return Response::json(200, core::to_json(*changed, offset, true));
    });
}

}  // namespace openhall::admin
