// The forms questions and updates take in Redis read back to the same values, and Redis URLs are read or refused
// with a reason.
#include <gtest/gtest.h>

#include "openhall/redis_bus/bus_records.hpp"
#include "openhall/redis_bus/redis_connection.hpp"

using namespace openhall;
using namespace openhall::redis_bus;

TEST(BusRecords, AQuestionAndANewQuestionReadBackTheSame) {
    core::Question q;
    q.id = core::QuestionId{42};
    q.event_id = core::EventId{7};
    q.ticket = "K7QH-3MZP";
    q.client_id = "viewer:c-1";
    q.text = "燃氣管道哪天能接到我們小區？\n\"第二行\"";
    q.name = "王小明";
    q.source = core::QuestionSource::Room;
    q.status = core::QuestionStatus::Merged;
    q.flagged = true;
    q.flag_reason = "某词";
    q.pinned = true;
    q.votes = 12;
    q.merged_into = core::QuestionId{41};
    q.reject_reason = "重复";
    q.asked_at = core::WallMillis{std::chrono::milliseconds{1'796'145'234'030}};
    q.media_offset_s = 125.5;
    q.entered_by = "moderator";
    q.looks_like = core::QuestionId{40};
    EXPECT_EQ(question_from(question_record(q)), q);

    core::NewQuestion n{q.event_id, q.client_id, q.text, q.name, core::QuestionSource::Online,
                        core::QuestionStatus::Pending, "", q.asked_at, std::nullopt, "v", "127.0.0.1", "",
                        core::QuestionId{43}, "ABCD-EFGH"};
    auto back = new_question_from(new_question_record(n));
    EXPECT_EQ(back.id, n.id);
    EXPECT_EQ(back.ticket, n.ticket);
    EXPECT_EQ(back.text, n.text);
    EXPECT_EQ(back.asked_at, n.asked_at);
    EXPECT_FALSE(back.media_offset_s);
    EXPECT_EQ(back.address, n.address);
}

TEST(BusRecords, EveryKindOfUpdateReadsBackTheSame) {
    core::RoomUpdate votes;
    votes.kind = core::RoomUpdate::Kind::Votes;
    votes.event = core::EventId{3};
    votes.seq = 1'796'145'234'030'065ULL;
    votes.votes = {{core::QuestionId{1}, 5}, {core::QuestionId{9}, 2}};
    auto v = update_from(update_fields(votes));
    EXPECT_EQ(v.kind, votes.kind);
    EXPECT_EQ(v.seq, votes.seq);
    EXPECT_EQ(v.votes, votes.votes);

    core::RoomUpdate status;
    status.kind = core::RoomUpdate::Kind::Status;
    status.event = core::EventId{3};
    status.status = core::EventStatus::Ended;
    status.status_changed_at = core::Timestamp{std::chrono::seconds{1'796'145'234}};
    auto s = update_from(update_fields(status));
    EXPECT_EQ(s.status, status.status);
    EXPECT_EQ(s.status_changed_at, status.status_changed_at);
    EXPECT_EQ(s.seq, 0u);

    core::RoomUpdate caption;
    caption.kind = core::RoomUpdate::Kind::Caption;
    caption.event = core::EventId{3};
    caption.seq = 1'796'145'234'030'066ULL;
    caption.caption = core::CaptionLine{core::CaptionLineId{12}, core::EventId{3}, 65'432, "供暖费 \"22\" 元 <b>", core::CaptionSource::Person,
                                        "captioner1", 2, core::WallMillis{std::chrono::milliseconds{1'796'145'234'123}}};
    caption.caption->revised_by = "captioner2";
    auto c = update_from(update_fields(caption));
    EXPECT_EQ(c.kind, caption.kind);
    EXPECT_EQ(c.seq, caption.seq);
    EXPECT_EQ(c.caption, caption.caption);
    EXPECT_THROW(update_from({{"event", "3"}, {"seq", "1"}, {"kind", "caption"}, {"body", R"({"id":1})"}}), std::exception);

    // An engine's partial result: unnumbered, its words and where they began.
    core::RoomUpdate partial;
    partial.kind = core::RoomUpdate::Kind::CaptionPartial;
    partial.event = core::EventId{3};
    partial.caption = core::CaptionLine{core::CaptionLineId{0}, core::EventId{3}, 12'340, "the county will", core::CaptionSource::Engine,
                                        "", 1, {}};
    auto p = update_from(update_fields(partial));
    EXPECT_EQ(p.kind, core::RoomUpdate::Kind::CaptionPartial);
    EXPECT_EQ(p.seq, 0u);
    EXPECT_EQ(p.caption, partial.caption);

    EXPECT_THROW(update_from({{"event", "3"}, {"seq", "1"}, {"kind", "gossip"}, {"body", "{}"}}), std::exception);
}

TEST(RedisAddress, ReadsWhatOperatorsWriteAndRefusesTheRest) {
    EXPECT_EQ(RedisAddress::parse("redis://127.0.0.1:6380").port, 6380);
    EXPECT_EQ(RedisAddress::parse("redis://cache.internal/").host, "cache.internal");
    EXPECT_EQ(RedisAddress::parse("redis://cache.internal").port, 6379);
    for (const auto* bad : {"http://127.0.0.1:6379", "redis://", "redis://host:0", "redis://host:99999",
                            "redis://host:port", "redis://user:pw@host:6379", "redis://host:6379/2"})
        EXPECT_THROW(RedisAddress::parse(bad), std::invalid_argument) << bad;
}
