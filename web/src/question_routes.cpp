#include "openhall/web/question_routes.hpp"

#include <fmt/format.h>

#include "openhall/core/events/event_lifecycle.hpp"
#include "openhall/web/error_response.hpp"
#include "openhall/web/event_view.hpp"
#include "openhall/web/interpretation_view.hpp"
#include "openhall/web/json_body.hpp"

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
