#include "openhall/core/store/search_index.hpp"

#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

// Questions have even rowids, interpretations odd ones (see migration 005).
std::int64_t interpretation_rowid(InterpretationId id) { return id.value * 2 + 1; }

SearchHit hit_of(std::int64_t rowid) {
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

std::vector<SearchHit> SearchIndex::search(std::string_view query, std::size_t limit) {
    std::string folded;
    {
        auto st = db_.prepare("SELECT fold_text(?)");
        st.bind(1, std::string(query));
        if (st.executeStep() && !st.getColumn(0).isNull()) folded = st.getColumn(0).getString();
    }
    const auto length = utf8_length(folded).value_or(0);
    if (length == 0) return {};
    std::vector<SearchHit> hits;
    if (length >= 3) {
        // Folded text holds letters and digits only, so it is safe inside a phrase's quotes.
        auto st = db_.prepare("SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY rank LIMIT ?");
        st.bind(1, "\"" + folded + "\"");
        st.bind(2, static_cast<std::int64_t>(limit));
        while (st.executeStep()) hits.push_back(hit_of(st.getColumn(0).getInt64()));
    } else {
        auto st = db_.prepare(
            "SELECT rowid FROM search_index WHERE title LIKE ?1 OR body LIKE ?1 ORDER BY rowid DESC LIMIT ?2");
        st.bind(1, "%" + folded + "%");
        st.bind(2, static_cast<std::int64_t>(limit));
        while (st.executeStep()) hits.push_back(hit_of(st.getColumn(0).getInt64()));
    }
    return hits;
}

}  // namespace openhall::core
