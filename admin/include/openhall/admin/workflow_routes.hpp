// The staff API after the meeting: topics, departments, assignments and their escalation, the outbox, and the
// interpretation workflow (drafts, versions, review, status, comment moderation).
#pragma once

#include "openhall/core/after_meeting/assignment_service.hpp"
#include "openhall/core/after_meeting/interpretation_service.hpp"
#include "openhall/core/after_meeting/topic_service.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/router.hpp"
#include "openhall/web/staff_gate.hpp"

namespace openhall::admin {

struct WorkflowContext {
    core::EventService& events;
    core::TopicService& topics;
    core::AssignmentService& assignments;
    core::InterpretationService& interpretations;
    web::StaffGate& gate;
    const web::DisplayZone& zone;
    const core::Clock& clock;
};

void add_topic_routes(web::Router& router, WorkflowContext context);
void add_assignment_routes(web::Router& router, WorkflowContext context);
void add_interpretation_routes(web::Router& router, WorkflowContext context);

}  // namespace openhall::admin
