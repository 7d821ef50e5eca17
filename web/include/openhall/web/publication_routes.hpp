// What the public reads after the meeting: interpretations (list, page, comments during pre-publication), the
// Atom feed, full-text search (with what was said), and answer statistics. Staff with the right role see drafts as well.
// GET /api/v1/interpretations/{id} gives each linked moment "said": the transcript's lines there
// ([{"start_s","text"}…]; core/captions/transcript_excerpt.hpp).
#pragma once

#include "openhall/core/after_meeting/interpretation_service.hpp"
#include "openhall/core/captions/caption_service.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/core/live_questions/question_service.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/router.hpp"
#include "openhall/web/staff_gate.hpp"

namespace openhall::web {

struct PublicationContext {
    core::EventService& events;
    core::InterpretationService& interpretations;
    core::QuestionService& questions;  // reads only
    core::SearchIndex& search;
    core::CaptionService& captions;  // reads only: transcript lines found by search and said at moments
    StaffGate& gate;
    const DisplayZone& zone;
    const core::Clock& clock;
};

void add_publication_routes(Router& router, PublicationContext context);

}  // namespace openhall::web
