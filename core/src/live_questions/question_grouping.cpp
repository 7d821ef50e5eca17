#include "openhall/core/live_questions/question_grouping.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <queue>
#include <set>
#include <unordered_map>

namespace openhall::core {
namespace {

using SlotPair = std::pair<std::size_t, std::size_t>;

// Pairs below this share of the threshold count as 0 in a group's mean: they would not change a decision.
constexpr double kLinkFloor = 0.4;

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
    auto like = [&](std::size_t remembered_slot) {
        std::vector<std::size_t> out;
        for (const auto& m : vectors.similar_to(remembered_slot, kRememberedMatch))
            if (m.slot < questions) out.push_back(m.slot);
        return out;
    };
    for (const auto& [pair, together] : remembered)
        for (auto x : like(pair.first))
            for (auto y : like(pair.second))
                if (x != y) out[ordered(x, y)] = together;
    return out;
}

}  // namespace

std::vector<SuggestedGroup> suggest_groups(const QuestionAnalyzer& analyzer,
                                           const std::vector<std::pair<QuestionId, std::string>>& questions,
                                           const std::vector<GroupingDecision>& decisions, double threshold) {
    QuestionVectors vectors;
    for (const auto& [id, text] : questions) vectors.add(analyzer.terms(text));
    const auto n = questions.size();
    const auto remembered = remembered_pairs(analyzer, vectors, n, decisions);

    // Average linkage: two groups join while the mean similarity over all their cross pairs (a pair below the
    // floor counts 0) is at or above the threshold, best pair of groups first. Single linkage chained unrelated
    // questions of one topic through their neighbours. An editor's "together" counts as 1, "apart" forbids.
    std::vector<std::unordered_map<std::size_t, double>> sum(n);  // group → neighbouring group → summed similarity
    for (const auto& link : vectors.links(threshold * kLinkFloor))
        if (link.b < n) sum[link.a][link.b] = sum[link.b][link.a] = link.similarity;
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
    std::vector<bool> taught(n, false);
    for (const auto& [pair, together] : remembered)
        if (together) taught[pair.first] = taught[pair.second] = true;
    struct Candidate {
        double mean;
        std::size_t a, b, size_a, size_b;
        bool operator<(const Candidate& o) const { return mean < o.mean; }
    };
    std::priority_queue<Candidate> queue;
    auto consider = [&](std::size_t a, std::size_t b) {
        const double mean = sum[a][b] / static_cast<double>(members[a].size() * members[b].size());
        if (mean >= threshold) queue.push({mean, a, b, members[a].size(), members[b].size()});
    };
    for (std::size_t a = 0; a < n; ++a)
        for (const auto& [b, s] : sum[a])
            if (a < b) consider(a, b);
    while (!queue.empty()) {
        const auto c = queue.top();
        queue.pop();
        // Stale: a side has grown or gone since this was queued.
        if (members[c.a].size() != c.size_a || members[c.b].size() != c.size_b || members[c.a].empty() || members[c.b].empty())
            continue;
        if (!apart[c.a].empty() || !apart[c.b].empty()) {
            bool forbidden = false;
            for (auto x : members[c.a])
                for (auto y : apart[x]) forbidden = forbidden || std::find(members[c.b].begin(), members[c.b].end(), y) != members[c.b].end();
            if (forbidden) continue;
        }
        // b joins a.
        for (auto x : members[c.b]) members[c.a].push_back(x);
        members[c.b].clear();
        for (auto y : apart[c.b]) apart[c.a].insert(y);
        weakest[c.a] = std::min({weakest[c.a], weakest[c.b], c.mean});
        taught[c.a] = taught[c.a] || taught[c.b];
        for (const auto& [k, s] : sum[c.b]) {
            if (k == c.a) continue;
            sum[c.a][k] += s;
            sum[k][c.a] += s;
            sum[k].erase(c.b);
        }
        sum[c.b].clear();
        sum[c.a].erase(c.b);
        for (const auto& [k, s] : sum[c.a]) consider(c.a, k);
    }
    std::vector<SuggestedGroup> out;
    for (std::size_t r = 0; r < n; ++r) {
        if (members[r].size() < 2) continue;
        std::sort(members[r].begin(), members[r].end());
        SuggestedGroup group;
        for (auto i : members[r]) group.question_ids.push_back(questions[i].first);
        group.min_similarity = weakest[r];
        group.remembered = taught[r];
        out.push_back(std::move(group));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.question_ids.size() > b.question_ids.size(); });
    return out;
}

}  // namespace openhall::core
