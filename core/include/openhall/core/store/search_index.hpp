// Full-text search over what the public may read: published interpretations (kept here by
// InterpretationService), approved questions and caption lines (kept by triggers on their tables, migrations 005
// and 013). SQLite FTS5 with
// the trigram tokenizer on folded text, so Chinese works without word segmentation and either script finds both.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

struct SearchHit {
    enum class Kind { Question, Interpretation, CaptionLine };
    Kind kind = Kind::Question;
    std::int64_t id = 0;
};

// The terms of a query as people type it (issue 14): words apart by white space (U+3000 too) or list punctuation
// (, ， 、 ; ；) are separate terms; text in quotes ("…", “…”, 「…」, 『…』) is one term, a phrase. Unfolded.
std::vector<std::string> search_terms(std::string_view query);

class SearchIndex {
public:
    explicit SearchIndex(Database& db) : db_(db) {}

    void put_interpretation(InterpretationId id, std::string_view title, std::string_view body);
    void remove_interpretation(InterpretationId id);

    // Best matches first (BM25 when a term has three characters or more, else newest first), at most `limit`.
    // Every term of the query is required (search_terms); a term folded to one or two characters is looked up by
    // substring (a trigram index needs three). A query without a term finds nothing. Runs on the caller's thread,
    // on the caller's connection.
    std::vector<SearchHit> search(std::string_view query, std::size_t limit);

private:
    Database& db_;
};

}  // namespace openhall::core
