// Suggested groups of questions that ask the same thing, for editors after the meeting (docs/grouping.md).
// Questions are compared as weighted term vectors (question_similarity.hpp) and joined into groups by average
// linkage: two groups join while the mean similarity of their cross pairs is at or above the threshold, the best
// pair of groups first. What editors decided before, for this office, is applied on top, as remembered groups (the
// texts they put together, transitively): questions like one remembered group are linked whatever their own
// similarity, questions like two groups (or two texts) they kept apart never end up in one group.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "openhall/core/live_questions/question.hpp"
#include "openhall/core/live_questions/question_similarity.hpp"

namespace openhall::core {

// Chosen from the sweep on the tuning part of tests/data/paraphrase_groups.tsv: of the thresholds where it holds
// precision 0.85 and recall 0.80, the one with the best F1 (docs/grouping.md).
inline constexpr double kGroupingThreshold = 0.175;
// A question at or above this similarity to a question an editor decided about (and more similar to it than to any
// other) counts as one of that question's remembered group. Chosen on the tuning part, an earlier event's
// decisions applied to a later one (docs/grouping.md, "Editors' decisions, measured").
inline constexpr double kRememberedMatch = 0.50;

// An editor's decision about two questions (their texts as asked): they belong together, or they do not.
struct GroupingDecision {
    std::string text_a;
    std::string text_b;
    bool together = true;
};

struct SuggestedGroup {
    std::vector<QuestionId> question_ids;  // in the order given (oldest first)
    double min_similarity = 0;             // the weakest link that joined the group
    bool remembered = false;               // an earlier decision of an editor joined some of it
};

// `questions`: one event's questions (id, text), oldest first. `decisions`: the office's earlier decisions, oldest
// first (a later one about the same two questions wins; the newest 5,000 add about 0.5 s to 10,000 questions).
// Returns groups of two or more, largest first. Any thread (the analyzer serialises segmentation).
std::vector<SuggestedGroup> suggest_groups(const QuestionAnalyzer& analyzer,
                                           const std::vector<std::pair<QuestionId, std::string>>& questions,
                                           const std::vector<GroupingDecision>& decisions = {},
                                           double threshold = kGroupingThreshold);

}  // namespace openhall::core
