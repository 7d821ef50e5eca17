// Live captions, the staff side (issue 17; docs/captions.md): a captioner sends lines and corrects the newest,
// from the caption console (/staff/events/{id}/captions) or captioning software over the same HTTP API.
#pragma once

#include <functional>

#include "openhall/core/captions/caption_service.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/web/display_zone.hpp"
#include "openhall/web/router.hpp"
#include "openhall/web/staff_gate.hpp"
#include "openhall/web/static_files.hpp"

namespace openhall::admin {

struct CaptionContext {
    core::CaptionService& captions;
    web::StaffGate& gate;
    const web::StaticFiles& files;
    const web::DisplayZone& zone;  // the times of a line's earlier texts
    // Called on the HTTP loop once a line is committed: hands it to the viewers (LiveQuestionHub::publish_caption).
    std::function<void(const core::CaptionLine&)> published;
    // Called on the HTTP loop once a change to an ended event's transcript is committed: the replay's subtitles
    // rendition is written again (StreamManager::rewrite_subtitles): around one line's [start, end] ms when one
    // line changed, all of it (nullopt) after an import.
    std::function<void(core::EventId, std::optional<std::pair<std::int64_t, std::int64_t>>)> transcript_changed;
};

// POST /api/v1/events/{id}/captions {"text"} → 201 the line; PUT /api/v1/events/{id}/captions/newest {"text","id"?}
// → 200 the corrected line (409 conflict when `id` is no longer the newest person's line); GET /staff/events/{id}/captions → the console. Permission SendCaptions (admin,
// moderator, captioner). PUT /api/v1/events/{id}/transcript with an SRT or WebVTT file as the body → 200
// {"lines": N}. After the meeting, an editor corrects single lines: PUT /api/v1/events/{id}/transcript/lines/{line}
// {"text","revision"} → 200 the line (409 when it changed since `revision`); DELETE …/lines/{line}?revision=N → 204;
// GET …/lines/{line}/revisions → 200 {"line", "revisions":[{"revision","text","written_by","written_at"}…]};
// GET /staff/events/{id}/transcript → the transcript editor. These with permission EditTranscripts (admin, editor,
// captioner). Runs on the HTTP loop.
void add_caption_routes(web::Router& router, CaptionContext context);

}  // namespace openhall::admin
