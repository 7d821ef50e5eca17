#include "openhall/core/sensitive_words.hpp"

#include <fstream>
#include <stdexcept>

#include <glib.h>
#include <opencc/SimpleConverter.hpp>

#include "openhall/core/question_text.hpp"
#include "openhall/core/text.hpp"

namespace openhall::core {

SensitiveWords::SensitiveWords(const std::vector<std::string>& words)
    : to_simplified_(std::make_unique<opencc::SimpleConverter>("t2s.json")) {
    for (const auto& word : words) {
        auto listed = trim(word);
        if (listed.empty() || !is_valid_utf8(listed)) continue;
        auto folded = fold(listed);
        if (!folded.empty()) words_.emplace_back(std::move(listed), std::move(folded));
    }
}

SensitiveWords::~SensitiveWords() = default;
SensitiveWords::SensitiveWords(SensitiveWords&&) noexcept = default;
SensitiveWords& SensitiveWords::operator=(SensitiveWords&&) noexcept = default;

SensitiveWords SensitiveWords::from_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read the sensitive-word list " + file.string());
    std::vector<std::string> words;
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') words.push_back(line);
    return SensitiveWords(words);
}

// Simplified Chinese, lower case, letters and digits only: "敏 感-詞" and "敏感词" fold alike.
std::string SensitiveWords::fold(std::string_view text) const {
    const auto simplified = to_simplified_->Convert(normalize_text(text));
    std::string out;
    for (const gchar* p = simplified.c_str(); *p; p = g_utf8_next_char(p)) {
        const gunichar c = g_unichar_tolower(g_utf8_get_char(p));
        if (!g_unichar_isalnum(c)) continue;
        char buffer[6];
        out.append(buffer, static_cast<std::size_t>(g_unichar_to_utf8(c, buffer)));
    }
    return out;
}

std::optional<std::string> SensitiveWords::find_in(std::string_view text) const {
    if (words_.empty() || !is_valid_utf8(text)) return std::nullopt;
    const auto folded = fold(text);
    for (const auto& [listed, word] : words_)
        if (folded.find(word) != std::string::npos) return listed;
    return std::nullopt;
}

}  // namespace openhall::core
