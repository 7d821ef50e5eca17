#include "openhall/core/store/search_index.hpp"

#include <SQLiteCpp/Statement.h>

#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

// Questions have even rowids, interpretations odd ones (see migration 005), caption lines negative ones (013).
std::int64_t interpretation_rowid(InterpretationId id) { return id.value * 2 + 1; }

SearchHit hit_of(std::int64_t rowid) {
    if (rowid < 0) return SearchHit{SearchHit::Kind::CaptionLine, -rowid};
    return rowid % 2 == 0 ? SearchHit{SearchHit::Kind::Question, rowid / 2}
                          : SearchHit{SearchHit::Kind::Interpretation, rowid / 2};
}

}  // namespace

void SearchIndex::put_interpretation(InterpretationId id, std::string_view title, std::string_view body) {
    remove_interpretation(id);
    auto st = db_.prepare("INSERT INTO search_index(rowid, title, body) VALUES (?, fold_text(?), fold_text(?))");
    st.bind(1, interpretation_rowid(id));
    st.bind(2, std::string(title));
    st.bind(3, std::string(body));
    st.exec();
}

void SearchIndex::remove_interpretation(InterpretationId id) {
    auto st = db_.prepare("DELETE FROM search_index WHERE rowid = ?");
    st.bind(1, interpretation_rowid(id));
    st.exec();
}

std::vector<std::string> search_terms(std::string_view query) {
    // Separators as people type them between words: white space (the ideographic space too) and list punctuation.
    static constexpr std::string_view kSeparators[] = {" ", "\t", "\n", "\r", "\u3000", ",", "\uFF0C", "\u3001", ";", "\uFF1B"};
    // Quotes that keep a phrase together: ASCII, Chinese curly quotes and corner brackets.
    static constexpr std::pair<std::string_view, std::string_view> kQuotes[] = {
        {"\"", "\""}, {"\u201C", "\u201D"}, {"\u300C", "\u300D"}, {"\u300E", "\u300F"}, {"\uFF02", "\uFF02"}};
    std::vector<std::string> terms;
    std::string current;
    const auto finish = [&] {
        if (!current.empty()) terms.push_back(std::move(current));
        current.clear();
    };
    std::size_t i = 0;
    while (i < query.size()) {
        const auto rest = query.substr(i);
        bool handled = false;
        for (const auto& [open, close] : kQuotes) {
            if (!rest.starts_with(open)) continue;
            finish();
            const auto end = query.find(close, i + open.size());
            const auto inside = query.substr(i + open.size(), end == std::string_view::npos ? std::string_view::npos
                                                                                         : end - i - open.size());
            if (!inside.empty()) terms.emplace_back(inside);
            i = end == std::string_view::npos ? query.size() : end + close.size();
            handled = true;
            break;
        }
        if (handled) continue;
        for (const auto separator : kSeparators) {
            if (!rest.starts_with(separator)) continue;
            finish();
            i += separator.size();
            handled = true;
            break;
        }
        if (handled) continue;
        current += query[i++];
    }
    finish();
    return terms;
}

std::vector<SearchHit> SearchIndex::search(std::string_view query, std::size_t limit) {
    // Each term folded as the index is; a term that folds to nothing (punctuation alone) is dropped.
    std::vector<std::string> long_terms, short_terms;
    for (const auto& term : search_terms(query)) {
        auto st = db_.prepare("SELECT fold_text(?)");
        st.bind(1, term);
        if (!st.executeStep() || st.getColumn(0).isNull()) continue;
        auto folded = st.getColumn(0).getString();
        const auto length = utf8_length(folded).value_or(0);
        if (length >= 3) long_terms.push_back(std::move(folded));
        else if (length > 0) short_terms.push_back(std::move(folded));
    }
    if (long_terms.empty() && short_terms.empty()) return {};
    // Every term is required. Terms of three characters or more go to the trigram index as phrases (folded text
    // holds letters and digits only, so it is safe inside a phrase's quotes) and rank the hits by BM25; shorter
    // ones, which a trigram index cannot look up, are substring filters on the same rows.
    std::string sql = long_terms.empty() ? "SELECT rowid FROM search_index WHERE 1" : "SELECT rowid FROM search_index WHERE search_index MATCH ?";
    for (std::size_t k = 0; k < short_terms.size(); ++k) sql += " AND (title LIKE ? OR body LIKE ?)";
    sql += long_terms.empty() ? " ORDER BY rowid DESC LIMIT ?" : " ORDER BY rank LIMIT ?";
    // Its text depends on the query's terms, so it is not one of the prepared statements the store keeps.
    SQLite::Statement st(db_.handle(), sql);
    int parameter = 1;
    if (!long_terms.empty()) {
        std::string match;
        for (const auto& term : long_terms) match += (match.empty() ? "\"" : " AND \"") + term + "\"";
        st.bind(parameter++, match);
    }
    for (const auto& term : short_terms) {
        st.bind(parameter++, "%" + term + "%");
        st.bind(parameter++, "%" + term + "%");
    }
    st.bind(parameter, static_cast<std::int64_t>(limit));
    std::vector<SearchHit> hits;
    while (st.executeStep()) hits.push_back(hit_of(st.getColumn(0).getInt64()));
    return hits;
}

}  // namespace openhall::core
