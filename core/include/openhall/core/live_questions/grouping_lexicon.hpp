// The lexicon that lets paraphrases meet: synonyms and near-synonyms of county affairs folded to one concept,
// the kinds of asking (when, how much, where …) folded to one concept each, and the words that only frame a
// question, dropped. The data is core/data/grouping_lexicon.txt (its header says its sources), built in.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace openhall::core {

// The text of core/data/grouping_lexicon.txt, embedded at build time.
std::string_view built_in_grouping_lexicon();

enum class WordRole {
    Content,  // a word of what is asked about (a concept of [synonyms], or a word the lexicon does not list)
    Ask,      // a kind of asking ([ask]): when, how much, where, how, why, may I
    Frame,    // a word that only frames the question ([frame]): dropped
};

// Looks words up by std::string_view without building a std::string (C++20 heterogeneous lookup).
struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view word) const { return std::hash<std::string_view>{}(word); }
};

struct GroupingLexicon {
    struct Entry {
        std::string concept_name;  // the first word of its line
        WordRole role = WordRole::Content;
    };
    std::unordered_map<std::string, Entry, WordHash, std::equal_to<>> entries;  // word → its concept; frame words map to themselves

    // Parses the lexicon format (see the data file's header). Throws std::invalid_argument naming the line for an
    // unknown section, a word before any section, a word on two lines, or a word longer than `longest_word`
    // characters (the segmenter could not keep it whole).
    static GroupingLexicon parse(std::string_view text, std::size_t longest_word);

    const Entry* find(std::string_view word) const;
    // Every word, for the segmenter's dictionary.
    std::vector<std::string> words() const;
};

}  // namespace openhall::core
