#include "openhall/core/live_questions/question_text.hpp"

#include <memory>

#include <fmt/format.h>
#include <glib.h>

#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

bool is_hidden(gunichar c) {
    if (c == '\n') return false;
    if (g_unichar_iscntrl(c)) return true;  // C0 and C1 controls, tabs and carriage returns included
    return (c >= 0x200B && c <= 0x200F) ||  // zero-width space, joiners, direction marks
           (c >= 0x202A && c <= 0x202E) ||  // direction embeddings and overrides
           (c >= 0x2060 && c <= 0x2069) ||  // word joiner, invisible operators, direction isolates
           c == 0xFEFF;                     // byte order mark
}

}  // namespace

std::string normalize_text(std::string_view text) {
    std::unique_ptr<gchar, decltype(&g_free)> nfc(
        g_utf8_normalize(text.data(), static_cast<gssize>(text.size()), G_NORMALIZE_NFC), g_free);
    if (!nfc) return {};
    std::string out;
    int newlines = 0;
    for (const gchar* p = nfc.get(); *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == '\r' && p[1] == '\n') continue;  // CR LF is one line break
        if (c == '\t' || c == '\r') c = c == '\t' ? ' ' : '\n';
        if (c != '\n' && is_hidden(c)) continue;
        if (c == '\n') {
            if (++newlines > 2) continue;  // at most one blank line in a row
        } else {
            newlines = 0;
        }
        char buffer[6];
        out.append(buffer, static_cast<std::size_t>(g_unichar_to_utf8(c, buffer)));
    }
    return trim(out);
}

std::variant<QuestionText, QuestionProblem> check_question(std::string_view text, std::string_view name) {
    if (!is_valid_utf8(text) || !is_valid_utf8(name))
        return QuestionProblem{"invalid_utf8", "the question or the name is not valid UTF-8"};
    QuestionText out{normalize_text(text), normalize_text(name)};
    const auto text_chars = *utf8_length(out.text);
    if (text_chars == 0) return QuestionProblem{"text_empty", "the question is empty"};
    if (text_chars > kQuestionMaxChars)
        return QuestionProblem{"text_too_long",
                               fmt::format("the question has {} characters; at most {}", text_chars, kQuestionMaxChars)};
    for (char& c : out.name)
        if (c == '\n') c = ' ';
    if (*utf8_length(out.name) > kAskerNameMaxChars)
        return QuestionProblem{"name_too_long", fmt::format("the name may have at most {} characters", kAskerNameMaxChars)};
    return out;
}

}  // namespace openhall::core
