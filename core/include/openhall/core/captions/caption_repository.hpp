// The caption_lines table (migration 013): one event's lines in the order of their time.
#pragma once

#include <optional>
#include <vector>

#include "openhall/core/captions/caption_line.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

class CaptionRepository {
public:
    explicit CaptionRepository(Database& db) : db_(db) {}

    // Stores the line (its id is ignored) and returns it with its id.
    CaptionLine insert(const CaptionLine& line);
    // The line's text and revision, as given, written `by` a user at `at`. The text it had is kept in
    // caption_line_revisions (a trigger, migration 014).
    void update_text(CaptionLineId id, const std::string& text, int revision, const std::string& by, WallMillis at);
    // Removes one line (its earlier texts go with it; the caller audits them).
    void remove(CaptionLineId id);
    // The texts the line had before its current one, oldest first.
    std::vector<CaptionRevision> revisions(CaptionLineId id);
    std::optional<CaptionLine> find(CaptionLineId id);
    // The event's newest line (the highest id), nullopt when it has none.
    std::optional<CaptionLine> newest(EventId event);
    // The event's newest line typed by a person.
    std::optional<CaptionLine> newest_by_person(EventId event);
    // Removes the engine's lines on screen within `margin_ms` of `at_ms` (a person's line there wins); how many.
    int remove_engine_lines_near(EventId event, std::int64_t at_ms, std::int64_t margin_ms);
    // Whether a person's line of the event starts within [from_ms, to_ms] (a person's line wins over the engine's).
    bool has_person_line_between(EventId event, std::int64_t from_ms, std::int64_t to_ms);
    // Removes every line of the event (an import replaces the transcript).
    void remove_all(EventId event);
    // Every line of the event by start time, then by id.
    std::vector<CaptionLine> list(EventId event);

private:
    Database& db_;
};

}  // namespace openhall::core
