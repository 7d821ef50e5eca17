// Live questions over HTTP, the public side: an event's list (what the public sees, or with ?status= the
// moderation view for a moderator's or editor's session) and the asker's ticket with its answer once published.
// The staff routes (room questions, moderation, suggested groups) are admin/question_routes.hpp.
#pragma once

#include "openhall/core/after_meeting/interpretation_service.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/core/live_questions/question_service.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/router.hpp"
#include "openhall/web/staff_gate.hpp"

namespace openhall::web {

struct QuestionContext {
    core::EventService& events;
    core::QuestionService& reads;  // on the HTTP thread's connection; reads only
    StaffGate& gate;
    const DisplayZone& zone;
    core::InterpretationService& interpretations;  // a ticket's answer, once published
};

// Registers the routes on `router`; call once at start-up, on the main loop. The handlers run on the main loop.
void add_question_routes(Router& router, QuestionContext context);

}  // namespace openhall::web
