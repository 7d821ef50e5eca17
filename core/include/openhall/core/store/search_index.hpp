// Full-text search over what the public may read: published interpretations (kept here by
// InterpretationService) and approved questions (kept by triggers on the questions table). SQLite FTS5 with
// the trigram tokenizer on folded text, so Chinese works without word segmentation and either script finds both.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "openhall/core/base/ids.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

struct SearchHit {
    enum class Kind { Question, Interpretation };
    Kind kind = Kind::Question;
    std::int64_t id = 0;
};

class SearchIndex {
public:
    explicit SearchIndex(Database& db) : db_(db) {}

    void put_interpretation(InterpretationId id, std::string_view title, std::string_view body);
    void remove_interpretation(InterpretationId id);

    // Best matches first. A query that folds to nothing finds nothing; one or two characters are looked up by
    // substring (a trigram index needs three).
    std::vector<SearchHit> search(std::string_view query, std::size_t limit);

private:
    Database& db_;
};

}  // namespace openhall::core
