#include "openhall/admin/workflow_routes.hpp"

#include "openhall/web/error_response.hpp"
#include "openhall/web/event_view.hpp"
#include "openhall/web/json_body.hpp"
#include "openhall/web/path_ids.hpp"

namespace openhall::admin {
namespace {

using core::Permission;
using web::error_response;
using web::Request;
using web::Response;

std::vector<core::QuestionId> question_ids(const std::vector<std::int64_t>& ids) {
    std::vector<core::QuestionId> out;
    for (auto id : ids) out.push_back(core::QuestionId{id});
    return out;
}

}  // namespace

void add_topic_routes(web::Router& router, WorkflowContext ctx) {
    auto offset = ctx.zone.offset_function();

    router.add("POST", "/api/v1/events/{id}/topics", [ctx, offset](const Request& req) mutable {
        auto user = ctx.gate.require(req, Permission::OrganizeQuestions);
        if (!user) return error_response(user.error());
        auto event = web::event_id_param(req);
        if (!event) return error_response(event.error());
        if (!ctx.events.find(*event)) return error_response(core::ErrorCode::NotFound, "this event does not exist");
        auto body = web::parse_json_object(req.body);
        if (!body) return error_response(body.error());
        if (auto s = web::reject_unknown_fields(*body, {"title", "question_ids"}); !s) return error_response(s.error());
        auto title = web::read_string(*body, "title", true);
        if (!title) return error_response(title.error());
        auto ids = web::read_id_list(*body, "question_ids", true);
        if (!ids) return error_response(ids.error());
        auto topic = ctx.topics.create(core::Actor::of(*user), *event, **title, question_ids(**ids));
        if (!topic) return error_response(topic.error());
        return Response::json(201, core::to_json(*topic, offset));
    });

    router.add("GET", "/api/v1/events/{id}/topics", [ctx, offset](const Request& req) mutable {
        auto user = ctx.gate.require(req, Permission::ViewAssignments);
        if (!user) return error_response(user.error());
        auto event = web::event_id_param(req);
        if (!event) return error_response(event.error());
        if (!ctx.events.find(*event)) return error_response(core::ErrorCode::NotFound, "this event does not exist");
        auto list = nlohmann::json::array();
        for (const auto& t : ctx.topics.list(*event)) list.push_back(core::to_json(t, offset));
        return Response::json(200, {{"topics", std::move(list)}});
    });

    // Split and merge: change a topic's questions (a question leaves its old topic first) or its title.
    router.add("PATCH", "/api/v1/topics/{id}", [ctx, offset](const Request& req) mutable {
        auto user = ctx.gate.require(req, Permission::OrganizeQuestions);
        if (!user) return error_response(user.error());
        auto id = web::id_param<core::TopicId>(req, "id", "topic");
        if (!id) return error_response(id.error());
        auto body = web::parse_json_object(req.body);
        if (!body) return error_response(body.error());
        if (auto s = web::reject_unknown_fields(*body, {"title", "question_ids"}); !s) return error_response(s.error());
        auto title = web::read_string(*body, "title", false);
        if (!title) return error_response(title.error());
        auto ids = web::read_id_list(*body, "question_ids", false);
        if (!ids) return error_response(ids.error());
        core::TopicPatch patch{*title, std::nullopt};
        if (*ids) patch.question_ids = question_ids(**ids);
        auto topic = ctx.topics.update(core::Actor::of(*user), *id, patch);
        if (!topic) return error_response(topic.error());
        return Response::json(200, core::to_json(*topic, offset));
    });

    // Merge: {"from": TOPIC_ID} moves that topic's questions here and removes it.
    router.add("POST", "/api/v1/topics/{id}/merge", [ctx, offset](const Request& req) mutable {
        auto user = ctx.gate.require(req, Permission::OrganizeQuestions);
        if (!user) return error_response(user.error());
        auto id = web::id_param<core::TopicId>(req, "id", "topic");
        if (!id) return error_response(id.error());
        auto body = web::parse_json_object(req.body);
        if (!body) return error_response(body.error());
        if (auto s = web::reject_unknown_fields(*body, {"from"}); !s) return error_response(s.error());
        auto from = web::read_integer(*body, "from", true);
        if (!from) return error_response(from.error());
        auto merged = ctx.topics.merge(core::Actor::of(*user), *id, core::TopicId{**from});
        if (!merged) return error_response(merged.error());
        return Response::json(200, core::to_json(*merged, offset));
    });

    router.add("DELETE", "/api/v1/topics/{id}", [ctx](const Request& req) mutable {
        auto user = ctx.gate.require(req, Permission::OrganizeQuestions);
        if (!user) return error_response(user.error());
        auto id = web::id_param<core::TopicId>(req, "id", "topic");
        if (!id) return error_response(id.error());
        auto removed = ctx.topics.remove(core::Actor::of(*user), *id);
        if (!removed) return error_response(removed.error());
        return Response::no_content();
    });
}

}  // namespace openhall::admin
