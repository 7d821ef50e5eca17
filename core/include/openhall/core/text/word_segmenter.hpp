// Chinese word segmentation with friso (Debian's libfriso and friso-dict): MMSEG's four rules over friso's
// dictionary of about 170,000 Simplified words, plus words the caller adds. Used to find questions that ask the
// same thing in other words (docs/grouping.md).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace openhall::core {

class WordSegmenter {
public:
    // Where Debian's friso-dict puts the UTF-8 dictionary (its friso.lex.ini names the files).
    static constexpr const char* kFrisoDictionary = "/usr/share/friso/dict/UTF-8/";
    // Longest word kept whole, in characters (friso's max_len).
    static constexpr std::size_t kLongestWord = 7;

    // Loads the dictionary in `dictionary_dir` and adds `extra_words` (UTF-8, Simplified, at most kLongestWord
    // characters; longer ones are cut by the segmenter like any unknown text). About 0.3 s and 25 MB once.
    // Throws std::runtime_error when the dictionary is not there.
    explicit WordSegmenter(const std::vector<std::string>& extra_words = {},
                           const std::string& dictionary_dir = kFrisoDictionary);
    ~WordSegmenter();
    WordSegmenter(const WordSegmenter&) = delete;
    WordSegmenter& operator=(const WordSegmenter&) = delete;

    // The words of `text` (valid UTF-8, best folded to Simplified first) in order, punctuation included (a
    // character friso's dictionary lacks comes out typed as punctuation, so nothing is dropped here); a run the
    // dictionary does not know comes out one character a word. Any thread; calls are serialised, because friso
    // writes into the shared dictionary's entries while segmenting.
    std::vector<std::string> words(std::string_view text) const;

private:
    struct Friso;
    std::unique_ptr<Friso> friso_;
    mutable std::mutex mutex_;
};

}  // namespace openhall::core
