// `openhall serve`: builds every component, wires them together and runs the main loop until a signal.
#pragma once

#include "openhall/admin/cli.hpp"

namespace openhall::app {

int serve(const admin::ServeOptions& options);

}  // namespace openhall::app
