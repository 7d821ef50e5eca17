// Suggested groups of questions that ask the same thing, for editors after the meeting. Texts are folded to one
// script (ScriptFolder), cut into character bigrams (Chinese needs no word segmentation this way), and compared by
// Jaccard similarity; questions at or above the threshold are linked, and linked questions form a group. The
// threshold was chosen on the labelled pairs in tests/data/question_pairs.tsv (docs/grouping.md).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "openhall/core/live_questions/question.hpp"
#include "openhall/core/text/script_folder.hpp"

namespace openhall::core {

inline constexpr double kGroupingThreshold = 0.35;

// The distinct character bigrams of folded text; a single character is its own "bigram".
std::set<std::u32string> character_bigrams(std::string_view folded);

// |A ∩ B| / |A ∪ B|; 0 when both are empty.
double jaccard(const std::set<std::u32string>& a, const std::set<std::u32string>& b);

double question_similarity(const ScriptFolder& folder, std::string_view a, std::string_view b);

struct SuggestedGroup {
    std::vector<QuestionId> question_ids;  // oldest first (the order given)
    double min_similarity = 0;             // the weakest link that joined the group
};

// Groups of two or more, largest first. O(n²) comparisons: fine for an event's few thousand questions.
std::vector<SuggestedGroup> suggest_groups(const ScriptFolder& folder,
                                           const std::vector<std::pair<QuestionId, std::string>>& questions,
                                           double threshold = kGroupingThreshold);

}  // namespace openhall::core
