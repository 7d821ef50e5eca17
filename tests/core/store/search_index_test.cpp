// Search as people type it (issue 14): several words are all required, a quoted phrase stays a phrase, a term may
// be two characters, and either script and either width finds the same. Checked row by row against a brute-force
// reference over a few hundred texts.
#include <algorithm>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "openhall/core/store/search_index.hpp"
#include "openhall/core/text/script_folder.hpp"
#include "support/temp_dir.hpp"

using namespace openhall::core;
using openhall::testing::TempDir;

namespace {

// Words in Simplified and Traditional script; the texts and queries mix them.
const std::pair<const char*, const char*> kWords[] = {
    {"城区", "城區"},     {"道路", "道路"},     {"拆迁", "拆遷"},     {"补偿", "補償"},     {"停车", "停車"},
    {"收费", "收費"},     {"小区", "小區"},     {"电梯", "電梯"},     {"学校", "學校"},     {"医院", "醫院"},
    {"公交线路", "公交線路"}, {"噪音", "噪音"}, {"绿化", "綠化"},     {"养老服务", "養老服務"}, {"夜间施工", "夜間施工"},
};
// The same in half and full width.
const std::pair<const char*, const char*> kCodes[] = {{"ABC", "ＡＢＣ"}, {"12", "１２"}, {"3号楼", "３号楼"}, {"K7", "Ｋ７"}};

class SearchIndexTest : public ::testing::Test {
protected:
    SearchIndexTest() : db_(dir_.path() / "openhall.db"), index_(db_) { db_.migrate(); }

    std::set<std::int64_t> found(const std::string& query) {
        std::set<std::int64_t> ids;
        for (const auto& hit : index_.search(query, 100000)) ids.insert(hit.id);
        return ids;
    }

    // The reference: every term (split and folded as the rule says) is a substring of the folded title or body.
    std::set<std::int64_t> expected(const std::string& query) {
        std::vector<std::string> terms;
        for (const auto& term : search_terms(query))
            if (auto f = folder_.fold(term); !f.empty()) terms.push_back(f);
        std::set<std::int64_t> ids;
        if (terms.empty()) return ids;
        for (const auto& [id, title, body] : texts_) {
            const auto t = folder_.fold(title), b = folder_.fold(body);
            if (std::all_of(terms.begin(), terms.end(), [&](const std::string& term) {
                    return t.find(term) != std::string::npos || b.find(term) != std::string::npos;
                }))
                ids.insert(id);
        }
        return ids;
    }

    void put(std::int64_t id, const std::string& title, const std::string& body) {
        index_.put_interpretation(InterpretationId{id}, title, body);
        texts_.emplace_back(id, title, body);
    }

    TempDir dir_;
    Database db_;
    SearchIndex index_;
    ScriptFolder folder_;
    std::vector<std::tuple<std::int64_t, std::string, std::string>> texts_;
};

}  // namespace

TEST(SearchTerms, WordsApartArePhrasesInQuotesAreOne) {
    EXPECT_EQ(search_terms("城区 拆迁"), (std::vector<std::string>{"城区", "拆迁"}));
    EXPECT_EQ(search_terms("补偿\u3000道路，停车、收费;噪音"),
              (std::vector<std::string>{"补偿", "道路", "停车", "收费", "噪音"}));
    EXPECT_EQ(search_terms("\"城区 道路\" 拆迁"), (std::vector<std::string>{"城区 道路", "拆迁"}));
    EXPECT_EQ(search_terms("“城区 道路”「拆迁 补偿」"), (std::vector<std::string>{"城区 道路", "拆迁 补偿"}));
    EXPECT_EQ(search_terms("\"未闭合 的引号"), (std::vector<std::string>{"未闭合 的引号"}));
    EXPECT_TRUE(search_terms("  \u3000 ").empty());
}

TEST_F(SearchIndexTest, TheIssuesQueriesFindTheirQuestion) {
    put(1, "城区道路拆迁补偿", "问：城区道路拆迁的补偿标准是什么？");
    put(2, "ＡＢＣ小区１２号楼加装电梯", "");
    put(3, "城区停车", "");
    for (const char* query : {"城区 拆迁", "补偿 道路", "城區 拆遷", "\"道路拆迁\""}) EXPECT_EQ(found(query), std::set<std::int64_t>{1}) << query;
    EXPECT_EQ(found("ABC 12"), std::set<std::int64_t>{2});
    EXPECT_EQ(found("城区"), (std::set<std::int64_t>{1, 3}));
    EXPECT_TRUE(found("\"拆迁道路\"").empty()) << "a phrase keeps its order";
    EXPECT_TRUE(found("城区 电梯").empty()) << "every term is required";
    EXPECT_TRUE(found("，、").empty());
}

TEST_F(SearchIndexTest, ResultsAreThoseOfABruteForceReference) {
    std::mt19937 random(20261201);  // fixed: the same texts and queries every run
    const auto pick = [&](auto& list) -> auto& { return list[random() % std::size(list)]; };
    const auto word = [&](bool traditional) { return std::string(traditional ? pick(kWords).second : pick(kWords).first); };
    const auto code = [&](bool full) { return std::string(full ? pick(kCodes).second : pick(kCodes).first); };
    for (std::int64_t id = 1; id <= 300; ++id) {
        std::string title, body;
        for (int k = 0; k < 3; ++k) title += random() % 4 == 0 ? code(random() % 2) : word(random() % 2);
        for (int k = 0; k < 6; ++k) body += (random() % 5 == 0 ? code(random() % 2) : word(random() % 2)) + (k % 2 ? "，" : "");
        put(id, title, body);
    }
    int with_results = 0;
    for (int q = 0; q < 200; ++q) {
        std::string query;
        switch (q % 4) {
            case 0: query = word(random() % 2) + " " + word(random() % 2); break;
            case 1: query = word(random() % 2) + "\u3000" + code(random() % 2); break;
            case 2: query = "\"" + word(random() % 2) + word(random() % 2) + "\""; break;
            default: query = code(random() % 2) + "，" + word(random() % 2) + " " + word(random() % 2); break;
        }
        const auto want = expected(query);
        EXPECT_EQ(found(query), want) << query;
        if (!want.empty()) ++with_results;
    }
    EXPECT_GT(with_results, 100) << "the queries should mostly find something, or the comparison proves little";
}
