#include "openhall/core/events/chapters.hpp"

#include <cmath>

#include <fmt/format.h>

namespace openhall::core {

void AgendaMarkRepository::insert(EventId event, AgendaItemId item, WallMillis at, std::string_view marked_by) {
    auto st = db_.prepare("INSERT INTO agenda_marks(event_id, agenda_item_id, at_ms, marked_by) VALUES (?, ?, ?, ?)");
    st.bind(1, event.value);
    st.bind(2, item.value);
    st.bind(3, static_cast<std::int64_t>(at.time_since_epoch().count()));
    st.bind(4, std::string(marked_by));
    st.exec();
}

std::vector<Chapter> AgendaMarkRepository::chapters(EventId event, const std::vector<MediaSegment>& segments) {
    auto st = db_.prepare(
        "SELECT m.agenda_item_id, a.title, m.at_ms FROM agenda_marks m JOIN agenda_items a ON a.id = m.agenda_item_id"
        " WHERE m.event_id = ? ORDER BY m.at_ms, m.id");
    st.bind(1, event.value);
    std::vector<Chapter> out;
    while (st.executeStep()) {
        const WallMillis at{std::chrono::milliseconds{st.getColumn(2).getInt64()}};
        out.push_back(Chapter{AgendaItemId{st.getColumn(0).getInt64()}, st.getColumn(1).getString(), at,
                              media_offset_at(segments, at)});
    }
    return out;
}

namespace {

std::string vtt_time(double seconds) {
    const auto total_ms = static_cast<long long>(std::llround(std::max(0.0, seconds) * 1000));
    return fmt::format("{:02}:{:02}:{:02}.{:03}", total_ms / 3600000, total_ms / 60000 % 60, total_ms / 1000 % 60,
                       total_ms % 1000);
}

// Cue text cannot hold "-->" or blank lines; titles are one line of plain text.
std::string cue_text(std::string title) {
    for (auto& c : title)
        if (c == '\n' || c == '\r') c = ' ';
    for (std::size_t at; (at = title.find("-->")) != std::string::npos;) title.replace(at, 3, "→");
    return title;
}

}  // namespace

std::string chapters_webvtt(const std::vector<Chapter>& chapters, double recording_end_s) {
    std::string out = "WEBVTT\n";
    std::vector<const Chapter*> placed;
    for (const auto& c : chapters)
        if (c.offset_s) placed.push_back(&c);
    for (std::size_t i = 0; i < placed.size(); ++i) {
        const double start = *placed[i]->offset_s;
        const double end = i + 1 < placed.size() ? *placed[i + 1]->offset_s : recording_end_s;
        if (end <= start) continue;
        out += fmt::format("\n{}\n{} --> {}\n{}\n", i + 1, vtt_time(start), vtt_time(end), cue_text(placed[i]->title));
    }
    return out;
}

}  // namespace openhall::core
