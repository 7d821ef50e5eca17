// Parsing one text frame from a client into a message the gateway acts on. Pure (no I/O), so it is unit tested
// and fuzzed on its own. Every refusal carries the snake_case code the client sees in its "error" frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "openhall/core/live_questions/question.hpp"

namespace openhall::gateway {

inline constexpr std::size_t kMaxFrameBytes = 8 * 1024;  // a 500-character question in JSON, with room to spare
inline constexpr std::size_t kMaxClientIdChars = 64;

struct AskMessage {
    std::string id;  // the client's message id: a retry with the same id gets the same ack
    std::string text;
    std::string name;
};

struct VoteMessage {
    core::QuestionId question;
};

struct ModerateMessage {
    core::QuestionId question;
    core::ModerationAction action;
    std::optional<core::QuestionId> into;
    std::string reason;
};

struct MessageError {
    std::string code;  // bad_json, unknown_type, invalid_message, too_large
    std::string message;
    std::optional<std::string> id;  // the message's id when it had a readable one
};

using ClientMessage = std::variant<AskMessage, VoteMessage, ModerateMessage, MessageError>;

// Never throws, whatever the bytes.
ClientMessage parse_client_message(std::string_view frame);

}  // namespace openhall::gateway
