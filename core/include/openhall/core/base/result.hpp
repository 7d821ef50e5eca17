// Errors a caller must handle, as values: a closed set of codes with a human message.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace openhall::core {

enum class ErrorCode {
    InvalidInput,
    InvalidJson,
    NotFound,
    MethodNotAllowed,
    IllegalTransition,
    EventLocked,
    Conflict,
    AlreadyRegistered,   // the same contact for the same event
    RegistrationClosed,  // outside the registration window, or the event takes none
    InvitationWithdrawn, // an RSVP link whose invitation was withdrawn
    Unauthorized,
    Forbidden,
    CsrfMissing,
    PayloadTooLarge,
    RateLimited,
    Internal,
};

// The snake_case name clients see in {"error":{"code":...}}.
std::string_view error_code_name(ErrorCode code);

struct Error {
    ErrorCode code;
    std::string message;
    bool operator==(const Error&) const = default;
};

// A small stand-in for std::expected (C++23): holds either a value or an Error.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(state_); }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<T>(state_); }
    const T& value() const& { return std::get<T>(state_); }
    T&& value() && { return std::get<T>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    const Error& error() const { return std::get<Error>(state_); }

private:
    std::variant<T, Error> state_;
};

struct Ok {
    bool operator==(const Ok&) const = default;
};
using Status = Result<Ok>;

inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace openhall::core
