// How alike two questions are, when they ask the same thing in other words (docs/grouping.md):
//   1. fold the text (ScriptFolder: Simplified, half-width, lower case, no punctuation);
//   2. cut it into words (WordSegmenter: friso, with the lexicon's words added to its dictionary);
//   3. map each word through the grouping lexicon: synonyms to one concept, kinds of asking to one concept each,
//      framing words dropped; a content word the lexicon does not list also gives its Han characters (the
//      fallback for words the segmenter splits or does not know: 水费 and 水价 still share 水);
//   4. weigh each term by how rare it is among the questions compared (BM25's inverse document frequency) times
//      its kind's weight, and take the cosine of the two weighted term sets, lowered when each holds concepts the
//      other lacks (TermWeights::contradiction).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "openhall/core/live_questions/grouping_lexicon.hpp"
#include "openhall/core/text/script_folder.hpp"
#include "openhall/core/text/word_segmenter.hpp"

namespace openhall::core {

// Concept: a line of the lexicon's synonyms (what the question is about, known); Word: a content word the lexicon
// does not list; Ask: a kind of asking; Character: one Han character of a Word (the fallback).
enum class TermKind : std::uint8_t { Word, Ask, Character, Concept };

struct Term {
    TermKind kind;
    std::string text;  // a concept name, a word, or one character
    bool operator==(const Term&) const = default;
};

// The distinct terms of one question, in the order they first occur.
using QuestionTerms = std::vector<Term>;

class QuestionAnalyzer {
public:
    // The built-in lexicon over friso's dictionary: about 0.3 s and 25 MB, so one per process, shared.
    // Throws std::runtime_error when friso's dictionary is missing, std::invalid_argument for a bad lexicon.
    QuestionAnalyzer();
    explicit QuestionAnalyzer(GroupingLexicon lexicon, const std::string& dictionary_dir = WordSegmenter::kFrisoDictionary);

    // Any thread. Invalid UTF-8 gives no terms.
    QuestionTerms terms(std::string_view text) const;
    const ScriptFolder& folder() const { return folder_; }

private:
    std::vector<std::string> lexicon_words(std::vector<std::string> words) const;

    ScriptFolder folder_;
    GroupingLexicon lexicon_;
    WordSegmenter segmenter_;
};

// How much each kind of term counts beside a content word or concept (1.0). Chosen on the tuning part of the
// labelled set.
struct TermWeights {
    double ask = 0.5;
    double character = 0.3;
    // Two questions that each hold concepts the other lacks ask about different things (电费 + 网上缴费 and 电费 +
    // 涨价): their cosine is multiplied by 1 − contradiction × c, c the smaller of the two shares (of each one's
    // squared weights) held by such concepts. Words the lexicon does not know are no contradiction: a paraphrase
    // may say the same in words it has not met. 1.0, not tuned: the cosine falls by the share (docs/grouping.md).
    double contradiction = 1.0;
};

// Questions as weighted term vectors, one space per event: a term's inverse document frequency is counted among
// the questions in it, so a word every question shares (the event's own subject) weighs little. Questions can
// be added and removed one at a time (the live look-alikes) or all at once (the editors' groups). Not
// thread-safe: one owner.
class QuestionVectors {
public:
    explicit QuestionVectors(TermWeights weights = {}) : weights_(weights) {}

    // Returns the question's slot (0, 1, 2 … in order of adding).
    std::size_t add(const QuestionTerms& terms);
    // The slot stays, empty: its question is no longer counted nor found.
    void remove(std::size_t slot);
    std::size_t slots() const { return questions_.size(); }
    std::size_t live() const { return live_; }

    // The cosine, 0 … 1; 0 for an empty or removed slot.
    double similarity(std::size_t a, std::size_t b) const;

    struct Match {
        std::size_t slot;
        double similarity;
    };
    // The slots at or above `threshold` (> 0) beside `slot`, most similar first. Looks only at slots sharing
    // a term with it (an inverted index) other than a common one (as links() says): two questions sharing only
    // common terms are not found. Uses scratch kept in the object: not to be called from two threads at once
    // (links() and matches() may run beside each other; this may not).
    std::vector<Match> similar_to(std::size_t slot, double threshold) const;

    struct Link {
        std::size_t a, b;  // a < b
        double similarity;
    };
    // Every pair (a below `below`, b from `first` on) at or above `threshold` (> 0), in no particular order: the
    // slots from `first` on met against the ones before. One pass, single-threaded.
    std::vector<Link> matches(std::size_t first, std::size_t below, double threshold) const;
    // The pairs at or above `threshold` (> 0) among the slots below `slots_below`, each slot keeping its
    // `per_slot` most similar (a pair stays when it is among either end's); most similar first. Pairs are found
    // through the terms they share, except terms in more than 1/16 of the questions (and more than 64): two
    // questions sharing only those are not linked. No list of all pairs is built.
    std::vector<Link> links(double threshold, std::size_t per_slot, std::size_t slots_below) const;

private:
    double weight(std::uint32_t term) const;
    double norm(std::size_t slot) const;
    // The cosine `s` of slots a and b, lowered for their contradicting concepts (TermWeights::contradiction);
    // `weight_of(term)` gives a term's weight.
    template <typename WeightOf>
    double contradicted(double s, std::size_t a, std::size_t b, const WeightOf& weight_of) const;
    // `s` lowered for the squared weights of concepts each side alone holds (`*_own`) of its whole (`*_all`).
    double lowered(double s, double a_own, double a_all, double b_own, double b_all) const;
    // The norms of the slots below `slots`, from each term's weight (`term_weight`, by term id) worked out once.
    std::vector<double> norms_with(const std::vector<double>& term_weight, std::size_t slots) const;
    void accumulate(std::size_t slot, std::vector<double>& dot, std::vector<std::size_t>& touched,
                    const std::vector<double>& term_weight, std::size_t slots_below, std::uint32_t max_df) const;

    TermWeights weights_;
    std::unordered_map<std::string, std::uint32_t> term_ids_;  // kind byte + text → id
    std::vector<TermKind> term_kind_;
    std::vector<std::uint32_t> document_frequency_;
    std::vector<std::vector<std::uint32_t>> postings_;          // term → slots, ascending (removed ones too)
    std::vector<std::vector<std::uint32_t>> questions_;         // slot → its distinct terms, ascending
    std::vector<bool> removed_;
    std::size_t live_ = 0;

    // similar_to()'s buffers, kept between calls; `dot` is all zero between calls.
    struct SimilarScratch {
        std::vector<double> term_weight;
        std::vector<double> dot;
        std::vector<std::size_t> touched;
    };
    mutable SimilarScratch similar_scratch_;
};

}  // namespace openhall::core
