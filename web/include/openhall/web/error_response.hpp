// The one table from error codes to HTTP statuses, and the JSON error body.
#pragma once

#include "openhall/core/base/result.hpp"
#include "openhall/web/http_types.hpp"

namespace openhall::web {

int http_status_for(core::ErrorCode code);

// {"error":{"code":"...","message":"..."}} with the status the table gives.
Response error_response(const core::Error& error);
Response error_response(core::ErrorCode code, std::string message);

}  // namespace openhall::web
