#include "openhall/core/live_questions/question_grouping.hpp"

#include <algorithm>
#include <map>
#include <numeric>

#include <glib.h>

namespace openhall::core {

namespace {

// The characters questions are built from whatever they ask ("什么时候", "是多少", "能不能", "请问"): a bigram of
// two of them says how a question is asked, not what about, and made unrelated questions look alike.
constexpr std::u32string_view kFrameChars = U"什么时候多少怎样是否能不吗如何需要哪里有没的了呢请问会可以谁为";

bool is_frame(char32_t c) { return kFrameChars.find(c) != std::u32string_view::npos; }

}  // namespace

std::set<std::u32string> character_bigrams(std::string_view folded) {
    std::u32string chars;
    for (const gchar* p = folded.data(); p < folded.data() + folded.size(); p = g_utf8_next_char(p))
        chars.push_back(static_cast<char32_t>(g_utf8_get_char(p)));
    std::set<std::u32string> out;
    if (chars.size() == 1) out.insert(chars);
    for (std::size_t i = 0; i + 1 < chars.size(); ++i)
        if (!(is_frame(chars[i]) && is_frame(chars[i + 1]))) out.insert(chars.substr(i, 2));
    return out;
}

double jaccard(const std::set<std::u32string>& a, const std::set<std::u32string>& b) {
    if (a.empty() && b.empty()) return 0;
    std::size_t common = 0;
    for (const auto& x : a) common += b.count(x);
    return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

double question_similarity(const ScriptFolder& folder, std::string_view a, std::string_view b) {
    return jaccard(character_bigrams(folder.fold(a)), character_bigrams(folder.fold(b)));
}

std::vector<SuggestedGroup> suggest_groups(const ScriptFolder& folder,
                                           const std::vector<std::pair<QuestionId, std::string>>& questions,
                                           double threshold) {
    std::vector<std::set<std::u32string>> grams;
    grams.reserve(questions.size());
    for (const auto& [id, text] : questions) grams.push_back(character_bigrams(folder.fold(text)));

    // Union-find over the links at or above the threshold; each root remembers its weakest link.
    std::vector<std::size_t> parent(questions.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto root = [&](std::size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    };
    std::map<std::size_t, double> weakest;
    for (std::size_t i = 0; i < questions.size(); ++i) {
        for (std::size_t j = i + 1; j < questions.size(); ++j) {
            const double s = jaccard(grams[i], grams[j]);
            if (s < threshold) continue;
            const auto ri = root(i), rj = root(j);
            if (ri == rj) continue;
            double link = s;
            for (auto r : {ri, rj})
                if (auto w = weakest.find(r); w != weakest.end()) link = std::min(link, w->second);
            parent[rj] = ri;
            weakest.erase(rj);
            weakest[ri] = link;
        }
    }
    std::map<std::size_t, SuggestedGroup> groups;
    for (std::size_t i = 0; i < questions.size(); ++i) groups[root(i)].question_ids.push_back(questions[i].first);
    std::vector<SuggestedGroup> out;
    for (auto& [r, group] : groups) {
        if (group.question_ids.size() < 2) continue;
        group.min_similarity = weakest[r];
        out.push_back(std::move(group));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.question_ids.size() > b.question_ids.size(); });
    return out;
}

}  // namespace openhall::core
