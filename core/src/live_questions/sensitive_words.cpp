#include "openhall/core/live_questions/sensitive_words.hpp"

#include <fstream>
#include <stdexcept>

#include "openhall/core/text/text.hpp"

namespace openhall::core {

SensitiveWords::SensitiveWords(const std::vector<std::string>& words) {
    for (const auto& word : words) {
        auto listed = trim(word);
        if (listed.empty() || !is_valid_utf8(listed)) continue;
        auto folded = folder_.fold(listed);
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

std::optional<std::string> SensitiveWords::find_in(std::string_view text) const {
    if (words_.empty() || !is_valid_utf8(text)) return std::nullopt;
    const auto folded = folder_.fold(text);
    for (const auto& [listed, word] : words_)
        if (folded.find(word) != std::string::npos) return listed;
    return std::nullopt;
}

}  // namespace openhall::core
