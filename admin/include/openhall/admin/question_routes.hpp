// Live questions over HTTP, the staff side: questions entered from the room, moderation (approve, reject, pin,
// answered, merge) and suggested groups of similar questions (docs/grouping.md). Every change goes through the
// batching writer (the one writer of questions) and is then published to the WebSocket gateway, so viewers see a
// REST approval as they see one made in the console. The public side is web/question_routes.hpp.
#pragma once

#include <functional>

#include "openhall/core/events/event_service.hpp"
#include "openhall/core/live_questions/question_service.hpp"
#include "openhall/core/live_questions/question_writer.hpp"
#include "openhall/core/live_questions/grouping_decisions.hpp"
#include "openhall/core/live_questions/question_similarity.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/router.hpp"
#include "openhall/web/staff_gate.hpp"

namespace openhall::admin {

struct QuestionContext {
    core::EventService& events;
    core::QuestionService& reads;  // on the HTTP thread's connection; reads only
    core::QuestionWriter& writer;
    web::StaffGate& gate;
    const web::DisplayZone& zone;
    const core::Clock& clock;
    const core::QuestionAnalyzer& analyzer;           // for suggested groups of similar questions
    core::GroupingDecisionRepository& decisions;      // the editors' earlier decisions; reads only
    // Told of every question a route changed, after the commit (the gateway's publish_question).
    std::function<void(const core::Question&)> published;
};

// Registers the routes on `router`; call once at start-up, on the main loop. The handlers run on the main loop;
// a change waits for the writer's commit (a few ms, group commit).
void add_question_routes(web::Router& router, QuestionContext context);

}  // namespace openhall::admin
