#include "openhall/core/live_questions/question_writer.hpp"

#include <exception>
#include <vector>

#include <SQLiteCpp/Transaction.h>

#include "openhall/core/base/thread_name.hpp"

namespace openhall::core {
namespace {

constexpr std::size_t kMaxBatch = 4096;  // keeps one transaction's work (and the wait for the next) short

}  // namespace

QuestionWriter::QuestionWriter(const std::filesystem::path& db_file, const Clock& clock, const QuestionAnalyzer* analyzer)
    : clock_(clock),
      db_(db_file),
      look_alikes_(analyzer ? std::make_unique<LookAlikes>(*analyzer) : nullptr),
      service_(db_, clock_, look_alikes_.get()) {
    db_.handle().exec("PRAGMA synchronous = FULL");
    // A batch of a thousand asks dirties a page of each random-keyed index (ticket, client id) per ask: with
    // SQLite's default 2 MB cache they spill into the WAL mid-transaction and are written and read again (a
    // fifth of the writer's time at 100,000 questions). 64 MB, taken only as it fills, keeps a batch in memory.
    db_.handle().exec("PRAGMA cache_size = -65536");
    // Each ask is a savepoint, and SQLite keeps the pages it changes in a statement journal, a temporary file
    // past 64 kB: in memory instead (it only serves rolling one ask back, never crash recovery).
    db_.handle().exec("PRAGMA temp_store = MEMORY");
    thread_ = named_thread("oh-writer", [this] { run(); });
}

QuestionWriter::~QuestionWriter() { stop(); }

void QuestionWriter::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mutex_);
    stopped_ = true;
}

void QuestionWriter::submit(WriterJob job) {
    {
        std::lock_guard lock(mutex_);
        if (!stopped_) {
            queue_.push_back(std::move(job));
            wake_.notify_one();
            return;
        }
    }
    if (job.failed) job.failed("the question writer has stopped");
}

WriterStats QuestionWriter::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void QuestionWriter::run() {
    std::deque<WriterJob> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything is written
            while (!queue_.empty() && batch.size() < kMaxBatch) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        write_batch(batch);
        batch.clear();
    }
}

void QuestionWriter::write_batch(std::deque<WriterJob>& batch) {
    std::vector<std::function<void()>> completions;
    completions.reserve(batch.size());
    std::uint64_t failures = 0;
    try {
        SQLite::Transaction tx(db_.handle(), SQLite::TransactionBehavior::IMMEDIATE);
        for (auto& job : batch) {
            try {
                // Each service call is its own savepoint: a job that throws leaves the others in the batch intact.
                completions.push_back(job.work(service_));
            } catch (const std::exception& e) {
                ++failures;
                service_.forget_look_alikes();
                if (job.failed) job.failed(e.what());
            }
        }
        tx.commit();
    } catch (const std::exception& e) {
        // The commit itself failed: nothing of this batch is stored.
        service_.forget_look_alikes();
        for (auto& job : batch)
            if (job.failed) job.failed(e.what());
        std::lock_guard lock(mutex_);
        stats_.jobs += batch.size();
        stats_.failures += batch.size();
        return;
    }
    for (auto& done : completions)
        if (done) done();
    std::lock_guard lock(mutex_);
    stats_.jobs += batch.size();
    stats_.commits += 1;
    stats_.failures += failures;
}

}  // namespace openhall::core
