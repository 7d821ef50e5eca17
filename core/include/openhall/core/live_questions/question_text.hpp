// What an asker typed, checked and normalized before anything is stored.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

namespace openhall::core {

inline constexpr std::size_t kQuestionMaxChars = 500;
inline constexpr std::size_t kAskerNameMaxChars = 40;

struct QuestionText {
    std::string text;
    std::string name;
};

// Why a question was refused: `code` is the snake_case name clients see (text_empty, text_too_long,
// name_too_long, invalid_utf8), `message` says it for a person.
struct QuestionProblem {
    std::string code;
    std::string message;
};

// Unicode NFC; control characters other than line breaks, and invisible direction and zero-width marks
// (used to hide words from filters or reorder what moderators see), removed; runs of blank lines folded;
// ends trimmed. The input must be valid UTF-8.
std::string normalize_text(std::string_view text);

// Valid UTF-8, then normalized; text of 1–500 characters, a name of at most 40 (on one line).
std::variant<QuestionText, QuestionProblem> check_question(std::string_view text, std::string_view name);

}  // namespace openhall::core
