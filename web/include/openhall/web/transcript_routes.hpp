// An event's transcript for everyone (issue 17; docs/captions.md): every caption line with its time, as JSON for
// pages and as subtitle files for players and editing tools. Public events only; staff see drafts too.
#pragma once

#include "openhall/core/captions/caption_service.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/web/router.hpp"
#include "openhall/web/staff_gate.hpp"

namespace openhall::web {

struct TranscriptContext {
    core::EventService& events;
    core::CaptionService& captions;
    StaffGate& gate;
};

// GET /api/v1/events/{id}/transcript → {"lines":[LINE…]} by time (with a staff session, each with "author" and
// "revised_by"); …/transcript.vtt (text/vtt) and …/transcript.srt
// (application/x-subrip, as a download). 404 for no such event and for a draft without a staff session. Runs on
// the HTTP loop.
void add_transcript_routes(Router& router, TranscriptContext context);

}  // namespace openhall::web
