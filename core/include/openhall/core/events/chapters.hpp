// Agenda marks ("now on agenda item N", set by staff during the stream) and the chapters they become.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "openhall/core/events/event.hpp"
#include "openhall/core/events/media_timeline.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

struct Chapter {
    AgendaItemId agenda_item;
    std::string title;
    WallMillis marked_at;
    std::optional<double> offset_s;  // position in the recording; nullopt before the recording began
    bool operator==(const Chapter&) const = default;
};

class AgendaMarkRepository {
public:
    explicit AgendaMarkRepository(Database& db) : db_(db) {}
    void insert(EventId event, AgendaItemId item, WallMillis at, std::string_view marked_by);
    // The marks in time order, with the agenda item's title and the position in the recording.
    std::vector<Chapter> chapters(EventId event, const std::vector<MediaSegment>& segments);

private:
    Database& db_;
};

// WebVTT with one cue per chapter, from its position to the next chapter's (the last to `recording_end_s`).
std::string chapters_webvtt(const std::vector<Chapter>& chapters, double recording_end_s);

}  // namespace openhall::core
