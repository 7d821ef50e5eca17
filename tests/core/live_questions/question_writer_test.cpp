// The batching writer: many asks from many threads end in few commits, every completion comes after its commit,
// a failing job does not take its batch down, and what is queued is written before the writer stops.
#include <atomic>
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "openhall/core/events/event_service.hpp"
#include "openhall/core/live_questions/question_writer.hpp"
#include "support/temp_dir.hpp"

using namespace openhall::core;
using namespace std::chrono;
using openhall::testing::TempDir;

namespace {

class QuestionWriterTest : public ::testing::Test {
protected:
    QuestionWriterTest() : clock_(*parse_rfc3339("2026-12-08T09:30:00+08:00")) {
        Database db(file());
        db.migrate();
        EventService events(db, clock_);
        EventDraft d{EventKind::PressConference, "新闻发布会", "", "", *parse_rfc3339("2026-12-08T09:00:00+08:00"),
                     *parse_rfc3339("2026-12-08T10:00:00+08:00"), std::nullopt};
        event_ = events.create(Actor{"s"}, d)->id;
    }

    std::filesystem::path file() const { return dir_.path() / "openhall.db"; }

    WriterJob ask_job(const std::string& client_id, std::function<void(Question)> done) {
        return WriterJob{[=, this](QuestionService& s) -> std::function<void()> {
                             auto q = s.ask(NewQuestion{event_, client_id, "问题 " + client_id, "", QuestionSource::Online,
                                                        QuestionStatus::Pending, "",
                                                        time_point_cast<milliseconds>(clock_.now()), std::nullopt, "",
                                                        "", "", std::nullopt, ""})
                                          .question;
                             return [done, q] { done(q); };
                         },
                         [](const std::string& why) { ADD_FAILURE() << why; }};
    }

    TempDir dir_;
    ManualClock clock_;
    EventId event_;
};

}  // namespace

TEST_F(QuestionWriterTest, ABurstFromManyThreadsIsGroupCommittedAndEveryAckComesAfterItsCommit) {
    constexpr int kThreads = 4, kEach = 500;
    std::atomic<int> acked{0};
    std::atomic<int> missing_after_ack{0};
    {
        QuestionWriter writer(file(), clock_);
        Database reader(file());
        std::mutex reader_mutex;
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < kEach; ++i)
                    writer.submit(ask_job(std::to_string(t) + "-" + std::to_string(i), [&](const Question& q) {
                        // Committed: another connection sees it.
                        std::lock_guard lock(reader_mutex);
                        if (!QuestionRepository(reader).find(q.id)) ++missing_after_ack;
                        ++acked;
                    }));
            });
        for (auto& th : threads) th.join();
        while (acked < kThreads * kEach) std::this_thread::sleep_for(milliseconds{5});
        const auto stats = writer.stats();
        EXPECT_EQ(stats.jobs, static_cast<std::uint64_t>(kThreads * kEach));
        EXPECT_LT(stats.commits, stats.jobs / 4) << "asks share transactions";
        EXPECT_EQ(stats.failures, 0u);
    }
    EXPECT_EQ(missing_after_ack, 0);
    Database db(file());
    EXPECT_EQ(QuestionRepository(db).list(event_).size(), static_cast<std::size_t>(kThreads * kEach));
}

TEST_F(QuestionWriterTest, AFailingJobIsReportedAndTheRestOfItsBatchIsKept) {
    std::promise<std::string> failure;
    std::atomic<int> acked{0};
    {
        QuestionWriter writer(file(), clock_);
        writer.submit(ask_job("before", [&](const Question&) { ++acked; }));
        writer.submit(WriterJob{[](QuestionService& s) -> std::function<void()> {
                                    // An event that does not exist breaks the foreign key.
                                    s.ask(NewQuestion{EventId{999}, "x", "问题", "", QuestionSource::Online,
                                                      QuestionStatus::Pending, "", WallMillis{}, std::nullopt, "", "", "", std::nullopt, ""});
                                    return {};
                                },
                                [&](const std::string& why) { failure.set_value(why); }});
        writer.submit(ask_job("after", [&](const Question&) { ++acked; }));
    }  // the destructor writes what is queued
    EXPECT_NE(failure.get_future().get().find("FOREIGN KEY"), std::string::npos);
    EXPECT_EQ(acked, 2);
    Database db(file());
    EXPECT_EQ(QuestionRepository(db).list(event_).size(), 2u);
}
