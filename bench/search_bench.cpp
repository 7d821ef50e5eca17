// Full-text search at scale: N approved questions in a real SQLite file, indexed by the FTS5 trigram triggers
// (folded text), then queries through SearchIndex beside the peer a developer would write first, a
// `LIKE '%…%'` scan of the questions table (which also cannot match across Traditional and Simplified).
// Usage: search_bench [QUESTIONS] [QUERIES]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <SQLiteCpp/Transaction.h>

#include "openhall/core/store/database.hpp"
#include "openhall/core/store/search_index.hpp"

namespace {

using Clock = std::chrono::steady_clock;

const std::vector<std::string> kPlaces = {"滨江路", "新区", "老城区", "东门街道", "青溪镇", "西山村", "火车站", "第一中学",
                                          "人民医院", "工业园", "南湖小区", "北关社区", "文化广场", "县政府", "高铁站"};
const std::vector<std::string> kTopics = {"停车位", "公交线路", "垃圾分类", "加装电梯", "医保报销", "供暖", "水价",
                                          "学校周边交通", "社区食堂", "路灯", "污水管网", "噪音扰民", "养老服务",
                                          "菜市场改造", "雨污分流", "共享单车", "充电桩", "物业收费", "学位", "夜市"};
const std::vector<std::string> kAsks = {"什么时候能解决？", "能否延长时间？", "补贴怎么申请？", "收费标准是多少？",
                                        "由哪个部门负责？", "能不能增加一些？", "进度如何？", "有没有具体计划？"};

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
    const int questions = argc > 1 ? std::atoi(argv[1]) : 100000;
    const int queries = argc > 2 ? std::atoi(argv[2]) : 300;
    const auto dir = std::filesystem::temp_directory_path() / "openhall-search-bench";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    openhall::core::Database db(dir / "openhall.db");
    db.migrate();
    db.handle().exec(
        "INSERT INTO events(kind, title, starts_at, ends_at, status, created_at, updated_at)"
        " VALUES ('interview', 'bench', 0, 3600, 'ended', 0, 0)");

    std::mt19937 rng(42);
    auto pick = [&](const std::vector<std::string>& from) { return from[rng() % from.size()]; };
    const auto started = Clock::now();
    {
        SQLite::Transaction tx(db.handle());
        SQLite::Statement insert(db.handle(),
                                 "INSERT INTO questions(event_id, ticket, client_id, text, source, status, asked_at_ms,"
                                 " updated_at_ms) VALUES (1, ?, ?, ?, 'online', 'approved', 0, 0)");
        for (int i = 0; i < questions; ++i) {
            auto text = pick(kPlaces) + "的" + pick(kTopics) + "问题" + pick(kAsks) + "（编号" + std::to_string(i) + "）";
            insert.bind(1, "T" + std::to_string(i));
            insert.bind(2, "c" + std::to_string(i));
            insert.bind(3, text);
            insert.exec();
            insert.reset();
        }
        tx.commit();
    }
    const double insert_s = std::chrono::duration<double>(Clock::now() - started).count();

    openhall::core::SearchIndex search(db);
    std::printf("questions %d, inserted and indexed in %.2f s (%.1f µs each), database %.1f MB\n", questions, insert_s,
                insert_s * 1e6 / questions, static_cast<double>(std::filesystem::file_size(dir / "openhall.db")) / 1e6);
    // Common queries (a place and a topic: hundreds of matches) and rare ones (one question's number: one match,
    // where a scan must read the whole table).
    for (const bool rare : {false, true}) {
        std::vector<double> fts_ms, like_ms;
        std::size_t fts_hits = 0, like_hits = 0;
        for (int q = 0; q < queries; ++q) {
            const auto query = rare ? "编号" + std::to_string(rng() % questions) + "）" : pick(kPlaces) + "的" + pick(kTopics);
            auto t0 = Clock::now();
            fts_hits += search.search(query, 50).size();
            fts_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
            t0 = Clock::now();
            SQLite::Statement like(db.handle(),
                                   "SELECT id FROM questions WHERE status IN ('approved','answered') AND text LIKE ? LIMIT 50");
            like.bind(1, "%" + query + "%");
            while (like.executeStep()) ++like_hits;
            like_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
        std::printf("%s queries: FTS5 trigram p50 %.2f ms p99 %.2f ms (%zu hits) | peer LIKE scan p50 %.2f ms p99 %.2f ms (%zu hits)\n",
                    rare ? "rare  " : "common", percentile(fts_ms, 0.5), percentile(fts_ms, 0.99), fts_hits,
                    percentile(like_ms, 0.5), percentile(like_ms, 0.99), like_hits);
    }
    std::filesystem::remove_all(dir);
    return 0;
}
