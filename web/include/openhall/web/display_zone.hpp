// The display time zone (a setting, default Asia/Shanghai), through GLib's time zone database.
#pragma once

#include <memory>
#include <string>

#include "openhall/core/base/time.hpp"

typedef struct _GTimeZone GTimeZone;

namespace openhall::web {

class DisplayZone {
public:
    // Throws std::invalid_argument for a name the time zone database does not know (start-up).
    explicit DisplayZone(const std::string& iana_name);

    const std::string& name() const { return name_; }
    std::chrono::seconds offset_at(core::Timestamp t) const;
    core::UtcOffsetAt offset_function() const;

private:
    struct Unref {
        void operator()(GTimeZone* zone) const;
    };
    std::string name_;
    std::shared_ptr<GTimeZone> zone_;
};

}  // namespace openhall::web
