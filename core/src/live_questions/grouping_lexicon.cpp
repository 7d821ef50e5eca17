#include "openhall/core/live_questions/grouping_lexicon.hpp"

#include <optional>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <glib.h>

namespace openhall::core {

GroupingLexicon GroupingLexicon::parse(std::string_view text, std::size_t longest_word) {
    GroupingLexicon lexicon;
    std::unordered_map<std::string, int> line_of;
    std::optional<WordRole> section;
    bool frame = false;
    std::istringstream in{std::string(text)};
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        std::istringstream words(line);
        std::vector<std::string> list;
        for (std::string w; words >> w;) list.push_back(w);
        if (list.empty()) continue;
        if (list.size() == 1 && list[0].starts_with('[')) {
            frame = list[0] == "[frame]";
            if (frame || list[0] == "[synonyms]") section = WordRole::Content;
            else if (list[0] == "[ask]") section = WordRole::Ask;
            else throw std::invalid_argument(fmt::format("grouping lexicon line {}: unknown section {}", number, list[0]));
            continue;
        }
        if (!section) throw std::invalid_argument(fmt::format("grouping lexicon line {}: a word before any section", number));
        for (const auto& w : list) {
            if (auto [at, fresh] = line_of.emplace(w, number); !fresh)
                throw std::invalid_argument(fmt::format("grouping lexicon line {}: {} is already on line {}", number, w, at->second));
            if (g_utf8_strlen(w.c_str(), -1) > static_cast<glong>(longest_word))
                throw std::invalid_argument(fmt::format("grouping lexicon line {}: {} is longer than {} characters", number, w,
                                                        longest_word));
            lexicon.entries[w] = frame ? Entry{w, WordRole::Frame} : Entry{list[0], *section};
        }
    }
    return lexicon;
}

const GroupingLexicon::Entry* GroupingLexicon::find(std::string_view word) const {
    auto it = entries.find(word);
    return it == entries.end() ? nullptr : &it->second;
}

std::vector<std::string> GroupingLexicon::words() const {
    std::vector<std::string> out;
    out.reserve(entries.size());
    for (const auto& [word, entry] : entries) out.push_back(word);
    return out;
}

}  // namespace openhall::core
