// Instants, RFC 3339 text, and an injectable clock so tests move time instead of sleeping.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace openhall::core {

using Timestamp = std::chrono::sys_seconds;

// Parses "2026-12-01T09:30:00+08:00" or "...Z" (fractions of a second are dropped).
std::optional<Timestamp> parse_rfc3339(std::string_view text);

// Formats with the given UTC offset, e.g. "2026-12-01T09:30:00+08:00"; offset zero gives "Z".
std::string format_rfc3339(Timestamp t, std::chrono::seconds utc_offset = std::chrono::seconds{0});

// The display time zone, as a function from an instant to its UTC offset (adapters supply it).
using UtcOffsetAt = std::function<std::chrono::seconds(Timestamp)>;

class Clock {
public:
    virtual ~Clock() = default;
    virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
public:
    Timestamp now() const override;
};

// The time written in a file (RFC 3339), read at every call; the system time while the file is missing or
// unreadable. Lets tests of the whole server move its time (`openhall serve --clock-file`).
class FileClock final : public Clock {
public:
    explicit FileClock(std::string path) : path_(std::move(path)) {}
    Timestamp now() const override;

private:
    std::string path_;
};

// A clock that stands still until told to move; for tests and demo seeding.
class ManualClock final : public Clock {
public:
    explicit ManualClock(Timestamp start) : now_(start) {}
    Timestamp now() const override { return now_; }
    void advance(std::chrono::seconds by) { now_ += by; }
    void set(Timestamp t) { now_ = t; }

private:
    Timestamp now_;
};

}  // namespace openhall::core
