#include "openhall/core/base/result.hpp"

namespace openhall::core {

std::string_view error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidInput: return "invalid_input";
        case ErrorCode::InvalidJson: return "invalid_json";
        case ErrorCode::NotFound: return "not_found";
        case ErrorCode::MethodNotAllowed: return "method_not_allowed";
        case ErrorCode::IllegalTransition: return "illegal_transition";
        case ErrorCode::EventLocked: return "event_locked";
        case ErrorCode::Conflict: return "conflict";
        case ErrorCode::AlreadyRegistered: return "already_registered";
        case ErrorCode::RegistrationClosed: return "registration_closed";
        case ErrorCode::InvitationWithdrawn: return "invitation_withdrawn";
        case ErrorCode::Unauthorized: return "unauthorized";
        case ErrorCode::Forbidden: return "forbidden";
        case ErrorCode::CsrfMissing: return "csrf_token_missing";
        case ErrorCode::PayloadTooLarge: return "payload_too_large";
        case ErrorCode::RateLimited: return "rate_limited";
        case ErrorCode::Internal: return "internal_error";
    }
    return "internal_error";
}

}  // namespace openhall::core
