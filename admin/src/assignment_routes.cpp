#include "openhall/admin/workflow_routes.hpp"

#include <fmt/format.h>

#include "openhall/web/error_response.hpp"
#include "openhall/web/json_body.hpp"
#include "openhall/web/staff_call.hpp"

namespace openhall::admin {
namespace {

using core::ErrorCode;
using core::Permission;
using web::error_response;
using web::Request;
using web::Response;

core::Result<core::Department> department_from(const nlohmann::json& body) {
    auto name = web::read_string(body, "name", true);
    if (!name) return name.error();
    auto contact = web::read_string(body, "contact", false);
    if (!contact) return contact.error();
    auto supervisor = web::read_string(body, "supervisor_contact", false);
    if (!supervisor) return supervisor.error();
    return core::Department{{}, **name, contact->value_or(""), supervisor->value_or("")};
}

core::Result<core::AssignmentInput> assignment_from(const nlohmann::json& body) {
    auto topic = web::read_integer(body, "topic_id", false);
    if (!topic) return topic.error();
    auto question = web::read_integer(body, "question_id", false);
    if (!question) return question.error();
    auto department = web::read_string(body, "department", true);
    if (!department) return department.error();
    auto due = web::read_time(body, "due_at", true);
    if (!due) return due.error();
    core::AssignmentInput input{std::nullopt, std::nullopt, **department, **due};
    if (*topic) input.topic_id = core::TopicId{**topic};
    if (*question) input.question_id = core::QuestionId{**question};
    return input;
}

}  // namespace

void add_assignment_routes(web::Router& router, WorkflowContext ctx) {
    auto offset = ctx.zone.offset_function();

    router.add("POST", "/api/v1/departments", [ctx](const Request& req) mutable {
        auto call = web::staff_body(ctx.gate, req, Permission::ManageDepartments, {"name", "contact", "supervisor_contact"});
        if (!call) return error_response(call.error());
        auto input = department_from(call->body);
        if (!input) return error_response(input.error());
        auto created = ctx.assignments.create_department(core::Actor::of(call->user), *input);
        if (!created) return error_response(created.error());
        return Response::json(201, core::to_json(*created));
    });

    router.add("GET", "/api/v1/departments", [ctx](const Request& req) mutable {
        auto user = ctx.gate.require_session(req);
        if (!user) return error_response(user.error());
        auto list = nlohmann::json::array();
        for (const auto& d : ctx.assignments.departments()) list.push_back(core::to_json(d));
        return Response::json(200, {{"departments", std::move(list)}});
    });

    // Makes a staff user a responder of a department ({"department": null} takes them out).
    router.add("PUT", "/api/v1/users/{name}/department", [ctx](const Request& req) mutable {
        auto call = web::staff_body(ctx.gate, req, Permission::ManageDepartments, {"department"});
        if (!call) return error_response(call.error());
        std::optional<std::string> department;
        if (call->body.contains("department") && !call->body.at("department").is_null()) {
            auto name = web::read_string(call->body, "department", true);
            if (!name) return error_response(name.error());
            department = **name;
        }
        auto changed = ctx.assignments.set_user_department(core::Actor::of(call->user), req.params.at("name"), department);
        if (!changed) return error_response(changed.error());
        return Response::json(200, {{"name", changed->name},
                                    {"role", core::wire_name(changed->role)},
                                    {"department_id", changed->department ? nlohmann::json(changed->department->value)
                                                                          : nlohmann::json()}});
    });

    router.add("POST", "/api/v1/assignments", [ctx, offset](const Request& req) mutable {
        auto call = web::staff_body(ctx.gate, req, Permission::OrganizeQuestions,
                                    {"topic_id", "question_id", "department", "due_at"});
        if (!call) return error_response(call.error());
        auto input = assignment_from(call->body);
        if (!input) return error_response(input.error());
        auto created = ctx.assignments.assign(core::Actor::of(call->user), *input);
        if (!created) return error_response(created.error());
        return Response::json(201, core::to_json(*created, offset));
    });

    router.add("GET", "/api/v1/assignments", [ctx, offset](const Request& req) mutable {
        auto user = ctx.gate.require(req, Permission::ViewAssignments);
        if (!user) return error_response(user.error());
        bool overdue = false;
        if (auto it = req.query.find("overdue"); it != req.query.end()) {
            if (it->second != "true" && it->second != "false")
                return error_response(ErrorCode::InvalidInput, "overdue must be true or false");
            overdue = it->second == "true";
        }
        // The levels are never older than this request: the timer's walk is idempotent and cheap.
        ctx.assignments.escalate();
        auto list = nlohmann::json::array();
        for (const auto& a : ctx.assignments.list(*user, overdue)) list.push_back(core::to_json(a, offset));
        return Response::json(200, {{"assignments", std::move(list)}});
    });

    router.add("POST", "/api/v1/assignments/{id}/response", [ctx, offset](const Request& req) mutable {
        auto call = web::staff_call<core::AssignmentId>(ctx.gate, req, Permission::RespondToAssignments, "assignment",
                                                        {"response"});
        if (!call) return error_response(call.error());
        auto response = web::read_string(call->body, "response", true);
        if (!response) return error_response(response.error());
        auto answered = ctx.assignments.respond(call->user, call->id, **response);
        if (!answered) return error_response(answered.error());
        return Response::json(200, core::to_json(*answered, offset));
    });

    router.add("GET", "/api/v1/outbox", [ctx, offset](const Request& req) mutable {
        auto user = ctx.gate.require(req, Permission::ViewOutbox);
        if (!user) return error_response(user.error());
        auto list = nlohmann::json::array();
        for (const auto& m : ctx.assignments.outbox(200)) list.push_back(core::to_json(m, offset));
        return Response::json(200, {{"messages", std::move(list)}});
    });
}

}  // namespace openhall::admin
