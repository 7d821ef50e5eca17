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
    auto st = db_.prepare(
        "SELECT source, url, srt_port, passphrase, interpreter_port, interpreter_passphrase FROM event_streams"
        " WHERE event_id = ?");
    st.bind(1, event.value);
    if (!st.executeStep()) return std::nullopt;
    StreamConfig c;
    c.event = event;
    c.kind = parse_stream_source_kind(st.getColumn(0).getString()).value_or(StreamSourceKind::Test);
    c.url = st.getColumn(1).getString();
    if (!st.getColumn(2).isNull()) c.srt_port = st.getColumn(2).getInt();
    if (!st.getColumn(3).isNull()) c.passphrase = st.getColumn(3).getString();
    if (!st.getColumn(4).isNull()) c.interpreter_port = st.getColumn(4).getInt();
    if (!st.getColumn(5).isNull()) c.interpreter_passphrase = st.getColumn(5).getString();
    return c;
}

std::optional<int> StreamConfigRepository::free_port(EventId event, PortRange ports, std::optional<int> also_taken) {
    auto st = db_.prepare(
        "WITH RECURSIVE p(n) AS (SELECT ?1 UNION ALL SELECT n + 1 FROM p WHERE n < ?2)"
        " SELECT n FROM p WHERE n IS NOT ?4"
        " AND n NOT IN (SELECT srt_port FROM event_streams WHERE srt_port IS NOT NULL AND event_id <> ?3)"
        " AND n NOT IN (SELECT interpreter_port FROM event_streams WHERE interpreter_port IS NOT NULL"
        " AND event_id <> ?3) LIMIT 1");
    st.bind(1, ports.first);
    st.bind(2, ports.last);
    st.bind(3, event.value);
    if (also_taken) st.bind(4, *also_taken); else st.bind(4);
    if (!st.executeStep()) return std::nullopt;
    return st.getColumn(0).getInt();
}

Result<StreamConfig> StreamConfigRepository::put(EventId event, StreamSourceKind kind, std::string_view url,
                                                 PortRange ports, Timestamp now, std::optional<bool> interpreter) {
    const auto in_range = [&](std::optional<int> port) { return port && *port >= ports.first && *port <= ports.last; };
    const auto no_port = [&] {
        return make_error(ErrorCode::Conflict, fmt::format("every SRT port from {} to {} is in use", ports.first, ports.last));
    };
    // SRT passphrases are 10 to 79 characters; 16 base64url characters carry 96 random bits.
    constexpr std::size_t kPassphraseBytes = 12;
    const auto previous = find(event);
    StreamConfig c{event, kind, std::string(url), std::nullopt, "", std::nullopt, ""};
    if (interpreter.value_or(previous && previous->interpreter_port)) {
        if (previous && in_range(previous->interpreter_port)) {
            c.interpreter_port = previous->interpreter_port;
            c.interpreter_passphrase = previous->interpreter_passphrase;
        }
    }
    if (kind == StreamSourceKind::Srt) {
        if (previous && in_range(previous->srt_port) && previous->srt_port != c.interpreter_port) {
            c.srt_port = previous->srt_port;
            c.passphrase = previous->passphrase;
        } else {
            c.srt_port = free_port(event, ports, c.interpreter_port);
            if (!c.srt_port) return no_port();
            c.passphrase = random_token(kPassphraseBytes);
        }
    }
    if (interpreter.value_or(previous && previous->interpreter_port) && !c.interpreter_port) {
        c.interpreter_port = free_port(event, ports, c.srt_port);
        if (!c.interpreter_port) return no_port();
        c.interpreter_passphrase = random_token(kPassphraseBytes);
    }
    auto st = db_.prepare(
        "INSERT INTO event_streams(event_id, source, url, srt_port, passphrase, interpreter_port,"
        " interpreter_passphrase, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(event_id) DO UPDATE SET source = excluded.source, url = excluded.url,"
        " srt_port = excluded.srt_port, passphrase = excluded.passphrase, interpreter_port = excluded.interpreter_port,"
        " interpreter_passphrase = excluded.interpreter_passphrase, updated_at = excluded.updated_at");
    st.bind(1, event.value);
    st.bind(2, std::string(wire_name(kind)));
    st.bind(3, c.url);
    if (c.srt_port) st.bind(4, *c.srt_port); else st.bind(4);
    if (c.srt_port) st.bind(5, c.passphrase); else st.bind(5);
    if (c.interpreter_port) st.bind(6, *c.interpreter_port); else st.bind(6);
    if (c.interpreter_port) st.bind(7, c.interpreter_passphrase); else st.bind(7);
    st.bind(8, static_cast<std::int64_t>(now.time_since_epoch().count()));
    st.exec();
    return c;
}

}  // namespace openhall::core
