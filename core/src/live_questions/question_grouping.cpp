#include "openhall/core/live_questions/question_grouping.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <queue>
#include <set>
#include <thread>
#include <unordered_map>

namespace openhall::core {
namespace {

using SlotPair = std::pair<std::size_t, std::size_t>;

// Pairs below this share of the threshold count as 0 in a group's mean: they would not change a decision.
constexpr double kLinkFloor = 0.4;

// Each question's kNeighbours strongest links (a link stays when it is among either end's) are what average
// linkage uses. In a large event a common word links each question to thousands of others at a similarity too low
// to matter, and merging those lists group by group took most of the time (10,000 questions: 33 s of 36).
constexpr std::size_t kNeighbours = 20;

// The terms of every question, on up to four threads: folding and the lexicon run side by side, friso itself
// one question at a time (WordSegmenter serialises it).
std::vector<QuestionTerms> terms_of(const QuestionAnalyzer& analyzer,
                                    const std::vector<std::pair<QuestionId, std::string>>& questions) {
    std::vector<QuestionTerms> out(questions.size());
    const std::size_t threads =
        questions.size() < 1000 ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
    auto part = [&](std::size_t first) {
        for (std::size_t i = first; i < questions.size(); i += threads) out[i] = analyzer.terms(questions[i].second);
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(part, t);
    part(0);
    for (auto& thread : pool) thread.join();
    return out;
}

SlotPair ordered(std::size_t a, std::size_t b) { return a < b ? SlotPair{a, b} : SlotPair{b, a}; }

// The event's questions like each side of every decision, as pairs to link or to keep apart; a later decision
// about the same two questions replaces an earlier one.
std::map<SlotPair, bool> remembered_pairs(const QuestionAnalyzer& analyzer, QuestionVectors& vectors,
                                          std::size_t questions, const std::vector<GroupingDecision>& decisions) {
    std::map<SlotPair, bool> out;
    if (decisions.empty()) return out;
    std::map<std::string, std::size_t> slot_of_text;
    auto slot_of = [&](const std::string& text) {
        auto [it, fresh] = slot_of_text.emplace(text, 0);
        if (fresh) it->second = vectors.add(analyzer.terms(text));
        return it->second;
    };
    std::vector<std::pair<SlotPair, bool>> remembered;
    for (const auto& d : decisions) remembered.push_back({{slot_of(d.text_a), slot_of(d.text_b)}, d.together});
    // The event's questions like each remembered text, found in one pass.
    std::map<std::size_t, std::vector<std::size_t>> like;
    for (const auto& m : vectors.matches(questions, questions, kRememberedMatch)) like[m.b].push_back(m.a);
    for (const auto& [pair, together] : remembered)
        for (auto x : like[pair.first])
            for (auto y : like[pair.second])
                if (x != y) out[ordered(x, y)] = together;
    // The remembered texts were counted only to be matched: how rare a word is stays the event's own.
    for (const auto& [text, slot] : slot_of_text) vectors.remove(slot);
    return out;
}

}  // namespace

std::vector<SuggestedGroup> suggest_groups(const QuestionAnalyzer& analyzer,
                                           const std::vector<std::pair<QuestionId, std::string>>& questions,
                                           const std::vector<GroupingDecision>& decisions, double threshold) {
    QuestionVectors vectors;
    for (const auto& terms : terms_of(analyzer, questions)) vectors.add(terms);
    const auto n = questions.size();
    const auto remembered = remembered_pairs(analyzer, vectors, n, decisions);

    // Average linkage: two groups join while the mean similarity over all their cross pairs (a pair below the
    // floor counts 0) is at or above the threshold, best pair of groups first. Single linkage chained unrelated
    // questions of one topic through their neighbours. An editor's "together" counts as 1, "apart" forbids.
    std::vector<std::unordered_map<std::size_t, double>> sum(n);  // group → neighbouring group → summed similarity
    for (const auto& link : vectors.links(threshold * kLinkFloor, kNeighbours, n))
        sum[link.a][link.b] = sum[link.b][link.a] = link.similarity;
    std::vector<std::set<std::size_t>> apart(n);
    for (const auto& [pair, together] : remembered) {
        if (together) {
            sum[pair.first][pair.second] = sum[pair.second][pair.first] = 1.0;
        } else {
            sum[pair.first].erase(pair.second);
            sum[pair.second].erase(pair.first);
            apart[pair.first].insert(pair.second);
            apart[pair.second].insert(pair.first);
        }
    }
    std::vector<std::vector<std::size_t>> members(n);
    for (std::size_t i = 0; i < n; ++i) members[i] = {i};
    std::vector<double> weakest(n, 1.0);
    // A pair of groups waits in the queue with the mean it had when queued; groups are named by a member and found
    // again through `joined_into`. Nothing is queued when groups join: a joined group's mean with a third is the
    // weighted average of its parts' means, so if it reaches the threshold one part's entry is still queued; when
    // that entry comes up with a mean that has changed, it is queued again with the new mean.
    std::vector<std::size_t> joined_into(n);
    std::iota(joined_into.begin(), joined_into.end(), 0);
    auto group_of = [&](std::size_t i) {
        while (joined_into[i] != i) i = joined_into[i] = joined_into[joined_into[i]];
        return i;
    };
    auto mean_of = [&](std::size_t a, std::size_t b) {
        const auto it = sum[a].find(b);
        return it == sum[a].end() ? 0.0 : it->second / static_cast<double>(members[a].size() * members[b].size());
    };
    struct Candidate {
        double mean;
        std::size_t a, b;
        bool operator<(const Candidate& o) const { return mean < o.mean; }
    };
    std::vector<Candidate> first;
    for (std::size_t a = 0; a < n; ++a)
        for (const auto& [b, s] : sum[a])
            if (a < b && s >= threshold) first.push_back({s, a, b});
    std::priority_queue<Candidate> queue(std::less<Candidate>{}, std::move(first));  // heapified at once
    while (!queue.empty()) {
        auto c = queue.top();
        queue.pop();
        const auto a = group_of(c.a), b = group_of(c.b);
        if (a == b) continue;
        const double mean = mean_of(a, b);
        if (mean < threshold) continue;
        if (mean != c.mean) {
            queue.push({mean, a, b});
            continue;
        }
        bool forbidden = false;
        if (!apart[a].empty() && !apart[b].empty()) {
            for (auto x : members[a])
                for (auto y : apart[x])
                    forbidden = forbidden || group_of(y) == b;
        }
        if (forbidden) continue;
        // b joins a.
        for (auto x : members[b]) members[a].push_back(x);
        members[b].clear();
        joined_into[b] = a;
        for (auto y : apart[b]) apart[a].insert(y);
        weakest[a] = std::min({weakest[a], weakest[b], mean});
        for (const auto& [k, s] : sum[b]) {
            if (k == a) continue;
            sum[a][k] += s;
            sum[k][a] += s;
            sum[k].erase(b);
        }
        sum[b].clear();
        sum[a].erase(b);
    }
    std::vector<SuggestedGroup> out;
    for (std::size_t r = 0; r < n; ++r) {
        if (members[r].size() < 2) continue;
        std::sort(members[r].begin(), members[r].end());
        SuggestedGroup group;
        for (auto i : members[r]) group.question_ids.push_back(questions[i].first);
        group.min_similarity = weakest[r];
        // Remembered: it holds both questions of a pair an editor put together.
        group.remembered = std::any_of(remembered.begin(), remembered.end(), [&](const auto& entry) {
            return entry.second && group_of(entry.first.first) == r && group_of(entry.first.second) == r;
        });
        out.push_back(std::move(group));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.question_ids.size() > b.question_ids.size(); });
    return out;
}

}  // namespace openhall::core
