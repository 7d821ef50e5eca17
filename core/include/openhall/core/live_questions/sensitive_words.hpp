// The configurable list of sensitive words. A question that contains one goes to the moderators flagged, never
// silently dropped. Matching ignores Traditional/Simplified differences, full- and half-width forms, letter case,
// and spaces or punctuation put between the characters (ScriptFolder).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openhall/core/text/script_folder.hpp"

namespace openhall::core {

class SensitiveWords {
public:
    explicit SensitiveWords(const std::vector<std::string>& words);
    ~SensitiveWords();
    SensitiveWords(SensitiveWords&&) noexcept;
    SensitiveWords& operator=(SensitiveWords&&) noexcept;

    // One word a line; blank lines and lines starting with '#' are skipped. Throws when the file cannot be read.
    static SensitiveWords from_file(const std::filesystem::path& file);

    // The first listed word the text contains (as it was listed), or nullopt.
    std::optional<std::string> find_in(std::string_view text) const;

    std::size_t size() const { return words_.size(); }

private:
    ScriptFolder folder_;
    std::vector<std::pair<std::string, std::string>> words_;  // {as listed, folded}
};

}  // namespace openhall::core
