#include "openhall/admin/invitation_routes.hpp"

#include <fmt/format.h>

#include "openhall/core/events/event_json.hpp"
#include "openhall/web/error_response.hpp"
#include "openhall/web/event_view.hpp"
#include "openhall/web/json_body.hpp"
#include "openhall/web/staff_call.hpp"

namespace openhall::admin {
namespace {

using core::ErrorCode;
using core::Permission;
using web::error_response;
using web::event_id_param;
using web::read_body;
using web::read_id_list;
using web::read_integer;
using web::read_string;
using web::Request;
using web::Response;
using web::staff_body;
using web::staff_call;

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        auto part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!part.empty()) out.push_back(part);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

nlohmann::json candidate_json(const core::Candidate& c) {
    auto j = core::to_json(c.invitee, &c.record);
    j["reason"] = c.reason;
    return j;
}

core::Result<core::Invitee> invitee_from(const nlohmann::json& body) {
    auto name = read_string(body, "name", true);
    if (!name) return name.error();
    auto category = read_string(body, "category", true);
    if (!category) return category.error();
    auto affiliation = read_string(body, "affiliation", false);
    if (!affiliation) return affiliation.error();
    auto contact = read_string(body, "contact", false);
    if (!contact) return contact.error();
    auto notes = read_string(body, "notes", false);
    if (!notes) return notes.error();
    return core::Invitee{{}, **name, **category, affiliation->value_or(""), contact->value_or(""), notes->value_or("")};
}

}  // namespace

void add_invitation_routes(web::Router& router, InvitationContext ctx) {
    auto offset = ctx.zone.offset_function();

    router.add("POST", "/api/v1/invitees", [ctx](const Request& req) mutable {
        auto call = staff_body(ctx.gate, req, Permission::ManageInvitations, {"name", "category", "affiliation", "contact", "notes"});
        if (!call) return error_response(call.error());
        auto input = invitee_from(call->body);
        if (!input) return error_response(input.error());
        auto created = ctx.invitations.add_invitee(core::Actor::of(call->user), *input);
        if (!created) return error_response(created.error());
        return Response::json(201, core::to_json(*created));
    });

    router.add("GET", "/api/v1/invitees", [ctx](const Request& req) mutable {
        auto call = staff_body(ctx.gate, req, Permission::ManageInvitations, {});
        if (!call) return error_response(call.error());
        auto list = nlohmann::json::array();
        for (const auto& [invitee, record] : ctx.invitations.search(req.query_value("q").value_or(""), req.query_value("category"), 500))
            list.push_back(core::to_json(invitee, &record));
        return Response::json(200, {{"invitees", std::move(list)}, {"categories", ctx.invitations.categories()}});
    });

    router.add("GET", "/api/v1/invitees.csv", [ctx](const Request& req) mutable {
        auto call = staff_body(ctx.gate, req, Permission::ManageInvitations, {});
        if (!call) return error_response(call.error());
        return Response::text(200, "text/csv; charset=utf-8", ctx.invitations.export_csv())
            .with_header("Content-Disposition", "attachment; filename=\"invitees.csv\"");
    });

    // The body is the CSV text itself (name,category,affiliation,contact,notes); all rows or none.
    router.add("POST", "/api/v1/invitees/import", [ctx](const Request& req) mutable {
        auto call = staff_body(ctx.gate, req, Permission::ManageInvitations, {});
        if (!call) return error_response(call.error());
        auto result = ctx.invitations.import_csv(core::Actor::of(call->user), req.body);
        if (!result.errors.empty())
            return Response::json(400, {{"error", {{"code", "invalid_input"},
                                                   {"message", fmt::format("{} problem(s); nothing was imported", result.errors.size())},
                                                   {"problems", result.errors}}}});
        return Response::json(200, {{"imported", result.imported}});
    });

    router.add("GET", "/api/v1/invitees/{id}", [ctx, offset](const Request& req) mutable {
        auto call = staff_call<core::InviteeId>(ctx.gate, req, Permission::ManageInvitations, "invitee");
        if (!call) return error_response(call.error());
        auto invitee = ctx.invitations.invitee(call->id);
        if (!invitee) return error_response(ErrorCode::NotFound, fmt::format("invitee {} does not exist", call->id.value));
        const auto record = ctx.invitations.record_of(call->id);
        auto view = core::to_json(*invitee, &record);
        auto history = nlohmann::json::array();
        for (const auto& v : ctx.invitations.history(call->id)) history.push_back(core::to_json(v, offset, req.base_url()));
        view["invitations"] = std::move(history);
        return Response::json(200, view);
    });

    router.add("PATCH", "/api/v1/invitees/{id}", [ctx](const Request& req) mutable {
        auto call = staff_call<core::InviteeId>(ctx.gate, req, Permission::ManageInvitations, "invitee",
                                                {"name", "category", "affiliation", "contact", "notes"});
        if (!call) return error_response(call.error());
        core::InviteePatch patch;
        for (auto [field, target] : {std::pair{"name", &patch.name}, {"category", &patch.category},
                                     {"affiliation", &patch.affiliation}, {"contact", &patch.contact}, {"notes", &patch.notes}}) {
            auto value = read_string(call->body, field, false);
            if (!value) return error_response(value.error());
            *target = *value;
        }
        auto changed = ctx.invitations.update_invitee(core::Actor::of(call->user), call->id, patch);
        if (!changed) return error_response(changed.error());
        return Response::json(200, core::to_json(*changed));
    });

    router.add("PUT", "/api/v1/invitee-categories", [ctx](const Request& req) mutable {
        auto call = staff_body(ctx.gate, req, Permission::ManageDepartments, {"categories"});
        if (!call) return error_response(call.error());
        if (!call->body.contains("categories") || !call->body["categories"].is_array())
            return error_response(ErrorCode::InvalidInput, "categories must be a list of names");
        std::vector<std::string> list;
        for (const auto& c : call->body["categories"]) {
            if (!c.is_string()) return error_response(ErrorCode::InvalidInput, "categories must be a list of names");
            list.push_back(c.get<std::string>());
        }
        auto saved = ctx.invitations.set_categories(core::Actor::of(call->user), list);
        if (!saved) return error_response(saved.error());
        return Response::json(200, {{"categories", *saved}});
    });

    router.add("POST", "/api/v1/events/{id}/invitations", [ctx, offset](const Request& req) mutable {
        auto call = staff_call<core::EventId>(ctx.gate, req, Permission::ManageInvitations, "event",
                                              {"invitee_id", "agenda_item_id"});
        if (!call) return error_response(call.error());
        auto invitee = read_integer(call->body, "invitee_id", true);
        if (!invitee) return error_response(invitee.error());
        auto item = read_integer(call->body, "agenda_item_id", false);
        if (!item) return error_response(item.error());
        auto created = ctx.invitations.invite(core::Actor::of(call->user), call->id, core::InviteeId{**invitee},
                                              *item ? std::optional(core::AgendaItemId{**item}) : std::nullopt);
        if (!created) return error_response(created.error());
        return Response::json(201, core::to_json(*created, offset, req.base_url()));
    });

    // Every invitation of the event; a declined seat carries the next suggestion for it.
    router.add("GET", "/api/v1/events/{id}/invitations", [ctx, offset](const Request& req) mutable {
        auto call = staff_call<core::EventId>(ctx.gate, req, Permission::ManageInvitations, "event");
        if (!call) return error_response(call.error());
        auto list = nlohmann::json::array();
        for (const auto& v : ctx.invitations.of_event(call->id)) {
            auto j = core::to_json(v, offset, req.base_url());
            if (auto next = ctx.invitations.replacement_for(v)) j["replacement"] = candidate_json(*next);
            list.push_back(std::move(j));
        }
        return Response::json(200, {{"invitations", std::move(list)}});
    });

    router.add("POST", "/api/v1/invitations/{id}/withdraw", [ctx, offset](const Request& req) mutable {
        auto call = staff_call<core::InvitationId>(ctx.gate, req, Permission::ManageInvitations, "invitation");
        if (!call) return error_response(call.error());
        auto changed = ctx.invitations.withdraw(core::Actor::of(call->user), call->id);
        if (!changed) return error_response(changed.error());
        return Response::json(200, core::to_json(*changed, offset, req.base_url()));
    });

    router.add("POST", "/api/v1/invitations/{id}/attendance", [ctx, offset](const Request& req) mutable {
        auto call = staff_call<core::InvitationId>(ctx.gate, req, Permission::ManageInvitations, "invitation", {"attendance"});
        if (!call) return error_response(call.error());
        auto name = read_string(call->body, "attendance", true);
        if (!name) return error_response(name.error());
        auto attendance = core::parse_attendance(**name);
        if (!attendance) return error_response(ErrorCode::InvalidInput, "attendance must be attended or no_show");
        auto changed = ctx.invitations.record_attendance(core::Actor::of(call->user), call->id, *attendance);
        if (!changed) return error_response(changed.error());
        return Response::json(200, core::to_json(*changed, offset, req.base_url()));
    });

    // Who to invite next: ?categories=人大代表,企业代表&limit=5.
    router.add("GET", "/api/v1/events/{id}/invitation-suggestions", [ctx](const Request& req) mutable {
        auto call = staff_call<core::EventId>(ctx.gate, req, Permission::ManageInvitations, "event");
        if (!call) return error_response(call.error());
        std::size_t limit = 10;
        if (auto text = req.query_value("limit")) limit = std::clamp<std::size_t>(std::strtoul(text->c_str(), nullptr, 10), 1, 100);
        auto list = nlohmann::json::array();
        for (const auto& c : ctx.invitations.suggestions(call->id, split_list(req.query_value("categories").value_or("")), limit))
            list.push_back(candidate_json(c));
        return Response::json(200, {{"candidates", std::move(list)}});
    });

    // 議題提報單: a reporting unit's staff submit; schedulers accept it into the agenda or reject it.
    router.add("POST", "/api/v1/events/{id}/agenda-submissions", [ctx, offset](const Request& req) mutable {
        auto user = ctx.gate.require_session(req);
        if (!user) return error_response(user.error());
        auto event = event_id_param(req);
        if (!event) return error_response(event.error());
        auto body = read_body(req, {"title", "reporting_unit", "summary", "suggested_categories", "suggested_invitee_ids"});
        if (!body) return error_response(body.error());
        auto title = read_string(*body, "title", true);
        if (!title) return error_response(title.error());
        auto unit = read_string(*body, "reporting_unit", true);
        if (!unit) return error_response(unit.error());
        auto summary = read_string(*body, "summary", false);
        if (!summary) return error_response(summary.error());
        auto ids = read_id_list(*body, "suggested_invitee_ids", false);
        if (!ids) return error_response(ids.error());
        core::AgendaSubmission input;
        input.event_id = *event;
        input.title = **title;
        input.reporting_unit = **unit;
        input.summary = summary->value_or("");
        if (body->contains("suggested_categories")) {
            if (!(*body)["suggested_categories"].is_array())
                return error_response(ErrorCode::InvalidInput, "suggested_categories must be a list of categories");
            for (const auto& c : (*body)["suggested_categories"])
                if (c.is_string()) input.suggested_categories.push_back(c.get<std::string>());
        }
        if (*ids)
            for (auto id : **ids) input.suggested_invitees.push_back(core::InviteeId{id});
        auto created = ctx.invitations.submit(core::Actor::of(*user), input);
        if (!created) return error_response(created.error());
        return Response::json(201, core::to_json(*created, offset));
    });

    router.add("GET", "/api/v1/events/{id}/agenda-submissions", [ctx, offset](const Request& req) mutable {
        auto call = staff_call<core::EventId>(ctx.gate, req, Permission::ManageInvitations, "event");
        if (!call) return error_response(call.error());
        auto list = nlohmann::json::array();
        for (const auto& s : ctx.invitations.submissions(call->id)) list.push_back(core::to_json(s, offset));
        return Response::json(200, {{"submissions", std::move(list)}});
    });

    router.add("POST", "/api/v1/agenda-submissions/{id}/decision", [ctx, offset](const Request& req) mutable {
        auto call = staff_call<core::SubmissionId>(ctx.gate, req, Permission::ManageInvitations, "agenda submission", {"accept"});
        if (!call) return error_response(call.error());
        auto accept = web::read_boolean(call->body, "accept", true);
        if (!accept) return error_response(accept.error());
        auto decided = ctx.invitations.decide(core::Actor::of(call->user), call->id, **accept, ctx.events);
        if (!decided) return error_response(decided.error());
        return Response::json(200, core::to_json(*decided, offset));
    });
}

}  // namespace openhall::admin
