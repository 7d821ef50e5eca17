#include "openhall/core/live_questions/question_similarity.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <functional>
#include <thread>

#include <glib.h>

namespace openhall::core {
namespace {

bool has_letter_or_digit(std::string_view word) {
    for (const gchar* p = word.data(); p < word.data() + word.size(); p = g_utf8_next_char(p))
        if (g_unichar_isalnum(g_utf8_get_char(p))) return true;
    return false;
}

void add_term(QuestionTerms& terms, TermKind kind, std::string text) {
    Term term{kind, std::move(text)};
    if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(std::move(term));
}

// Questions assumed beside the event's when counting how rare a term is (see weight()).
constexpr std::size_t kPriorQuestions = 10;

// Below this many questions every term is walked (a small event's "common" terms still tell questions apart).
constexpr std::size_t kCommonFloor = 64;

}  // namespace

QuestionAnalyzer::QuestionAnalyzer()
    : QuestionAnalyzer(GroupingLexicon::parse(built_in_grouping_lexicon(), WordSegmenter::kLongestWord)) {}

QuestionAnalyzer::QuestionAnalyzer(GroupingLexicon lexicon, const std::string& dictionary_dir)
    : lexicon_(std::move(lexicon)), segmenter_(lexicon_.words(), dictionary_dir) {}

// Joins neighbouring words whose concatenation the lexicon lists (longest first, up to three words): MMSEG breaks
// ties between equally long cuts its own way (停车/收费标准 where the lexicon has 停车收费).
std::vector<std::string> QuestionAnalyzer::lexicon_words(std::vector<std::string> words) const {
    constexpr std::size_t kLongestBytes = WordSegmenter::kLongestWord * 3;  // CJK characters are 3 bytes in UTF-8
    std::vector<std::string> out;
    std::string joined;
    for (std::size_t i = 0; i < words.size();) {
        std::size_t take = 1;
        for (std::size_t n = std::min<std::size_t>(3, words.size() - i); n > 1 && take == 1; --n) {
            joined.clear();
            for (std::size_t k = 0; k < n && joined.size() <= kLongestBytes; ++k) joined += words[i + k];
            if (joined.size() <= kLongestBytes && lexicon_.find(joined)) take = n;
        }
        if (take == 1) {
            out.push_back(std::move(words[i]));
        } else {
            joined.clear();
            for (std::size_t k = 0; k < take; ++k) joined += words[i + k];
            out.push_back(joined);
        }
        i += take;
    }
    return out;
}

QuestionTerms QuestionAnalyzer::terms(std::string_view text) const {
    QuestionTerms out;
    for (const auto& word : lexicon_words(segmenter_.words(folder_.fold(text)))) {
        if (!has_letter_or_digit(word)) continue;
        const auto* entry = lexicon_.find(word);
        if (entry && entry->role == WordRole::Frame) continue;
        if (entry && entry->role == WordRole::Ask) {
            add_term(out, TermKind::Ask, entry->concept_name);
            continue;
        }
        add_term(out, entry ? TermKind::Concept : TermKind::Word, entry ? entry->concept_name : word);
        if (entry) continue;
        // Not in the lexicon: its Han characters too, so words the segmenter cut differently can still meet.
        // Not Latin letters or digits: two English or pinyin questions would share most of the alphabet.
        for (const gchar* p = word.c_str(); *p; p = g_utf8_next_char(p))
            if (g_unichar_get_script(g_utf8_get_char(p)) == G_UNICODE_SCRIPT_HAN)
                add_term(out, TermKind::Character, std::string(p, static_cast<const char*>(g_utf8_next_char(p))));
    }
    return out;
}

std::size_t QuestionVectors::add(const QuestionTerms& terms) {
    std::vector<std::uint32_t> ids;
    const auto slot = static_cast<std::uint32_t>(questions_.size());
    for (const auto& term : terms) {
        std::string key(1, static_cast<char>(term.kind));
        key += term.text;
        auto [it, fresh] = term_ids_.emplace(std::move(key), static_cast<std::uint32_t>(term_kind_.size()));
        if (fresh) {
            term_kind_.push_back(term.kind);
            document_frequency_.push_back(0);
            postings_.emplace_back();
        }
        if (std::find(ids.begin(), ids.end(), it->second) != ids.end()) continue;
        ids.push_back(it->second);
        ++document_frequency_[it->second];
        postings_[it->second].push_back(slot);
    }
    std::sort(ids.begin(), ids.end());
    questions_.push_back(std::move(ids));
    removed_.push_back(false);
    ++live_;
    return slot;
}

void QuestionVectors::remove(std::size_t slot) {
    if (slot >= questions_.size() || removed_[slot]) return;
    for (auto term : questions_[slot]) --document_frequency_[term];
    removed_[slot] = true;
    --live_;
}

double QuestionVectors::weight(std::uint32_t term) const {
    // BM25's inverse document frequency, always above 0: ln(1 + (N − df + 0.5) / (df + 0.5)), with N counting
    // kPriorQuestions more that hold none of the terms: among the first few questions of an event, one term in
    // two of three is not "common", and words met once would otherwise outweigh everything shared.
    const double n = static_cast<double>(live_ + kPriorQuestions), df = static_cast<double>(document_frequency_[term]);
    const double idf = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
    switch (term_kind_[term]) {
        case TermKind::Ask: return idf * weights_.ask;
        case TermKind::Character: return idf * weights_.character;
        case TermKind::Word:
        case TermKind::Concept: break;
    }
    return idf;
}

double QuestionVectors::norm(std::size_t slot) const {
    double sum = 0;
    for (auto term : questions_[slot]) sum += weight(term) * weight(term);
    return std::sqrt(sum);
}

template <typename WeightOf>
double QuestionVectors::contradicted(double s, std::size_t a, std::size_t b, const WeightOf& weight_of) const {
    if (s <= 0 || weights_.contradiction <= 0) return s;
    double a_all = 0, a_concepts = 0, b_all = 0, b_concepts = 0, shared = 0;
    for (auto term : questions_[a]) {
        const double w2 = weight_of(term) * weight_of(term);
        a_all += w2;
        if (term_kind_[term] != TermKind::Concept) continue;
        a_concepts += w2;
        if (std::binary_search(questions_[b].begin(), questions_[b].end(), term)) shared += w2;
    }
    for (auto term : questions_[b]) {
        const double w2 = weight_of(term) * weight_of(term);
        b_all += w2;
        if (term_kind_[term] == TermKind::Concept) b_concepts += w2;
    }
    return lowered(s, a_concepts - shared, a_all, b_concepts - shared, b_all);
}

double QuestionVectors::lowered(double s, double a_own, double a_all, double b_own, double b_all) const {
    const double c = a_all > 0 && b_all > 0 ? std::min(a_own / a_all, b_own / b_all) : 0;
    return s * std::max(0.0, 1.0 - weights_.contradiction * c);
}

double QuestionVectors::similarity(std::size_t a, std::size_t b) const {
    if (a >= questions_.size() || b >= questions_.size() || removed_[a] || removed_[b]) return 0;
    double dot = 0;
    for (auto term : questions_[a])
        if (std::find(questions_[b].begin(), questions_[b].end(), term) != questions_[b].end())
            dot += weight(term) * weight(term);
    const double denominator = norm(a) * norm(b);
    const double s = denominator > 0 ? std::min(1.0, dot / denominator) : 0;
    return contradicted(s, a, b, [this](std::uint32_t term) { return weight(term); });
}

void QuestionVectors::accumulate(std::size_t slot, std::vector<double>& dot, std::vector<std::size_t>& touched,
                                 const std::vector<double>& term_weight, std::size_t slots_below,
                                 std::uint32_t max_df) const {
    for (auto term : questions_[slot]) {
        if (document_frequency_[term] > max_df) continue;
        const double w2 = term_weight[term] * term_weight[term];
        const auto& list = postings_[term];
        // Postings are ascending: stop at the first slot not asked about.
        for (auto it = list.begin(); it != list.end() && *it < slots_below; ++it) {
            if (*it == slot || removed_[*it]) continue;
            if (dot[*it] == 0) touched.push_back(*it);
            dot[*it] += w2;
        }
    }
}

std::vector<double> QuestionVectors::norms_with(const std::vector<double>& term_weight, std::size_t slots) const {
    std::vector<double> out(slots);
    for (std::size_t i = 0; i < slots; ++i) {
        double sum = 0;
        for (auto term : questions_[i]) sum += term_weight[term] * term_weight[term];
        out[i] = std::sqrt(sum);
    }
    return out;
}

std::vector<QuestionVectors::Match> QuestionVectors::similar_to(std::size_t slot, double threshold) const {
    std::vector<Match> out;
    if (slot >= questions_.size() || removed_[slot]) return out;
    // Scratch kept between calls and cleared through `touched`: one ask of a 100,000-question event would
    // otherwise zero 800 kB for its dot products (a tenth of the writer's time went to memset).
    auto& term_weight = similar_scratch_.term_weight;
    auto& dot = similar_scratch_.dot;
    auto& touched = similar_scratch_.touched;
    if (term_weight.size() < term_kind_.size()) term_weight.resize(term_kind_.size());
    if (dot.size() < questions_.size()) dot.resize(questions_.size(), 0);
    for (auto term : questions_[slot]) term_weight[term] = weight(term);  // only the slot's terms are read
    // As in links(): common terms (in more than 1/16 of the questions, and more than 64) are not walked to find
    // candidates, else every ask of a large event is met against nearly every question before it (20,000 asks:
    // the writer fell to a few hundred a second). They still count in a candidate's similarity.
    const auto max_df = static_cast<std::uint32_t>(std::max<std::size_t>(kCommonFloor, live_ / 16));
    accumulate(slot, dot, touched, term_weight, questions_.size(), max_df);
    std::vector<std::uint32_t> common;
    for (auto term : questions_[slot])
        if (document_frequency_[term] > max_df) common.push_back(term);
    const double own = norm(slot);
    for (auto other : touched) {
        for (auto term : common)
            if (std::binary_search(questions_[other].begin(), questions_[other].end(), term))
                dot[other] += term_weight[term] * term_weight[term];
        const double denominator = own * norm(other);
        double s = denominator > 0 ? std::min(1.0, dot[other] / denominator) : 0;
        // Lowered only where it could still count: the candidate's weights are worked out here.
        if (s >= threshold) s = contradicted(s, slot, other, [this](std::uint32_t term) { return weight(term); });
        if (s >= threshold) out.push_back({other, s});
        dot[other] = 0;
    }
    touched.clear();
    std::sort(out.begin(), out.end(), [](const Match& x, const Match& y) {
        return x.similarity != y.similarity ? x.similarity > y.similarity : x.slot < y.slot;
    });
    return out;
}

std::vector<QuestionVectors::Link> QuestionVectors::matches(std::size_t first, std::size_t below, double threshold) const {
    below = std::min(below, questions_.size());
    std::vector<double> term_weight(term_kind_.size());
    for (std::uint32_t t = 0; t < term_weight.size(); ++t) term_weight[t] = weight(t);
    // norm() takes a logarithm a term, and each slot below is met many times.
    const auto norms = norms_with(term_weight, questions_.size());
    std::vector<double> dot(below, 0);
    std::vector<std::size_t> touched;
    std::vector<Link> out;
    for (std::size_t i = first; i < questions_.size(); ++i) {
        if (removed_[i]) continue;
        accumulate(i, dot, touched, term_weight, below, UINT32_MAX);
        const double own = norms[i];
        for (auto j : touched) {
            const double denominator = own * norms[j];
            double s = denominator > 0 ? std::min(1.0, dot[j] / denominator) : 0;
            if (s >= threshold) s = contradicted(s, i, j, [&](std::uint32_t term) { return term_weight[term]; });
            if (s >= threshold) out.push_back({j, i, s});
            dot[j] = 0;
        }
        touched.clear();
    }
    return out;
}

std::vector<QuestionVectors::Link> QuestionVectors::links(double threshold, std::size_t per_slot,
                                                          std::size_t slots_below) const {
    slots_below = std::min(slots_below, questions_.size());
    std::vector<double> term_weight(term_kind_.size());
    for (std::uint32_t t = 0; t < term_weight.size(); ++t) term_weight[t] = weight(t);
    const auto norms = norms_with(term_weight, slots_below);
    // Each slot's squared weight held by concepts, for the contradiction: worked out once, not pair by pair.
    std::vector<double> concept_sq(slots_below, 0);
    for (std::size_t i = 0; i < slots_below; ++i)
        for (auto term : questions_[i])
            if (term_kind_[term] == TermKind::Concept) concept_sq[i] += term_weight[term] * term_weight[term];
    // Terms in more than one question of 16 (the event's own subject, "when") are not walked to find pairs: their
    // lists are long and their weight small. They still count in the similarity of a pair found through another.
    const auto max_df = static_cast<std::uint32_t>(std::max<std::size_t>(kCommonFloor, live_ / 16));

    // Each slot's strongest pairs, on up to four threads (each slot is independent and everything is only read).
    auto strongest = [&](std::size_t first, std::size_t step, std::vector<Link>& out) {
        std::vector<double> dot(slots_below, 0);
        std::vector<std::size_t> touched;
        std::vector<Match> near;
        std::vector<std::uint32_t> common, concepts;
        for (std::size_t i = first; i < slots_below; i += step) {
            if (removed_[i]) continue;
            accumulate(i, dot, touched, term_weight, slots_below, max_df);
            common.clear();
            concepts.clear();
            for (auto term : questions_[i]) {
                if (document_frequency_[term] > max_df) common.push_back(term);
                if (term_kind_[term] == TermKind::Concept) concepts.push_back(term);
            }
            near.clear();
            for (auto j : touched) {
                for (auto term : common)
                    if (std::binary_search(questions_[j].begin(), questions_[j].end(), term))
                        dot[j] += term_weight[term] * term_weight[term];
                const double denominator = norms[i] * norms[j];
                double s = denominator > 0 ? std::min(1.0, dot[j] / denominator) : 0;
                if (s >= threshold && weights_.contradiction > 0) {
                    double shared = 0;
                    for (auto term : concepts)
                        if (std::binary_search(questions_[j].begin(), questions_[j].end(), term))
                            shared += term_weight[term] * term_weight[term];
                    s = lowered(s, concept_sq[i] - shared, norms[i] * norms[i], concept_sq[j] - shared, norms[j] * norms[j]);
                }
                if (s >= threshold) near.push_back({j, s});
                dot[j] = 0;
            }
            touched.clear();
            if (near.size() > per_slot) {
                std::nth_element(near.begin(), near.begin() + static_cast<std::ptrdiff_t>(per_slot), near.end(),
                                 [](const Match& x, const Match& y) {
                                     return x.similarity != y.similarity ? x.similarity > y.similarity : x.slot < y.slot;
                                 });
                near.resize(per_slot);
            }
            for (const auto& m : near) out.push_back({std::min(i, m.slot), std::max(i, m.slot), m.similarity});
        }
    };
    const std::size_t threads = slots_below < 1000 ? 1 : std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
    std::vector<std::vector<Link>> parts(threads);
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(strongest, t, threads, std::ref(parts[t]));
    strongest(0, threads, parts[0]);
    for (auto& thread : pool) thread.join();
    std::vector<Link> out;
    for (auto& part : parts) out.insert(out.end(), part.begin(), part.end());

    // A pair both ends kept appears twice.
    std::sort(out.begin(), out.end(), [](const Link& x, const Link& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
    out.erase(std::unique(out.begin(), out.end(), [](const Link& x, const Link& y) { return x.a == y.a && x.b == y.b; }),
              out.end());
    std::stable_sort(out.begin(), out.end(), [](const Link& x, const Link& y) { return x.similarity > y.similarity; });
    return out;
}

}  // namespace openhall::core
