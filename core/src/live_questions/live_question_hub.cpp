#include "openhall/core/live_questions/live_question_hub.hpp"

#include <chrono>

#include "openhall/core/captions/caption_repository.hpp"
#include "openhall/core/events/event_repository.hpp"
#include "openhall/core/live_questions/question_repository.hpp"

namespace openhall::core {

LiveQuestionHub::LiveQuestionHub(QuestionWriter& writer, std::filesystem::path db_file, const Clock& clock)
    : writer_(writer), db_file_(std::move(db_file)), clock_(clock) {}

LiveQuestionHub::~LiveQuestionHub() = default;

void LiveQuestionHub::listen(std::function<void(const RoomUpdate&)> on_update) {
    std::lock_guard lock(mutex_);
    listener_ = std::move(on_update);
}

std::uint64_t LiveQuestionHub::seq_locked(EventId event) {
    auto [it, first] = seq_.try_emplace(event.value, 0);
    if (first)
        it->second = static_cast<std::uint64_t>(
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count());
    return it->second;
}

std::uint64_t LiveQuestionHub::seq(EventId event) {
    std::lock_guard lock(mutex_);
    return seq_locked(event);
}

void LiveQuestionHub::emit(RoomUpdate update, bool numbered) {
    std::lock_guard lock(mutex_);
    if (numbered) {
        seq_locked(update.event);
        update.seq = ++seq_[update.event.value];
    } else {
        update.as_of_seq = seq_locked(update.event);
    }
    if (listener_) listener_(update);
}

void LiveQuestionHub::publish_question(const Question& q) {
    RoomUpdate update;
    update.kind = RoomUpdate::Kind::Question;
    update.event = q.event_id;
    update.question = q;
    emit(std::move(update), true);
}

void LiveQuestionHub::publish_status(EventId event, EventStatus status, Timestamp changed_at) {
    RoomUpdate update;
    update.kind = RoomUpdate::Kind::Status;
    update.event = event;
    update.status = status;
    update.status_changed_at = changed_at;
    emit(std::move(update), false);
}

void LiveQuestionHub::publish_caption(const CaptionLine& line) {
    RoomUpdate update;
    update.kind = RoomUpdate::Kind::Caption;
    update.event = line.event_id;
    update.caption = line;
    emit(std::move(update), true);
}

void LiveQuestionHub::publish_caption_partial(EventId event, std::int64_t start_ms, std::string text) {
    RoomUpdate update;
    update.kind = RoomUpdate::Kind::CaptionPartial;
    update.event = event;
    CaptionLine line;
    line.event_id = event;
    line.start_ms = start_ms;
    line.text = std::move(text);
    line.source = CaptionSource::Engine;
    update.caption = std::move(line);
    emit(std::move(update), false);
}

void LiveQuestionHub::flush_votes() {
    std::unordered_map<std::int64_t, std::map<QuestionId, std::int64_t>> unsent;
    {
        std::lock_guard lock(mutex_);
        unsent.swap(unsent_votes_);
    }
    for (auto& [event, counts] : unsent) {
        RoomUpdate update;
        update.kind = RoomUpdate::Kind::Votes;
        update.event = EventId{event};
        update.votes = std::move(counts);
        emit(std::move(update), true);
    }
}

void LiveQuestionHub::ask(const NewQuestion& question, std::function<void(AskReply)> done) {
    writer_.submit(WriterJob{
        [this, question, done](QuestionService& service) -> std::function<void()> {
            auto outcome = service.ask(question);
            return [this, outcome, done] {
                // Published first: through Redis, `done` acknowledges the command, which must not come before.
                if (outcome.created) publish_question(outcome.question);
                done(AskReply{outcome.question.id, outcome.question.ticket, "", "", ""});
            };
        },
        [done](const std::string& why) {
            done(AskReply{std::nullopt, "", "server_error", "the question could not be stored; please try again", why});
        }});
}

void LiveQuestionHub::vote(EventId event, QuestionId question, const std::string& viewer,
                           std::function<void(VoteReply)> done) {
    writer_.submit(WriterJob{
        [this, event, question, viewer, done](QuestionService& service) -> std::function<void()> {
            auto outcome = service.vote(question, viewer);
            return [this, event, outcome, done] {
                if (!outcome) return done(VoteReply::NotOpen);
                if (!outcome->counted) return done(VoteReply::AlreadyVoted);
                {
                    std::lock_guard lock(mutex_);
                    unsent_votes_[event.value][outcome->question] = outcome->votes;
                }
                done(VoteReply::Counted);
            };
        },
        [done](const std::string&) { done(VoteReply::Unavailable); }});
}

void LiveQuestionHub::moderate(const Actor& actor, const ModerationRequest& request,
                               std::function<void(ModerationReply)> done) {
    writer_.submit(WriterJob{
        [this, actor, request, done](QuestionService& service) -> std::function<void()> {
            auto result = service.moderate(actor, request.question, request.action, request.into, request.reason);
            return [this, result, done] {
                if (!result) return done({std::string(error_code_name(result.error().code)), result.error().message, ""});
                if (result->changed) {
                    publish_question(result->question);
                    if (result->merged_into) publish_question(*result->merged_into);
                }
                done({});
            };
        },
        [done](const std::string& why) { done({"server_error", "the change could not be stored", why}); }});
}

void LiveQuestionHub::open_reader() {
    if (reader_) return;
    reader_ = std::make_unique<Database>(db_file_);
    auth_ = std::make_unique<AuthService>(*reader_, clock_);
}

std::optional<RoomSnapshot> LiveQuestionHub::snapshot(EventId event) {
    open_reader();
    // The number first: every update numbered up to it was committed before it was handed out, so the reads
    // below see it; updates after it reach the room through the listener (applying one twice changes nothing).
    RoomSnapshot room;
    room.seq = seq(event);
    EventRepository events(*reader_);
    auto e = events.find(event);
    if (!e || e->status == EventStatus::Draft) return std::nullopt;  // drafts are not public
    room.status = e->status;
    room.status_changed_at = events.status_changed_at(event).value_or(clock_.now());
    QuestionRepository questions(*reader_);
    for (auto& q : questions.list(event))
        if (q.status != QuestionStatus::Rejected) room.questions.push_back(std::move(q));
    room.caption = CaptionRepository(*reader_).newest(event);
    return room;
}

std::optional<StaffUser> LiveQuestionHub::staff_of(const std::string& session_token) {
    open_reader();
    return auth_->authenticate(session_token);
}

}  // namespace openhall::core
