// `openhall gateway`: a process that only holds WebSocket viewers, on the question bus through Redis.
#pragma once

#include "openhall/admin/cli.hpp"

namespace openhall::app {

int run_gateway(const admin::ServeOptions& options);

}  // namespace openhall::app
