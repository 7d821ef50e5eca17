#include "openhall/core/events/stream_config.hpp"

#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "openhall/core/base/password.hpp"

namespace openhall::core {
namespace {

constexpr std::pair<StreamSourceKind, std::string_view> kKindNames[] = {
    {StreamSourceKind::Srt, "srt"}, {StreamSourceKind::Rtsp, "rtsp"},
    {StreamSourceKind::File, "file"}, {StreamSourceKind::Test, "test"}};

constexpr std::size_t kUrlMax = 2000;

}  // namespace

std::string_view wire_name(StreamSourceKind kind) {
    for (const auto& [k, name] : kKindNames)
        if (k == kind) return name;
    return "unknown";
}

std::optional<StreamSourceKind> parse_stream_source_kind(std::string_view name) {
    for (const auto& [k, n] : kKindNames)
        if (n == name) return k;
    return std::nullopt;
}

Status validate_stream_source(StreamSourceKind kind, std::string_view url) {
    if (url.size() > kUrlMax) return make_error(ErrorCode::InvalidInput, "url is longer than 2000 characters");
    switch (kind) {
        case StreamSourceKind::Rtsp:
            if (!url.starts_with("rtsp://") && !url.starts_with("rtsps://"))
                return make_error(ErrorCode::InvalidInput, "an RTSP source needs a url starting with rtsp://");
            return Ok{};
        case StreamSourceKind::File: {
            std::error_code ec;
            if (url.empty() || url.front() != '/' || !std::filesystem::is_regular_file(std::filesystem::path(url), ec))
                return make_error(ErrorCode::InvalidInput, "a file source needs the absolute path of an existing file");
            return Ok{};
        }
        case StreamSourceKind::Srt:
        case StreamSourceKind::Test:
            return Ok{};
    }
    return Ok{};
}

std::optional<StreamConfig> StreamConfigRepository::find(EventId event) {
    auto st = db_.prepare("SELECT source, url, srt_port, passphrase FROM event_streams WHERE event_id = ?");
    st.bind(1, event.value);
    if (!st.executeStep()) return std::nullopt;
    StreamConfig c;
    c.event = event;
    c.kind = parse_stream_source_kind(st.getColumn(0).getString()).value_or(StreamSourceKind::Test);
    c.url = st.getColumn(1).getString();
    if (!st.getColumn(2).isNull()) c.srt_port = st.getColumn(2).getInt();
    if (!st.getColumn(3).isNull()) c.passphrase = st.getColumn(3).getString();
    return c;
}

Result<StreamConfig> StreamConfigRepository::put(EventId event, StreamSourceKind kind, std::string_view url,
                                                 PortRange ports, Timestamp now) {
    StreamConfig c{event, kind, std::string(url), std::nullopt, ""};
    if (kind == StreamSourceKind::Srt) {
        auto previous = find(event);
        if (previous && previous->srt_port && previous->srt_port >= ports.first && previous->srt_port <= ports.last) {
            c.srt_port = previous->srt_port;
            c.passphrase = previous->passphrase;
        } else {
            auto free_port = db_.prepare(
                "WITH RECURSIVE p(n) AS (SELECT ?1 UNION ALL SELECT n + 1 FROM p WHERE n < ?2)"
                " SELECT n FROM p WHERE n NOT IN (SELECT srt_port FROM event_streams WHERE srt_port IS NOT NULL"
                " AND event_id <> ?3) LIMIT 1");
            free_port.bind(1, ports.first);
            free_port.bind(2, ports.last);
            free_port.bind(3, event.value);
            if (!free_port.executeStep())
                return make_error(ErrorCode::Conflict,
                                  fmt::format("every SRT port from {} to {} is in use", ports.first, ports.last));
            c.srt_port = free_port.getColumn(0).getInt();
            // SRT passphrases are 10 to 79 characters; 16 base64url characters carry 96 random bits.
            c.passphrase = random_token(12);
        }
    }
    auto st = db_.prepare(
        "INSERT INTO event_streams(event_id, source, url, srt_port, passphrase, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(event_id) DO UPDATE SET source = excluded.source, url = excluded.url,"
        " srt_port = excluded.srt_port, passphrase = excluded.passphrase, updated_at = excluded.updated_at");
    st.bind(1, event.value);
    st.bind(2, std::string(wire_name(kind)));
    st.bind(3, c.url);
    if (c.srt_port) st.bind(4, *c.srt_port); else st.bind(4);
    if (c.srt_port) st.bind(5, c.passphrase); else st.bind(5);
    st.bind(6, static_cast<std::int64_t>(now.time_since_epoch().count()));
    st.exec();
    return c;
}

}  // namespace openhall::core
