// Live questions over HTTP: the public list, the asker's ticket, moderation and room questions for staff.
// Every change goes through the batching writer (the one writer of questions) and is then published to the
// WebSocket gateway, so viewers see a REST approval as they see one made in the console.
#pragma once

#include <functional>

#include "openhall/core/events/event_service.hpp"
#include "openhall/core/after_meeting/interpretation_service.hpp"
#include "openhall/core/live_questions/question_service.hpp"
#include "openhall/core/live_questions/question_writer.hpp"
#include "openhall/core/text/script_folder.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/router.hpp"
#include "openhall/web/staff_gate.hpp"

namespace openhall::web {

struct QuestionContext {
    core::EventService& events;
    core::QuestionService& reads;  // on the HTTP thread's connection; reads only
    core::QuestionWriter& writer;
    StaffGate& gate;
    const DisplayZone& zone;
    const core::Clock& clock;
    const core::ScriptFolder& folder;  // for suggested groups of similar questions
    core::InterpretationService& interpretations;  // a ticket's answer, once published
    // Told of every question a route changed, after the commit (the gateway's publish_question).
    std::function<void(const core::Question&)> published;
};

void add_question_routes(Router& router, QuestionContext context);

}  // namespace openhall::web
