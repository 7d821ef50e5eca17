#include "openhall/redis_bus/bus_records.hpp"

#include <stdexcept>

namespace openhall::redis_bus {
namespace {

using Json = nlohmann::json;

std::int64_t millis(core::WallMillis t) { return t.time_since_epoch().count(); }
core::WallMillis wall(std::int64_t ms) { return core::WallMillis{std::chrono::milliseconds{ms}}; }

Json optional_id(const std::optional<core::QuestionId>& id) { return id ? Json(id->value) : Json(); }
std::optional<core::QuestionId> optional_id_from(const Json& j) {
    if (j.is_null()) return std::nullopt;
    return core::QuestionId{j.get<std::int64_t>()};
}

core::QuestionStatus status_from(const Json& j) {
    auto status = core::parse_question_status(j.get<std::string>());
    if (!status) throw std::invalid_argument("unknown question status");
    return *status;
}

core::QuestionSource source_from(const Json& j) {
    return j.get<std::string>() == "room" ? core::QuestionSource::Room : core::QuestionSource::Online;
}

}  // namespace

Json new_question_record(const core::NewQuestion& q) {
    return {{"event", q.event_id.value},
            {"client_id", q.client_id},
            {"text", q.text},
            {"name", q.name},
            {"source", core::wire_name(q.source)},
            {"status", core::wire_name(q.status)},
            {"flag_reason", q.flag_reason},
            {"asked_at_ms", millis(q.asked_at)},
            {"media_offset_s", q.media_offset_s ? Json(*q.media_offset_s) : Json()},
            {"viewer", q.viewer},
            {"address", q.address},
            {"entered_by", q.entered_by},
            {"id", optional_id(q.id)},
            {"ticket", q.ticket}};
}

core::NewQuestion new_question_from(const Json& r) {
    core::NewQuestion q;
    q.event_id = core::EventId{r.at("event").get<std::int64_t>()};
    q.client_id = r.at("client_id").get<std::string>();
    q.text = r.at("text").get<std::string>();
    q.name = r.at("name").get<std::string>();
    q.source = source_from(r.at("source"));
    q.status = status_from(r.at("status"));
    q.flag_reason = r.at("flag_reason").get<std::string>();
    q.asked_at = wall(r.at("asked_at_ms").get<std::int64_t>());
    if (!r.at("media_offset_s").is_null()) q.media_offset_s = r.at("media_offset_s").get<double>();
    q.viewer = r.at("viewer").get<std::string>();
    q.address = r.at("address").get<std::string>();
    q.entered_by = r.at("entered_by").get<std::string>();
    q.id = optional_id_from(r.at("id"));
    q.ticket = r.at("ticket").get<std::string>();
    return q;
}

Json question_record(const core::Question& q) {
    return {{"id", q.id.value},
            {"event", q.event_id.value},
            {"ticket", q.ticket},
            {"client_id", q.client_id},
            {"text", q.text},
            {"name", q.name},
            {"source", core::wire_name(q.source)},
            {"status", core::wire_name(q.status)},
            {"flagged", q.flagged},
            {"flag_reason", q.flag_reason},
            {"pinned", q.pinned},
            {"votes", q.votes},
            {"merged_into", optional_id(q.merged_into)},
            {"reject_reason", q.reject_reason},
            {"asked_at_ms", millis(q.asked_at)},
            {"media_offset_s", q.media_offset_s ? Json(*q.media_offset_s) : Json()},
            {"entered_by", q.entered_by},
            {"looks_like", optional_id(q.looks_like)}};
}

core::Question question_from(const Json& r) {
    core::Question q;
    q.id = core::QuestionId{r.at("id").get<std::int64_t>()};
    q.event_id = core::EventId{r.at("event").get<std::int64_t>()};
    q.ticket = r.at("ticket").get<std::string>();
    q.client_id = r.at("client_id").get<std::string>();
    q.text = r.at("text").get<std::string>();
    q.name = r.at("name").get<std::string>();
    q.source = source_from(r.at("source"));
    q.status = status_from(r.at("status"));
    q.flagged = r.at("flagged").get<bool>();
    q.flag_reason = r.at("flag_reason").get<std::string>();
    q.pinned = r.at("pinned").get<bool>();
    q.votes = r.at("votes").get<std::int64_t>();
    q.merged_into = optional_id_from(r.at("merged_into"));
    q.reject_reason = r.at("reject_reason").get<std::string>();
    q.asked_at = wall(r.at("asked_at_ms").get<std::int64_t>());
    if (!r.at("media_offset_s").is_null()) q.media_offset_s = r.at("media_offset_s").get<double>();
    q.entered_by = r.at("entered_by").get<std::string>();
    q.looks_like = optional_id_from(r.at("looks_like"));
    return q;
}

Json caption_record(const core::CaptionLine& line) {
    return {{"id", line.id.value},
            {"event", line.event_id.value},
            {"start_ms", line.start_ms},
            {"text", line.text},
            {"source", core::wire_name(line.source)},
            {"author", line.author},
            {"revision", line.revision},
            {"sent_at_ms", millis(line.sent_at)},
            {"end_ms", line.end_ms ? Json(*line.end_ms) : Json()},
            {"revised_by", line.revised_by ? Json(*line.revised_by) : Json()}};
}

core::CaptionLine caption_from(const Json& r) {
    core::CaptionLine line;
    line.id = core::CaptionLineId{r.at("id").get<std::int64_t>()};
    line.event_id = core::EventId{r.at("event").get<std::int64_t>()};
    line.start_ms = r.at("start_ms").get<std::int64_t>();
    line.text = r.at("text").get<std::string>();
    auto source = core::parse_caption_source(r.at("source").get<std::string>());
    if (!source) throw std::invalid_argument("unknown caption source");
    line.source = *source;
    line.author = r.at("author").get<std::string>();
    line.revision = r.at("revision").get<int>();
    line.sent_at = wall(r.at("sent_at_ms").get<std::int64_t>());
    if (r.contains("end_ms") && !r.at("end_ms").is_null()) line.end_ms = r.at("end_ms").get<std::int64_t>();
    if (r.contains("revised_by") && !r.at("revised_by").is_null()) line.revised_by = r.at("revised_by").get<std::string>();
    return line;
}

std::map<std::string, std::string> update_fields(const core::RoomUpdate& u) {
    std::map<std::string, std::string> fields{{"event", std::to_string(u.event.value)}, {"seq", std::to_string(u.seq)}};
    switch (u.kind) {
        case core::RoomUpdate::Kind::Question:
            fields["kind"] = "question";
            fields["body"] = question_record(*u.question).dump();
            break;
        case core::RoomUpdate::Kind::Votes: {
            fields["kind"] = "votes";
            Json votes = Json::object();
            for (const auto& [id, count] : u.votes) votes[std::to_string(id.value)] = count;
            fields["body"] = votes.dump();
            break;
        }
        case core::RoomUpdate::Kind::Status:
            fields["kind"] = "status";
            fields["body"] = Json{{"status", core::wire_name(u.status)},
                                  {"changed_at_s", u.status_changed_at.time_since_epoch().count()}}
                                 .dump();
            break;
        case core::RoomUpdate::Kind::Caption:
            fields["kind"] = "caption";
            fields["body"] = caption_record(*u.caption).dump();
            break;
        case core::RoomUpdate::Kind::CaptionPartial:
            fields["kind"] = "caption_partial";
            fields["body"] = caption_record(*u.caption).dump();
            break;
    }
    return fields;
}

core::RoomUpdate update_from(const std::map<std::string, std::string>& fields) {
    core::RoomUpdate u;
    u.event = core::EventId{std::stoll(fields.at("event"))};
    u.seq = std::stoull(fields.at("seq"));
    const auto& kind = fields.at("kind");
    const auto body = Json::parse(fields.at("body"));
    if (kind == "question") {
        u.kind = core::RoomUpdate::Kind::Question;
        u.question = question_from(body);
    } else if (kind == "votes") {
        u.kind = core::RoomUpdate::Kind::Votes;
        for (const auto& [id, count] : body.items()) u.votes[core::QuestionId{std::stoll(id)}] = count.get<std::int64_t>();
    } else if (kind == "status") {
        u.kind = core::RoomUpdate::Kind::Status;
        auto status = core::parse_event_status(body.at("status").get<std::string>());
        if (!status) throw std::invalid_argument("unknown event status");
        u.status = *status;
        u.status_changed_at = core::Timestamp{std::chrono::seconds{body.at("changed_at_s").get<std::int64_t>()}};
    } else if (kind == "caption") {
        u.kind = core::RoomUpdate::Kind::Caption;
        u.caption = caption_from(body);
    } else if (kind == "caption_partial") {
        u.kind = core::RoomUpdate::Kind::CaptionPartial;
        u.caption = caption_from(body);
    } else {
        throw std::invalid_argument("unknown update kind " + kind);
    }
    return u;
}

}  // namespace openhall::redis_bus
