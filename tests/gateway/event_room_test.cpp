#include <gtest/gtest.h>

#include "openhall/gateway/event_room.hpp"

using namespace openhall;
using namespace openhall::gateway;
using namespace std::chrono_literals;
using core::QuestionId;
using core::QuestionStatus;
using nlohmann::json;

namespace {

struct Recorder final : Subscriber {
    explicit Recorder(bool staff = false) : staff_(staff) {}
    void send(const Payload& message) override { received.push_back(json::parse(*message)); }
    bool is_staff() const override { return staff_; }
    std::vector<json> of_type(const std::string& type) const {
        std::vector<json> out;
        for (const auto& m : received)
            if (m["type"] == type) out.push_back(m);
        return out;
    }
    std::vector<json> received;
    bool staff_;
};

const core::Timestamp kNow = core::Timestamp{std::chrono::seconds{1'764'000'000}};

core::Question question(std::int64_t id, QuestionStatus status, std::int64_t asked_s, bool pinned = false) {
    core::Question q;
    q.id = QuestionId{id};
    q.event_id = core::EventId{1};
    q.ticket = "AAAA-AAA" + std::to_string(id);
    q.text = "问题 " + std::to_string(id);
    q.status = status;
    q.pinned = pinned;
    q.asked_at = core::WallMillis{std::chrono::seconds{1'764'000'000 + asked_s}};
    return q;
}

EventRoom room_with(std::vector<core::Question> questions, RoomSettings settings = {}) {
    core::RoomSnapshot snapshot{core::EventStatus::Live, kNow, std::move(questions), 1000, {}};
    return EventRoom(core::EventId{1}, snapshot, [](core::Timestamp) { return std::chrono::seconds{8 * 3600}; },
                     settings);
}

// What the hub hands on: a changed question, or vote counts, with the number it gave.
core::RoomUpdate changed(core::Question q, std::uint64_t seq) {
    core::RoomUpdate u;
    u.kind = core::RoomUpdate::Kind::Question;
    u.event = q.event_id;
    u.seq = seq;
    u.question = std::move(q);
    return u;
}

core::RoomUpdate counts(std::map<QuestionId, std::int64_t> votes, std::uint64_t seq) {
    core::RoomUpdate u;
    u.kind = core::RoomUpdate::Kind::Votes;
    u.event = core::EventId{1};
    u.seq = seq;
    u.votes = std::move(votes);
    return u;
}

core::RoomUpdate caption(std::int64_t id, std::string text, int revision, std::uint64_t seq) {
    core::RoomUpdate u;
    u.kind = core::RoomUpdate::Kind::Caption;
    u.event = core::EventId{1};
    u.seq = seq;
    u.caption = core::CaptionLine{core::CaptionLineId{id}, core::EventId{1}, id * 1000, std::move(text),
                                  core::CaptionSource::Person, "captioner1", revision, {}};
    return u;
}

core::Question with_votes(core::Question q, std::int64_t votes) {
    q.votes = votes;
    return q;
}

std::vector<std::int64_t> ids_in(const json& hello) {
    std::vector<std::int64_t> ids;
    for (const auto& q : hello["questions"]) ids.push_back(q["id"]);
    return ids;
}

}  // namespace

TEST(EventRoom, HelloListsPublicQuestionsPinnedThenVotesThenOldest) {
    auto room = room_with({question(1, QuestionStatus::Approved, 10), with_votes(question(2, QuestionStatus::Approved, 20), 2),
                           question(3, QuestionStatus::Answered, 30, true), question(4, QuestionStatus::Pending, 5),
                           question(5, QuestionStatus::Rejected, 1)});
    Recorder viewer;
    room.join(&viewer, std::nullopt);
    ASSERT_EQ(viewer.received.size(), 1u);
    const auto& hello = viewer.received[0];
    EXPECT_EQ(hello["type"], "hello");
    EXPECT_EQ(hello["seq"], 1000);
    EXPECT_EQ(hello["viewers"], 1);
    EXPECT_EQ(ids_in(hello), (std::vector<std::int64_t>{3, 2, 1}));
    EXPECT_EQ(hello["questions"][1]["votes"], 2);

    Recorder staff(true);
    room.join(&staff, std::nullopt);
    auto pending = staff.of_type("pending");
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0]["question"]["id"], 4);
    EXPECT_EQ(pending[0]["question"]["ticket"], "AAAA-AAA4");  // staff see the moderation fields
}

TEST(EventRoom, PendingGoesToStaffOnlyAndApprovalToEveryoneWithTheHubsNumbers) {
    auto room = room_with({});
    Recorder viewer, staff(true);
    room.join(&viewer, std::nullopt);
    room.join(&staff, std::nullopt);
    room.apply(changed(question(7, QuestionStatus::Pending, 1), 1001));
    EXPECT_TRUE(viewer.of_type("pending").empty());
    ASSERT_EQ(staff.of_type("pending").size(), 1u);
    EXPECT_EQ(staff.of_type("pending")[0]["seq"], 1001);
    EXPECT_EQ(room.seq(), 1001u);

    room.apply(changed(question(7, QuestionStatus::Approved, 1), 1002));
    ASSERT_EQ(viewer.of_type("question").size(), 1u);
    EXPECT_EQ(viewer.of_type("question")[0]["seq"], 1002);
    EXPECT_FALSE(viewer.of_type("question")[0]["question"].contains("ticket"));
    EXPECT_EQ(staff.of_type("question").size(), 1u);

    // Rejecting a public question tells everyone (it disappears); rejecting a pending one only staff.
    room.apply(changed(question(7, QuestionStatus::Rejected, 1), 1003));
    EXPECT_EQ(viewer.of_type("question").size(), 2u);
    room.apply(changed(question(8, QuestionStatus::Pending, 2), 1004));
    room.apply(changed(question(8, QuestionStatus::Rejected, 2), 1005));
    EXPECT_EQ(viewer.of_type("question").size(), 2u);
    EXPECT_EQ(staff.of_type("question").size(), 3u);
}

TEST(EventRoom, UpdatesAlreadyInTheSnapshotAreNotSentAgain) {
    auto room = room_with({question(1, QuestionStatus::Approved, 1)});  // as of 1000
    Recorder viewer;
    room.join(&viewer, std::nullopt);
    room.apply(changed(question(1, QuestionStatus::Approved, 1), 999));
    room.apply(changed(question(1, QuestionStatus::Approved, 1), 1000));
    EXPECT_TRUE(viewer.of_type("question").empty());
    EXPECT_EQ(room.seq(), 1000u);
    room.apply(changed(question(1, QuestionStatus::Answered, 1), 1001));
    EXPECT_EQ(viewer.of_type("question").size(), 1u);
}

TEST(EventRoom, ResumeSendsWhatWasMissedOrAFreshHello) {
    RoomSettings small;
    small.backlog = 4;
    auto room = room_with({}, small);
    for (int i = 1; i <= 5; ++i) room.apply(changed(question(i, QuestionStatus::Approved, i), 1000 + i));
    room.apply(changed(question(6, QuestionStatus::Pending, 6), 1006));  // for staff only
    Recorder resumed, current, too_old, future, staff(true);
    room.join(&resumed, 1003);
    ASSERT_EQ(resumed.received.size(), 2u) << "a viewer resumes without the staff's pending question";
    EXPECT_EQ(resumed.received[0]["seq"], 1004);
    EXPECT_EQ(resumed.received[1]["seq"], 1005);
    room.join(&staff, 1004);
    ASSERT_GE(staff.received.size(), 2u);
    EXPECT_EQ(staff.received[0]["seq"], 1005);
    EXPECT_EQ(staff.received[1]["seq"], 1006);
    room.join(&current, 1006);
    EXPECT_TRUE(current.received.empty());
    room.join(&too_old, 1001);  // 1002 has left the backlog
    ASSERT_EQ(too_old.received.size(), 1u);
    EXPECT_EQ(too_old.received[0]["type"], "hello");
    EXPECT_EQ(too_old.received[0]["questions"].size(), 5u);
    room.join(&future, 99999);  // from another room's life
    EXPECT_EQ(future.received.at(0)["type"], "hello");
}

TEST(EventRoom, AViewerFromAnotherGatewayResumesFromTheSnapshotsRecentUpdatesEachOnce) {
    core::RoomSnapshot snapshot{core::EventStatus::Live, kNow, {question(1, QuestionStatus::Approved, 1)}, 1003, {}};
    snapshot.recent.push_back(changed(question(2, QuestionStatus::Pending, 2), 1001));
    snapshot.recent.back().staff_only = true;
    snapshot.recent.push_back(changed(question(1, QuestionStatus::Approved, 1), 1002));
    snapshot.recent.push_back(changed(question(1, QuestionStatus::Approved, 1), 1002));  // sent twice on the way
    snapshot.recent.push_back(counts({{QuestionId{1}, 4}}, 1003));
    EventRoom room(core::EventId{1}, snapshot, [](core::Timestamp) { return std::chrono::seconds{8 * 3600}; }, {});
    Recorder viewer, staff(true);
    room.join(&viewer, 1000);
    ASSERT_EQ(viewer.received.size(), 2u) << "no hello, no pending question, the approval once";
    EXPECT_EQ(viewer.received[0]["type"], "question");
    EXPECT_EQ(viewer.received[0]["seq"], 1002);
    EXPECT_EQ(viewer.received[1]["type"], "votes");
    room.join(&staff, 1000);
    EXPECT_EQ(staff.received.at(0)["type"], "pending");
    EXPECT_EQ(staff.received.at(0)["seq"], 1001);
}

TEST(EventRoom, AReloadStartsAgainWithAHelloForEveryone) {
    auto room = room_with({question(1, QuestionStatus::Approved, 1)});
    Recorder viewer, staff(true);
    room.join(&viewer, std::nullopt);
    room.join(&staff, std::nullopt);
    core::RoomSnapshot newer{core::EventStatus::Live, kNow,
                             {question(1, QuestionStatus::Approved, 1), question(2, QuestionStatus::Approved, 2),
                              question(3, QuestionStatus::Pending, 3)},
                             5000, {}};
    room.reload(newer);
    EXPECT_EQ(room.seq(), 5000u);
    ASSERT_EQ(viewer.of_type("hello").size(), 2u);
    EXPECT_EQ(viewer.of_type("hello")[1]["questions"].size(), 2u);
    EXPECT_EQ(viewer.of_type("hello")[1]["seq"], 5000);
    EXPECT_EQ(staff.of_type("pending").size(), 1u);
    Recorder late;
    room.join(&late, 1000);
    EXPECT_EQ(late.received.at(0)["type"], "hello") << "numbers from before the reload cannot resume";
}

TEST(EventRoom, VoteCountsComeFromTheHubAndVotesFollowMerges) {
    auto room = room_with({question(1, QuestionStatus::Approved, 1), question(2, QuestionStatus::Approved, 2),
                           question(3, QuestionStatus::Pending, 3)});
    Recorder viewer;
    room.join(&viewer, std::nullopt);
    EXPECT_EQ(room.vote_target(QuestionId{1}), QuestionId{1});
    EXPECT_EQ(room.vote_target(QuestionId{3}), std::nullopt) << "a pending question takes no votes";
    EXPECT_EQ(room.vote_target(QuestionId{99}), std::nullopt);

    room.apply(counts({{QuestionId{1}, 2}, {QuestionId{2}, 1}}, 1001));
    auto votes = viewer.of_type("votes");
    ASSERT_EQ(votes.size(), 1u);
    EXPECT_EQ(votes[0]["votes"], (json{{"1", 2}, {"2", 1}}));
    EXPECT_EQ(votes[0]["seq"], 1001);

    // Merging 2 into 1: votes for 2 go to 1; the target's count comes with its own change.
    auto merged = question(2, QuestionStatus::Merged, 2);
    merged.merged_into = QuestionId{1};
    room.apply(changed(merged, 1002));
    room.apply(changed(with_votes(question(1, QuestionStatus::Approved, 1), 3), 1003));
    EXPECT_EQ(room.vote_target(QuestionId{2}), QuestionId{1});
    EXPECT_EQ(viewer.of_type("question").back()["question"]["votes"], 3);

    // A change read before the latest count keeps the newer count.
    room.apply(counts({{QuestionId{1}, 5}}, 1004));
    auto pinned = question(1, QuestionStatus::Approved, 1, true);
    room.apply(changed(with_votes(pinned, 3), 1005));
    EXPECT_EQ(viewer.of_type("question").back()["question"]["votes"], 5);
}

TEST(EventRoom, ViewerCountsAreSentWhenTheyChange) {
    auto room = room_with({});
    Recorder a, b;
    room.join(&a, std::nullopt);
    const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
    room.flush_viewers(1, t0);
    room.flush_viewers(1, t0 + 1s);
    room.join(&b, std::nullopt);
    room.flush_viewers(2500, t0 + 2s);  // with the viewers on the other gateways
    auto counts = a.of_type("viewers");
    ASSERT_EQ(counts.size(), 2u);
    EXPECT_EQ(counts[0]["count"], 1);
    EXPECT_EQ(counts[1]["count"], 2500);
    EXPECT_FALSE(counts[1].contains("seq"));
    room.leave(&b);
    EXPECT_EQ(room.viewers(), 1u);
    Recorder c;
    room.join(&c, std::nullopt);
    EXPECT_EQ(c.received.at(0)["viewers"], 2500) << "a hello says the count on every gateway";
}

TEST(EventRoom, ALargeRoomHearsOfSmallChangesInItsCountEveryFiveSeconds) {
    auto room = room_with({});
    Recorder a;
    room.join(&a, std::nullopt);
    const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
    auto counts = [&] {
        std::vector<int> out;
        for (const auto& m : a.of_type("viewers")) out.push_back(m["count"]);
        return out;
    };
    room.flush_viewers(50000, t0);
    room.flush_viewers(50120, t0 + 1s);  // under 1%: not yet
    room.flush_viewers(50300, t0 + 2s);
    EXPECT_EQ(counts(), std::vector<int>({50000}));
    room.flush_viewers(50310, t0 + 5s);  // 5 s after the last count: sent
    EXPECT_EQ(counts(), std::vector<int>({50000, 50310}));
    room.flush_viewers(49700, t0 + 6s);  // 1% or more (people leaving too): at once
    EXPECT_EQ(counts(), std::vector<int>({50000, 50310, 49700}));
    room.flush_viewers(49700, t0 + 20s);  // unchanged: never
    EXPECT_EQ(counts().size(), 3u);
    // A small room hears of every change at once.
    auto small = room_with({});
    Recorder b;
    small.join(&b, std::nullopt);
    small.flush_viewers(40, t0);
    small.flush_viewers(41, t0 + 1s);
    EXPECT_EQ(b.of_type("viewers").size(), 2u);
}

TEST(EventRoom, QuestionsAreTakenWhileLiveAndForAWhileAfterTheEnd) {
    RoomSettings settings;
    settings.ask_after_end = 10min;
    auto room = room_with({}, settings);    Recorder viewer;
    room.join(&viewer, std::nullopt);
    EXPECT_TRUE(room.accepts_questions(kNow + 5h));
    room.set_status(core::EventStatus::Ended, kNow + 1h);
    EXPECT_EQ(viewer.of_type("status").at(0)["status"], "ended");
    EXPECT_TRUE(room.accepts_questions(kNow + 1h + 9min));
    EXPECT_FALSE(room.accepts_questions(kNow + 1h + 10min));
    room.set_status(core::EventStatus::Archived, kNow + 2h);
    EXPECT_FALSE(room.accepts_questions(kNow + 2h));
    room.set_status(core::EventStatus::Archived, kNow + 2h);
    EXPECT_EQ(viewer.of_type("status").size(), 2u) << "no message when nothing changed";
}

TEST(EventRoom, CaptionLinesReachEveryoneNumberedAndTheNewestIsInTheHelloWhileLive) {
    auto room = room_with({});
    Recorder viewer, staff(true), early;
    room.join(&early, std::nullopt);
    EXPECT_TRUE(early.received.at(0)["caption"].is_null()) << "no line yet";
    room.join(&viewer, std::nullopt);
    room.join(&staff, std::nullopt);
    room.apply(caption(1, "会议现在开始", 1, 1001));
    room.apply(caption(2, "供暖费每平方米二十一元", 1, 1002));
    room.apply(caption(2, "供暖费每平方米二十二元", 2, 1003));  // the newest line corrected
    for (const auto* r : {&viewer, &staff}) {
        const auto lines = r->of_type("caption");
        ASSERT_EQ(lines.size(), 3u);
        EXPECT_EQ(lines[2]["seq"], 1003);
        EXPECT_EQ(lines[2]["line"]["id"], 2);
        EXPECT_EQ(lines[2]["line"]["revision"], 2);
        EXPECT_EQ(lines[2]["line"]["text"], "供暖费每平方米二十二元");
        EXPECT_EQ(lines[2]["line"]["start_s"], 2.0);
        EXPECT_FALSE(lines[2]["line"].contains("author")) << "viewers are not told who typed it";
    }
    // A late correction of the older line (sent twice on the way) is sent but does not take the screen back.
    room.apply(caption(1, "会议现在开始。", 2, 1004));
    Recorder later;
    room.join(&later, std::nullopt);
    EXPECT_EQ(later.received.at(0)["caption"]["id"], 2);
    EXPECT_EQ(later.received.at(0)["caption"]["text"], "供暖费每平方米二十二元");
    // A viewer who missed lines gets them from the backlog, in order.
    Recorder resumed;
    room.join(&resumed, 1001);
    ASSERT_EQ(resumed.of_type("caption").size(), 3u);
    EXPECT_EQ(resumed.of_type("caption")[0]["seq"], 1002);
    // Once the event ends, a page that opens does not show the last line as if it were said now.
    room.set_status(core::EventStatus::Ended, kNow);
    Recorder after;
    room.join(&after, std::nullopt);
    EXPECT_TRUE(after.received.at(0)["caption"].is_null());
}

// A speech engine's words so far: shown to whoever watches now, never numbered, kept or put in a hello.
TEST(EventRoom, AnEnginesPartialResultReachesViewersWhileLiveAndIsNotKept) {
    auto room = room_with({});
    Recorder viewer;
    room.join(&viewer, std::nullopt);
    core::RoomUpdate partial;
    partial.kind = core::RoomUpdate::Kind::CaptionPartial;
    partial.event = core::EventId{1};
    partial.caption = core::CaptionLine{core::CaptionLineId{0}, core::EventId{1}, 4500, "the county will open",
                                        core::CaptionSource::Engine, "", 1, {}};
    room.apply(partial);
    const auto shown = viewer.of_type("caption_partial");
    ASSERT_EQ(shown.size(), 1u);
    EXPECT_EQ(shown[0], nlohmann::json::parse(
                            R"({"type":"caption_partial","line":{"start_s":4.5,"text":"the county will open","source":"engine"}})"));
    room.apply(caption(1, "the county will open the plant", 1, 1001));  // the final line follows, numbered
    Recorder later, resumed;
    room.join(&later, std::nullopt);
    EXPECT_EQ(later.received.at(0)["caption"]["text"], "the county will open the plant");
    room.join(&resumed, 1000);
    EXPECT_TRUE(resumed.of_type("caption_partial").empty()) << "a reconnecting page gets the lines, not passing words";
    EXPECT_EQ(resumed.of_type("caption").size(), 1u);
    room.set_status(core::EventStatus::Ended, kNow);
    room.apply(partial);
    EXPECT_EQ(viewer.of_type("caption_partial").size(), 1u) << "not after the end";
}

TEST(EventRoom, TheSnapshotsNewestLineAndRecentCaptionsStartTheRoom) {
    core::RoomSnapshot snapshot{core::EventStatus::Live, kNow, {}, 1002, {}};
    snapshot.recent.push_back(caption(4, "第一行", 1, 1001));
    snapshot.recent.push_back(caption(5, "第二行", 1, 1002));
    snapshot.caption = snapshot.recent.back().caption;
    EventRoom room(core::EventId{1}, snapshot, [](core::Timestamp) { return std::chrono::seconds{8 * 3600}; }, {});
    Recorder fresh, resumed;
    room.join(&fresh, std::nullopt);
    EXPECT_EQ(fresh.received.at(0)["caption"]["text"], "第二行");
    room.join(&resumed, 1000);
    ASSERT_EQ(resumed.of_type("caption").size(), 2u);
    EXPECT_EQ(resumed.of_type("caption")[1]["line"]["text"], "第二行");
    room.apply(caption(5, "第二行", 1, 1002));  // already in the snapshot
    EXPECT_EQ(fresh.of_type("caption").size(), 0u);
}
