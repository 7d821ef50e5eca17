// Where an event's video comes from: an SRT listener, an RTSP camera, a media file, or a generated test source.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/base/result.hpp"
#include "openhall/core/base/time.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

enum class StreamSourceKind { Srt, Rtsp, File, Test };

std::string_view wire_name(StreamSourceKind kind);
std::optional<StreamSourceKind> parse_stream_source_kind(std::string_view name);

struct StreamConfig {
    EventId event;
    StreamSourceKind kind = StreamSourceKind::Test;
    std::string url;                // rtsp://… for RTSP, an absolute path for a file; empty otherwise
    std::optional<int> srt_port;    // SRT only: the listener port given to this event
    std::string passphrase;         // SRT only: the encryption passphrase (16 random characters)
    // The sign-language interpreter's SRT input (any kind of source may have one): its listener port and passphrase.
    std::optional<int> interpreter_port;
    std::string interpreter_passphrase;
    bool operator==(const StreamConfig&) const = default;
};

struct PortRange {
    int first = 9000;
    int last = 9099;
};

// Checks the URL for the kind: rtsp:// or rtsps:// for RTSP, an existing file for a file, nothing for SRT and test.
Status validate_stream_source(StreamSourceKind kind, std::string_view url);

class StreamConfigRepository {
public:
    explicit StreamConfigRepository(Database& db) : db_(db) {}
    std::optional<StreamConfig> find(EventId event);
    // Stores the configuration; an SRT source keeps its port and passphrase if it had them, or gets a free port
    // in the range and a new passphrase. `interpreter`: true gives the event an interpreter's input the same way
    // (kept when it had one), false removes it, nullopt keeps what it was. No port is given twice, across events'
    // own and interpreters' ports. Conflict when every port of the range is taken. Runs in the caller's transaction.
    Result<StreamConfig> put(EventId event, StreamSourceKind kind, std::string_view url, PortRange ports, Timestamp now,
                             std::optional<bool> interpreter = std::nullopt);

private:
    // The first port of `ports` that no other event uses (as its own or its interpreter's) and that is not
    // `also_taken`; nullopt when there is none.
    std::optional<int> free_port(EventId event, PortRange ports, std::optional<int> also_taken);

    Database& db_;
};

}  // namespace openhall::core
