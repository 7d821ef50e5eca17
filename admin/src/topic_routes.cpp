#include "openhall/admin/workflow_routes.hpp"

#include "openhall/web/error_response.hpp"
#include "openhall/web/json_body.hpp"
#include "openhall/web/staff_call.hpp"

namespace openhall::admin {
namespace {

using core::Permission;
using web::error_response;
using web::Request;
using web::Response;

core::Result<std::optional<std::vector<core::QuestionId>>> question_ids(const nlohmann::json& body, bool required,
                                                                        const char* key = "question_ids") {
    auto ids = web::read_id_list(body, key, required);
    if (!ids) return ids.error();
    if (!*ids) return std::optional<std::vector<core::QuestionId>>{};
    std::vector<core::QuestionId> out;
    for (auto id : **ids) out.push_back(core::QuestionId{id});
    return std::optional(std::move(out));
}

}  // namespace

void add_topic_routes(web::Router& router, WorkflowContext ctx) {
    auto offset = ctx.zone.offset_function();

    router.add("POST", "/api/v1/events/{id}/topics", [ctx, offset](const Request& req) mutable {
        auto call = web::staff_call<core::EventId>(ctx.gate, req, Permission::OrganizeQuestions, "event",
                                                   {"title", "question_ids", "declined_ids"});
        if (!call) return error_response(call.error());
        auto title = web::read_string(call->body, "title", true);
        if (!title) return error_response(title.error());
        auto ids = question_ids(call->body, true);
        if (!ids) return error_response(ids.error());
        // Questions of the suggested group the editor left out: remembered as not asking what the topic asks.
        auto declined = question_ids(call->body, false, "declined_ids");
        if (!declined) return error_response(declined.error());
        auto topic = ctx.topics.create(core::Actor::of(call->user), call->id, **title, **ids,
                                       declined->value_or(std::vector<core::QuestionId>{}));
        if (!topic) return error_response(topic.error());
        return Response::json(201, core::to_json(*topic, offset));
    });

    router.add("GET", "/api/v1/events/{id}/topics", [ctx, offset](const Request& req) mutable {
        auto call = web::staff_call<core::EventId>(ctx.gate, req, Permission::ViewAssignments, "event");
        if (!call) return error_response(call.error());
        if (!ctx.events.find(call->id)) return error_response(core::ErrorCode::NotFound, "this event does not exist");
        auto list = nlohmann::json::array();
        for (const auto& t : ctx.topics.list(call->id)) list.push_back(core::to_json(t, offset));
        return Response::json(200, {{"topics", std::move(list)}});
    });

    // Split: change a topic's questions (a question leaves its old topic first) or its title.
    router.add("PATCH", "/api/v1/topics/{id}", [ctx, offset](const Request& req) mutable {
        auto call = web::staff_call<core::TopicId>(ctx.gate, req, Permission::OrganizeQuestions, "topic",
                                                   {"title", "question_ids"});
        if (!call) return error_response(call.error());
        auto title = web::read_string(call->body, "title", false);
        if (!title) return error_response(title.error());
        auto ids = question_ids(call->body, false);
        if (!ids) return error_response(ids.error());
        auto topic = ctx.topics.update(core::Actor::of(call->user), call->id, {*title, *ids});
        if (!topic) return error_response(topic.error());
        return Response::json(200, core::to_json(*topic, offset));
    });

    // Merge: {"from": TOPIC_ID} moves that topic's questions here and removes it.
    router.add("POST", "/api/v1/topics/{id}/merge", [ctx, offset](const Request& req) mutable {
        auto call = web::staff_call<core::TopicId>(ctx.gate, req, Permission::OrganizeQuestions, "topic", {"from"});
        if (!call) return error_response(call.error());
        auto from = web::read_integer(call->body, "from", true);
        if (!from) return error_response(from.error());
        auto merged = ctx.topics.merge(core::Actor::of(call->user), call->id, core::TopicId{**from});
        if (!merged) return error_response(merged.error());
        return Response::json(200, core::to_json(*merged, offset));
    });

    router.add("DELETE", "/api/v1/topics/{id}", [ctx](const Request& req) mutable {
        auto call = web::staff_call<core::TopicId>(ctx.gate, req, Permission::OrganizeQuestions, "topic");
        if (!call) return error_response(call.error());
        auto removed = ctx.topics.remove(core::Actor::of(call->user), call->id);
        if (!removed) return error_response(removed.error());
        return Response::no_content();
    });
}

}  // namespace openhall::admin
