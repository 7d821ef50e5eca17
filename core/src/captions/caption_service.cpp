#include "openhall/core/captions/caption_service.hpp"

#include <algorithm>
#include <cmath>

#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include "openhall/core/captions/subtitle_import.hpp"
#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

WallMillis now_millis(const Clock& clock) { return std::chrono::time_point_cast<std::chrono::milliseconds>(clock.now()); }

}  // namespace

Result<std::string> CaptionService::checked_text(std::string_view text) const {
    auto trimmed = trim(text);
    if (auto ok = check_text("text", trimmed, 1, kCaptionMaxChars); !ok) return ok.error();
    return trimmed;
}

Status CaptionService::live(EventId event) {
    auto e = events_.find(event);
    if (!e) return make_error(ErrorCode::NotFound, fmt::format("event {} does not exist", event.value));
    if (e->status != EventStatus::Live)
        return make_error(ErrorCode::IllegalTransition,
                          fmt::format("captions are sent while an event is live; event {} is {}", event.value,
                                      wire_name(e->status)));
    return Ok{};
}

Status CaptionService::ended(EventId event, std::string_view what) {
    auto e = events_.find(event);
    if (!e) return make_error(ErrorCode::NotFound, fmt::format("event {} does not exist", event.value));
    if (e->status == EventStatus::Archived || e->status == EventStatus::Cancelled)
        return make_error(ErrorCode::EventLocked, fmt::format("event {} is {} and can no longer change", event.value,
                                                              wire_name(e->status)));
    if (e->status != EventStatus::Ended)
        return make_error(ErrorCode::IllegalTransition,
                          fmt::format("a transcript is {} once the event has ended; event {} is {}", what, event.value,
                                      wire_name(e->status)));
    return Ok{};
}

nlohmann::json CaptionService::with_revisions(const CaptionLine& line, const UtcOffsetAt& offset_at) {
    auto j = to_json(line, true);
    auto earlier = nlohmann::json::array();
    for (const auto& r : lines_.revisions(line.id)) earlier.push_back(to_json(r, offset_at));
    j["revisions"] = std::move(earlier);
    return j;
}

std::optional<CaptionLine> CaptionService::find_in(EventId event, CaptionLineId id) {
    auto line = lines_.find(id);
    if (!line || line->event_id != event) return std::nullopt;
    return line;
}

Result<CaptionLine> CaptionService::line_of(EventId event, CaptionLineId id, int revision) {
    auto line = find_in(event, id);
    if (!line)
        return make_error(ErrorCode::NotFound, fmt::format("event {} has no caption line {}", event.value, id.value));
    if (line->revision != revision)
        return make_error(ErrorCode::Conflict, fmt::format("line {} is at revision {} now, not {}: reload it and edit again",
                                                           id.value, line->revision, revision));
    return *line;
}

Result<CaptionLine> CaptionService::send(const Actor& actor, EventId event, std::string_view text, WallMillis sent_at) {
    auto checked = checked_text(text);
    if (!checked) return checked.error();
    if (auto ok = live(event); !ok) return ok.error();
    SQLite::Transaction tx(db_.handle(), SQLite::TransactionBehavior::IMMEDIATE);
    CaptionLine line;
    line.event_id = event;
    // The recording's position when it was sent: where the replay shows it. Lines keep their order even when
    // the position is unknown (before the first segment) or a restarted recording's clock lags.
    const auto offset = media_.offset_at(event, sent_at);
    line.start_ms = offset ? static_cast<std::int64_t>(std::llround(*offset * 1000.0)) : 0;
    if (auto newest = lines_.newest(event)) line.start_ms = std::max(line.start_ms, newest->start_ms);
    line.text = std::move(*checked);
    line.source = CaptionSource::Person;
    line.author = actor.name;
    line.sent_at = sent_at;
    line = lines_.insert(line);
    lines_.remove_engine_lines_near(event, line.start_ms, kPersonWinsMs);
    audit_.record(clock_.now(), actor, "caption.send", "caption_line", line.id.value, nullptr, to_json(line, true));
    tx.commit();
    return line;
}

Result<CaptionCorrection> CaptionService::correct_newest(const Actor& actor, EventId event, std::string_view text,
                                                        std::optional<CaptionLineId> expected) {
    auto checked = checked_text(text);
    if (!checked) return checked.error();
    if (auto ok = live(event); !ok) return ok.error();
    SQLite::Transaction tx(db_.handle(), SQLite::TransactionBehavior::IMMEDIATE);
    auto newest = lines_.newest_by_person(event);
    if (!newest)
        return make_error(ErrorCode::NotFound, fmt::format("event {} has no caption line to correct", event.value));
    if (expected && *expected != newest->id)
        return make_error(ErrorCode::Conflict, fmt::format("line {} is no longer the newest: line {} came since",
                                                           expected->value, newest->id.value));
    auto corrected = rewrite(actor, *newest, std::move(*checked), "caption.correct");
    tx.commit();
    return corrected;
}

CaptionCorrection CaptionService::rewrite(const Actor& actor, const CaptionLine& line, std::string text,
                                          std::string_view action) {
    if (line.text == text) return {line, false};
    CaptionLine changed = line;
    changed.text = std::move(text);
    ++changed.revision;
    changed.revised_by = actor.name;
    lines_.update_text(changed.id, changed.text, changed.revision, actor.name, now_millis(clock_));
    audit_.record(clock_.now(), actor, action, "caption_line", changed.id.value, to_json(line, true),
                  to_json(changed, true));
    return {std::move(changed), true};
}

Result<std::optional<CaptionLine>> CaptionService::add_engine_line(EventId event, std::int64_t start_ms,
                                                                   std::int64_t end_ms, std::string_view text,
                                                                   std::string_view engine) {
    auto checked = checked_text(text);
    if (!checked) return checked.error();
    auto e = events_.find(event);
    if (!e) return make_error(ErrorCode::NotFound, fmt::format("event {} does not exist", event.value));
    if (e->status != EventStatus::Live && e->status != EventStatus::Ended) return std::optional<CaptionLine>{};
    SQLite::Transaction tx(db_.handle(), SQLite::TransactionBehavior::IMMEDIATE);
    if (lines_.has_person_line_between(event, start_ms - kPersonWinsMs, end_ms + kPersonWinsMs))
        return std::optional<CaptionLine>{};
    CaptionLine line;
    line.event_id = event;
    line.start_ms = start_ms;
    line.end_ms = std::max(end_ms, start_ms + 1);
    line.text = std::move(*checked);
    line.source = CaptionSource::Engine;
    line.author = std::string(engine);
    line.sent_at = now_millis(clock_);
    line = lines_.insert(line);
    audit_.record(clock_.now(), Actor::system(engine), "caption.send", "caption_line", line.id.value, nullptr,
                  to_json(line, true));
    tx.commit();
    return std::optional<CaptionLine>{line};
}

Result<CaptionCorrection> CaptionService::edit_line(const Actor& actor, EventId event, CaptionLineId id,
                                                   std::string_view text, int revision) {
    auto checked = checked_text(text);
    if (!checked) return checked.error();
    if (auto ok = ended(event, "corrected"); !ok) return ok.error();
    SQLite::Transaction tx(db_.handle(), SQLite::TransactionBehavior::IMMEDIATE);
    auto line = line_of(event, id, revision);
    if (!line) return line.error();
    auto edited = rewrite(actor, *line, std::move(*checked), "caption.edit");
    tx.commit();
    return edited;
}

Result<CaptionLine> CaptionService::remove_line(const Actor& actor, EventId event, CaptionLineId id, int revision) {
    if (auto ok = ended(event, "corrected"); !ok) return ok.error();
    SQLite::Transaction tx(db_.handle(), SQLite::TransactionBehavior::IMMEDIATE);
    auto line = line_of(event, id, revision);
    if (!line) return line.error();
    // The line's earlier texts leave with it; the audit entry keeps them.
    auto before = with_revisions(*line);
    lines_.remove(id);
    audit_.record(clock_.now(), actor, "caption.remove", "caption_line", id.value, std::move(before), nullptr);
    tx.commit();
    return *line;
}

bool CaptionService::engine_may_caption(EventId event, std::int64_t start_ms, std::int64_t end_ms) {
    auto e = events_.find(event);
    return e && e->status == EventStatus::Live &&
           !lines_.has_person_line_between(event, start_ms - kPersonWinsMs, end_ms + kPersonWinsMs);
}

Result<std::size_t> CaptionService::import_transcript(const Actor& actor, EventId event, std::string_view bytes) {
    if (auto ok = ended(event, "imported"); !ok) return ok.error();
    auto text = subtitle_text_as_utf8(bytes);
    if (!text) return text.error();
    auto cues = parse_subtitles(*text, kCaptionMaxChars);
    if (!cues) return cues.error();
    SQLite::Transaction tx(db_.handle(), SQLite::TransactionBehavior::IMMEDIATE);
    // Every replaced line with its earlier texts, which leave with it.
    auto replaced = nlohmann::json::array();
    for (const auto& line : lines_.list(event)) replaced.push_back(with_revisions(line));
    lines_.remove_all(event);
    const auto now = now_millis(clock_);
    for (const auto& cue : *cues) {
        CaptionLine line;
        line.event_id = event;
        line.start_ms = cue.start_ms;
        line.end_ms = cue.end_ms;
        line.text = cue.text;
        line.source = CaptionSource::Import;
        line.author = actor.name;
        line.sent_at = now;
        lines_.insert(line);
    }
    audit_.record(clock_.now(), actor, "transcript.import", "event", event.value, {{"lines", std::move(replaced)}},
                  {{"lines", cues->size()}, {"source", "import"}});
    tx.commit();
    return cues->size();
}

}  // namespace openhall::core
