#include "openhall/core/live_questions/question_grouping.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <numeric>
#include <queue>
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

// At most this many of an event's questions are linked through one remembered group: all their pairs are given
// to average linkage (32 questions, 496 pairs), and a large event may have hundreds of groups editors named.
constexpr std::size_t kLikeOneRemembered = 32;

// The terms of `count` texts (`text(i)` gives the i-th), on up to four threads: folding and the lexicon run side by
// side, friso itself one text at a time (WordSegmenter serialises it).
template <typename TextOf>
std::vector<QuestionTerms> terms_of(const QuestionAnalyzer& analyzer, std::size_t count, const TextOf& text) {
    std::vector<QuestionTerms> out(count);
    const std::size_t threads = count < 1000 ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
    auto part = [&](std::size_t first) {
        for (std::size_t i = first; i < count; i += threads) out[i] = analyzer.terms(text(i));
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(part, t);
    part(0);
    for (auto& thread : pool) thread.join();
    return out;
}

SlotPair ordered(std::size_t a, std::size_t b) { return a < b ? SlotPair{a, b} : SlotPair{b, a}; }

// What editors decided, as groups of texts: "together" joins two texts' groups, transitively (the topic service
// records each question of a topic with the topic's first, so two others of one topic are never a pair of their
// own); "apart" keeps two texts apart, and so their groups. The newest decision about two texts replaces an older
// one.
struct RememberedGroups {
    std::vector<std::string> texts;
    std::vector<std::size_t> group;  // text → its group, named by one of its texts
    std::vector<SlotPair> apart;     // pairs of texts
};

RememberedGroups remembered_groups(const std::vector<GroupingDecision>& decisions) {
    RememberedGroups out;
    std::map<std::string, std::size_t> index;
    auto index_of = [&](const std::string& text) {
        auto [it, fresh] = index.emplace(text, out.texts.size());
        if (fresh) out.texts.push_back(text);
        return it->second;
    };
    std::map<SlotPair, bool> newest;
    for (const auto& d : decisions) {
        // Two statements: the texts are numbered in the order given, whatever order a compiler evaluates arguments.
        const auto a = index_of(d.text_a);
        const auto b = index_of(d.text_b);
        newest[ordered(a, b)] = d.together;
    }
    out.group.resize(out.texts.size());
    std::iota(out.group.begin(), out.group.end(), 0);
    auto root = [&](std::size_t i) {
        while (out.group[i] != i) i = out.group[i] = out.group[out.group[i]];
        return i;
    };
    for (const auto& [pair, together] : newest) {
        if (together) out.group[root(pair.first)] = root(pair.second);
        else out.apart.push_back(pair);
    }
    for (std::size_t i = 0; i < out.texts.size(); ++i) out.group[i] = root(i);
    return out;
}

// The event's questions as an editor's decisions see them. A question is like the remembered text most similar to
// it, at kRememberedMatch or more (like one text at most), and so like that text's group: questions like one group
// are linked; questions like two groups kept apart, or like two texts of one group kept apart, may not end in one
// group.
struct Remembered {
    static constexpr auto kNone = static_cast<std::size_t>(-1);
    std::vector<SlotPair> together;  // pairs of the event's questions
    std::vector<std::size_t> text;   // question → the remembered text it is like, or kNone
    std::vector<std::size_t> group;  // question → that text's group, or kNone
    // Group → the groups it is kept apart from; text → the texts of its own group it is kept apart from. Ascending.
    std::map<std::size_t, std::vector<std::size_t>> group_apart, text_apart;

    static bool listed(const std::map<std::size_t, std::vector<std::size_t>>& apart, std::size_t a, std::size_t b) {
        const auto it = apart.find(a);
        return it != apart.end() && std::binary_search(it->second.begin(), it->second.end(), b);
    }
    bool apart(std::size_t a, std::size_t b) const {
        return group[a] != kNone && group[b] != kNone &&
               (listed(group_apart, group[a], group[b]) || listed(text_apart, text[a], text[b]));
    }
};

Remembered remembered_questions(const QuestionAnalyzer& analyzer, QuestionVectors& vectors, std::size_t questions,
                                const std::vector<GroupingDecision>& decisions) {
    Remembered out;
    out.text.assign(questions, Remembered::kNone);
    out.group.assign(questions, Remembered::kNone);
    if (decisions.empty()) return out;
    const auto remembered = remembered_groups(decisions);
    for (const auto& terms : terms_of(analyzer, remembered.texts.size(), [&](std::size_t i) -> const std::string& {
             return remembered.texts[i];
         }))
        vectors.add(terms);
    // Each question's most similar remembered text, found in one pass.
    std::vector<double> best(questions, 0.0);
    for (const auto& m : vectors.matches(questions, questions, kRememberedMatch))
        if (m.similarity > best[m.a]) best[m.a] = m.similarity, out.text[m.a] = m.b - questions;
    // The remembered texts were counted only to be matched: how rare a word is stays the event's own.
    for (std::size_t i = 0; i < remembered.texts.size(); ++i) vectors.remove(questions + i);

    std::map<std::size_t, std::vector<std::size_t>> like_group;  // remembered group → the event's questions like it
    for (std::size_t q = 0; q < questions; ++q) {
        if (out.text[q] == Remembered::kNone) continue;
        out.group[q] = remembered.group[out.text[q]];
        auto& members = like_group[out.group[q]];
        if (members.size() < kLikeOneRemembered) members.push_back(q);
    }
    for (const auto& [group, members] : like_group)
        for (std::size_t i = 0; i < members.size(); ++i)
            for (std::size_t j = i + 1; j < members.size(); ++j) out.together.push_back({members[i], members[j]});
    for (const auto& [a, b] : remembered.apart) {
        // Two texts of one group (together through others, apart by the newest decision about the two of them):
        // only they are kept apart.
        const bool one_group = remembered.group[a] == remembered.group[b];
        auto& apart = one_group ? out.text_apart : out.group_apart;
        const auto x = one_group ? a : remembered.group[a], y = one_group ? b : remembered.group[b];
        apart[x].push_back(y);
        apart[y].push_back(x);
    }
    for (auto* apart : {&out.group_apart, &out.text_apart})
        for (auto& [key, partners] : *apart) {
            std::sort(partners.begin(), partners.end());
            partners.erase(std::unique(partners.begin(), partners.end()), partners.end());
        }
    return out;
}

}  // namespace

std::vector<SuggestedGroup> suggest_groups(const QuestionAnalyzer& analyzer,
                                           const std::vector<std::pair<QuestionId, std::string>>& questions,
                                           const std::vector<GroupingDecision>& decisions, double threshold) {
    QuestionVectors vectors;
    for (const auto& terms : terms_of(analyzer, questions.size(), [&](std::size_t i) -> const std::string& {
             return questions[i].second;
         }))
        vectors.add(terms);
    const auto n = questions.size();
    const auto remembered = remembered_questions(analyzer, vectors, n, decisions);

    // Average linkage: two groups join while the mean similarity over all their cross pairs (a pair below the
    // floor counts 0) is at or above the threshold, best pair of groups first. Single linkage chained unrelated
    // questions of one topic through their neighbours. An editor's "together" counts as 1, "apart" forbids.
    std::vector<std::unordered_map<std::size_t, double>> sum(n);  // group → neighbouring group → summed similarity
    for (const auto& link : vectors.links(threshold * kLinkFloor, kNeighbours, n))
        if (!remembered.apart(link.a, link.b)) sum[link.a][link.b] = sum[link.b][link.a] = link.similarity;
    for (const auto& [a, b] : remembered.together)
        if (!remembered.apart(a, b)) sum[a][b] = sum[b][a] = 1.0;
    // What each group's questions are like (remembered groups; texts only when kept apart within their group),
    // ascending: a join is forbidden when one of a group's is kept apart from one of the other's.
    std::vector<std::vector<std::size_t>> liked_groups(n), liked_texts(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (remembered.group[i] != Remembered::kNone) liked_groups[i] = {remembered.group[i]};
        if (remembered.text_apart.contains(remembered.text[i])) liked_texts[i] = {remembered.text[i]};
    }
    auto forbidden = [](const std::vector<std::size_t>& mine, const std::vector<std::size_t>& theirs,
                        const std::map<std::size_t, std::vector<std::size_t>>& apart) {
        for (auto x : mine)
            if (const auto it = apart.find(x); it != apart.end())
                for (auto y : it->second)
                    if (std::binary_search(theirs.begin(), theirs.end(), y)) return true;
        return false;
    };
    auto join_sets = [](std::vector<std::size_t>& into, std::vector<std::size_t>& from) {
        if (from.empty()) return;
        std::vector<std::size_t> both;
        std::set_union(into.begin(), into.end(), from.begin(), from.end(), std::back_inserter(both));
        into = std::move(both);
        from.clear();
    };
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
        if (forbidden(liked_groups[a], liked_groups[b], remembered.group_apart) ||
            forbidden(liked_texts[a], liked_texts[b], remembered.text_apart))
            continue;
        // b joins a.
        for (auto x : members[b]) members[a].push_back(x);
        members[b].clear();
        joined_into[b] = a;
        join_sets(liked_groups[a], liked_groups[b]);
        join_sets(liked_texts[a], liked_texts[b]);
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
    // Remembered: the group holds two questions linked through an editor's decision.
    std::vector<bool> remembered_group(n, false);
    for (const auto& [a, b] : remembered.together)
        if (group_of(a) == group_of(b)) remembered_group[group_of(a)] = true;
    std::vector<SuggestedGroup> out;
    for (std::size_t r = 0; r < n; ++r) {
        if (members[r].size() < 2) continue;
        std::sort(members[r].begin(), members[r].end());
        SuggestedGroup group;
        for (auto i : members[r]) group.question_ids.push_back(questions[i].first);
        group.min_similarity = weakest[r];
        group.remembered = remembered_group[r];
        out.push_back(std::move(group));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.question_ids.size() > b.question_ids.size(); });
    return out;
}

}  // namespace openhall::core
