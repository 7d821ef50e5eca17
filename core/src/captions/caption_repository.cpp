#include "openhall/core/captions/caption_repository.hpp"

namespace openhall::core {
namespace {

// The columns line_from() reads, in its order (a macro so that each query stays one literal, the statement cache's key).
#define SELECT_CAPTION_LINES "SELECT id, event_id, start_ms, text, source, author, revision, sent_at_ms, end_ms, revised_by FROM caption_lines"

CaptionLine line_from(PreparedStatement& st) {
    CaptionLine line;
    line.id = CaptionLineId{st.getColumn(0).getInt64()};
    line.event_id = EventId{st.getColumn(1).getInt64()};
    line.start_ms = st.getColumn(2).getInt64();
    line.text = st.getColumn(3).getString();
    line.source = parse_caption_source(st.getColumn(4).getString()).value_or(CaptionSource::Person);
    line.author = st.getColumn(5).getString();
    line.revision = st.getColumn(6).getInt();
    line.sent_at = WallMillis{std::chrono::milliseconds{st.getColumn(7).getInt64()}};
    if (!st.getColumn(8).isNull()) line.end_ms = st.getColumn(8).getInt64();
    if (!st.getColumn(9).isNull()) line.revised_by = st.getColumn(9).getString();
    return line;
}

// The first line a query keyed by one id finds (find, newest, newest by a person).
std::optional<CaptionLine> one_line(Database& db, const char* sql, std::int64_t key) {
    auto st = db.prepare(sql);
    st.bind(1, key);
    if (!st.executeStep()) return std::nullopt;
    return line_from(st);
}

}  // namespace

CaptionLine CaptionRepository::insert(const CaptionLine& line) {
    auto st = db_.prepare(
        "INSERT INTO caption_lines(event_id, start_ms, text, source, author, revision, sent_at_ms, end_ms)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, line.event_id.value);
    st.bind(2, line.start_ms);
    st.bind(3, line.text);
    st.bind(4, std::string(wire_name(line.source)));
    st.bind(5, line.author);
    st.bind(6, line.revision);
    st.bind(7, static_cast<std::int64_t>(line.sent_at.time_since_epoch().count()));
    if (line.end_ms) st.bind(8, *line.end_ms);
    else st.bind(8);
    st.exec();
    CaptionLine stored = line;
    stored.id = CaptionLineId{db_.handle().getLastInsertRowid()};
    return stored;
}

void CaptionRepository::update_text(CaptionLineId id, const std::string& text, int revision, const std::string& by,
                                    WallMillis at) {
    auto st = db_.prepare("UPDATE caption_lines SET text = ?, revision = ?, revised_by = ?, revised_at_ms = ? WHERE id = ?");
    st.bind(1, text);
    st.bind(2, revision);
    st.bind(3, by);
    st.bind(4, static_cast<std::int64_t>(at.time_since_epoch().count()));
    st.bind(5, id.value);
    st.exec();
}

void CaptionRepository::remove(CaptionLineId id) {
    auto st = db_.prepare("DELETE FROM caption_lines WHERE id = ?");
    st.bind(1, id.value);
    st.exec();
}

std::vector<CaptionRevision> CaptionRepository::revisions(CaptionLineId id) {
    auto st = db_.prepare(
        "SELECT revision, text, written_by, written_at_ms FROM caption_line_revisions WHERE line_id = ? ORDER BY revision");
    st.bind(1, id.value);
    std::vector<CaptionRevision> out;
    while (st.executeStep())
        out.push_back({st.getColumn(0).getInt(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                       WallMillis{std::chrono::milliseconds{st.getColumn(3).getInt64()}}});
    return out;
}

std::optional<CaptionLine> CaptionRepository::find(CaptionLineId id) {
    return one_line(db_, SELECT_CAPTION_LINES " WHERE id = ?", id.value);
}

std::optional<CaptionLine> CaptionRepository::newest(EventId event) {
    return one_line(db_, SELECT_CAPTION_LINES " WHERE event_id = ? ORDER BY id DESC LIMIT 1", event.value);
}

bool CaptionRepository::has_person_line_between(EventId event, std::int64_t from_ms, std::int64_t to_ms) {
    auto st = db_.prepare(
        "SELECT 1 FROM caption_lines WHERE event_id = ? AND source = 'person' AND start_ms BETWEEN ? AND ? LIMIT 1");
    st.bind(1, event.value);
    st.bind(2, from_ms);
    st.bind(3, to_ms);
    return st.executeStep();
}

void CaptionRepository::remove_all(EventId event) {
    auto st = db_.prepare("DELETE FROM caption_lines WHERE event_id = ?");
    st.bind(1, event.value);
    st.exec();
}

std::optional<CaptionLine> CaptionRepository::newest_by_person(EventId event) {
    return one_line(db_, SELECT_CAPTION_LINES " WHERE event_id = ? AND source = 'person' ORDER BY id DESC LIMIT 1", event.value);
}

int CaptionRepository::remove_engine_lines_near(EventId event, std::int64_t at_ms, std::int64_t margin_ms) {
    auto st = db_.prepare(
        "DELETE FROM caption_lines WHERE event_id = ? AND source = 'engine' AND start_ms <= ? AND"
        " COALESCE(end_ms, start_ms) >= ?");
    st.bind(1, event.value);
    st.bind(2, at_ms + margin_ms);
    st.bind(3, at_ms - margin_ms);
    return st.exec();
}

std::vector<CaptionLine> CaptionRepository::list(EventId event) {
    auto st = db_.prepare(
        SELECT_CAPTION_LINES " WHERE event_id = ? ORDER BY start_ms, id");
    st.bind(1, event.value);
    std::vector<CaptionLine> out;
    while (st.executeStep()) out.push_back(line_from(st));
    return out;
}

}  // namespace openhall::core
