// The server's side of live questions, and the in-process QuestionBus (the embedded default): asks, votes and
// moderation go to the batching writer; every change that follows is numbered per event here, the one place
// that decides, and handed to the listener (the gateway in this process, or the Redis relay that carries it to
// gateways elsewhere). Vote counts are coalesced: one numbered update per event at each flush_votes.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "openhall/core/accounts/auth_service.hpp"
#include "openhall/core/live_questions/question_bus.hpp"
#include "openhall/core/live_questions/question_writer.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::core {

class LiveQuestionHub final : public QuestionBus {
public:
    // `db_file`: the database the writer writes; snapshots and sessions are read from it on the gateway's thread.
    LiveQuestionHub(QuestionWriter& writer, std::filesystem::path db_file, const Clock& clock);
    ~LiveQuestionHub() override;

    // QuestionBus (question_bus.hpp). Completions run on the writer's thread after its commit.
    void ask(const NewQuestion& question, std::function<void(AskReply)> done) override;
    void vote(EventId event, QuestionId question, const std::string& viewer,
              std::function<void(VoteReply)> done) override;
    void moderate(const Actor& actor, const ModerationRequest& request,
                  std::function<void(ModerationReply)> done) override;
    std::optional<RoomSnapshot> snapshot(EventId event) override;
    std::optional<StaffUser> staff_of(const std::string& session_token) override;
    void listen(std::function<void(const RoomUpdate&)> on_update) override;
    std::size_t viewers(EventId, std::size_t here) override { return here; }

    // From any thread, after the change is committed: a question changed elsewhere (the REST moderation route, a
    // staff room question); an event's status changed (asking opens with live and closes after the end).
    void publish_question(const Question& q);
    void publish_status(EventId event, EventStatus status, Timestamp changed_at);
    // From any thread, after the line is committed: a caption line sent or corrected (CaptionService).
    void publish_caption(const CaptionLine& line);
    // From any thread: a speech engine's partial result, the words of an utterance heard so far, from `start_ms` on
    // the recording (docs/captions.md, "Speech engines"). Not stored, not numbered: shown until the final line.
    void publish_caption_partial(EventId event, std::int64_t start_ms, std::string text);
    // From a timer (every 250 ms): one numbered update per event whose vote counts changed since the last.
    void flush_votes();

    // The event's newest number; the first use of an event starts it at the time in microseconds, so numbers
    // never repeat across restarts and a page's old `since` from before one gets a fresh hello. Any thread.
    std::uint64_t seq(EventId event);

private:
    void emit(RoomUpdate update, bool numbered);
    void open_reader();
    std::uint64_t seq_locked(EventId event);

    QuestionWriter& writer_;
    std::filesystem::path db_file_;
    const Clock& clock_;
    // The gateway's thread only, opened on its first call.
    std::unique_ptr<Database> reader_;
    std::unique_ptr<AuthService> auth_;

    std::mutex mutex_;  // numbers and hands on one update at a time, so each event's arrive in order
    std::function<void(const RoomUpdate&)> listener_;
    std::unordered_map<std::int64_t, std::uint64_t> seq_;
    std::unordered_map<std::int64_t, std::map<QuestionId, std::int64_t>> unsent_votes_;
};

}  // namespace openhall::core
