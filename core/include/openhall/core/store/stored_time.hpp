// Instants as the store keeps them: whole seconds since the epoch in INTEGER columns.
#pragma once

#include <cstdint>

#include <SQLiteCpp/Column.h>

#include "openhall/core/base/time.hpp"

namespace openhall::core {

inline std::int64_t seconds_of(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp timestamp_of(const SQLite::Column& c) { return Timestamp{std::chrono::seconds{c.getInt64()}}; }

}  // namespace openhall::core
