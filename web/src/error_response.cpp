#include "openhall/web/error_response.hpp"

namespace openhall::web {

int http_status_for(core::ErrorCode code) {
    using core::ErrorCode;
    switch (code) {
        case ErrorCode::InvalidInput: return 400;
        case ErrorCode::InvalidJson: return 400;
        case ErrorCode::NotFound: return 404;
        case ErrorCode::MethodNotAllowed: return 405;
        case ErrorCode::IllegalTransition: return 409;
        case ErrorCode::EventLocked: return 409;
        case ErrorCode::Conflict: return 409;
        case ErrorCode::AlreadyRegistered: return 409;
        case ErrorCode::RegistrationClosed: return 409;
        case ErrorCode::InvitationWithdrawn: return 410;
        case ErrorCode::Unauthorized: return 401;
        case ErrorCode::Forbidden: return 403;
        case ErrorCode::CsrfMissing: return 403;
        case ErrorCode::PayloadTooLarge: return 413;
        case ErrorCode::RateLimited: return 429;
        case ErrorCode::Internal: return 500;
    }
    return 500;
}

Response error_response(const core::Error& error) {
    return Response::json(http_status_for(error.code),
                          {{"error", {{"code", core::error_code_name(error.code)}, {"message", error.message}}}});
}

Response error_response(core::ErrorCode code, std::string message) {
    return error_response(core::Error{code, std::move(message)});
}

}  // namespace openhall::web
