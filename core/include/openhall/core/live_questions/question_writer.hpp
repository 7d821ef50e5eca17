// The batching writer (group commit) for live questions and votes: one thread, one connection, one
// transaction for everything that arrived while the previous one committed. A burst of thousands of asks costs
// a few fsyncs, and the caller (the gateway thread) never waits on the disk: it hands a job over and hears back
// after the commit.
#pragma once

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <mutex>
#include <string>
#include <thread>

#include "openhall/core/live_questions/question_service.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

struct WriterJob {
    // Runs inside the batch's transaction and returns what to do once it is committed (may be empty).
    std::function<std::function<void()>(QuestionService&)> work;
    // Called instead when the job or its batch failed; the message is for the log.
    std::function<void(const std::string&)> failed;
};

struct WriterStats {
    std::uint64_t jobs = 0;
    std::uint64_t commits = 0;
    std::uint64_t failures = 0;
};

class QuestionWriter {
public:
    // Opens its own connection to the database file, with fsync on every commit (synchronous=FULL). With an
    // analyzer, online questions are marked with the question they look like (look_alikes.hpp).
    QuestionWriter(const std::filesystem::path& db_file, const Clock& clock, const QuestionAnalyzer* analyzer = nullptr);
    // Writes what is queued, then stops.
    ~QuestionWriter();
    // The same, earlier (the server stops it while those its completions report to still exist); a job
    // submitted afterwards fails at once. Any thread but the writer's.
    void stop();
    QuestionWriter(const QuestionWriter&) = delete;
    QuestionWriter& operator=(const QuestionWriter&) = delete;

    // From any thread. Completions and failures are called on the writer's thread, after the commit: they must
    // only hand the result on (a queue and a wake-up), never block.
    void submit(WriterJob job);

    // From a thread that may wait (an HTTP handler): runs `work` in the next batch and returns its result once
    // it is committed; rethrows what the work threw, or throws when the batch failed. Keeps the writer the only
    // one writing questions, so staff changes never race the live ones.
    template <class Work>
    auto call(Work work) -> std::invoke_result_t<Work, QuestionService&>;
    // The same, and `committed` runs with the result on the writer's thread right after the commit, before any
    // later batch: changes are published in the order they were stored (never an older one after a newer).
    template <class Work, class Committed>
    auto call(Work work, Committed committed) -> std::invoke_result_t<Work, QuestionService&>;

    WriterStats stats() const;

    // From the next batch on, new questions without an id take theirs from `next` (QuestionService::use_question_ids).
    void use_question_ids(std::function<QuestionId()> next) {
        submit(WriterJob{[next = std::move(next)](QuestionService& service) -> std::function<void()> {
                             service.use_question_ids(next);
                             return {};
                         },
                         {}});
    }

private:
    void run();
    void write_batch(std::deque<WriterJob>& batch);

    const Clock& clock_;
    Database db_;
    std::unique_ptr<LookAlikes> look_alikes_;  // used by service_ on the writer's thread only
    QuestionService service_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<WriterJob> queue_;
    WriterStats stats_;
    bool stopping_ = false;
    bool stopped_ = false;  // the thread has ended: nothing submitted now would run
    std::thread thread_;  // last: starts once everything above exists
};

template <class Work>
auto QuestionWriter::call(Work work) -> std::invoke_result_t<Work, QuestionService&> {
    return call(std::move(work), [](const auto&) {});
}

template <class Work, class Committed>
auto QuestionWriter::call(Work work, Committed committed) -> std::invoke_result_t<Work, QuestionService&> {
    using Value = std::invoke_result_t<Work, QuestionService&>;
    auto promise = std::make_shared<std::promise<Value>>();
    auto future = promise->get_future();
    submit(WriterJob{[work = std::move(work), committed = std::move(committed),
                      promise](QuestionService& service) mutable -> std::function<void()> {
                         auto value = std::make_shared<Value>(work(service));
                         return [promise, value, committed] {
                             committed(*value);
                             promise->set_value(std::move(*value));
                         };
                     },
                     [promise](const std::string& why) {
                         try {  // a job that threw is told again when its batch then fails to commit
                             promise->set_exception(std::make_exception_ptr(std::runtime_error(why)));
                         } catch (const std::future_error&) {
                         }
                     }});
    return future.get();
}

}  // namespace openhall::core
