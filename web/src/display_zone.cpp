#include "openhall/web/display_zone.hpp"

#include <stdexcept>

#include <glib.h>

namespace openhall::web {
namespace {

std::chrono::seconds offset_in(GTimeZone* zone, core::Timestamp t) {
    const auto interval = g_time_zone_find_interval(zone, G_TIME_TYPE_UNIVERSAL, t.time_since_epoch().count());
    return std::chrono::seconds{g_time_zone_get_offset(zone, interval)};
}

}  // namespace

void DisplayZone::Unref::operator()(GTimeZone* zone) const { g_time_zone_unref(zone); }

DisplayZone::DisplayZone(const std::string& iana_name) : name_(iana_name) {
    GTimeZone* zone = g_time_zone_new_identifier(iana_name.c_str());
    if (!zone) throw std::invalid_argument("unknown time zone: " + iana_name);
    zone_.reset(zone, Unref{});
}

std::chrono::seconds DisplayZone::offset_at(core::Timestamp t) const { return offset_in(zone_.get(), t); }

core::UtcOffsetAt DisplayZone::offset_function() const {
    auto zone = zone_;
    return [zone](core::Timestamp t) { return offset_in(zone.get(), t); };
}

}  // namespace openhall::web
