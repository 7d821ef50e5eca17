#include <gtest/gtest.h>

#include "openhall/core/events/event_service.hpp"
#include "support/temp_dir.hpp"

using namespace openhall::core;
using namespace std::chrono;
using openhall::testing::TempDir;

namespace {

class EventServiceTest : public ::testing::Test {
protected:
    EventServiceTest() : db_(dir_.path() / "openhall.db"), clock_(*parse_rfc3339("2026-12-01T09:00:00+08:00")) {
        db_.migrate();
    }

    Event create(EventKind kind = EventKind::StandingMeeting) {
        EventDraft d{kind, "县人民政府第32次常务会议", "开门纳谏", "县政府一号会议室",
                     *parse_rfc3339("2026-12-08T09:00:00+08:00"), *parse_rfc3339("2026-12-08T12:00:00+08:00"),
                     std::nullopt};
        auto e = service_.create(actor_, d);
        EXPECT_TRUE(e.ok());
        return *e;
    }

    void walk(EventId id, std::initializer_list<EventStatus> path) {
        for (auto s : path) ASSERT_TRUE(service_.change_status(actor_, id, s).ok()) << wire_name(s);
    }

    TempDir dir_;
    Database db_;
    ManualClock clock_;
    EventService service_{db_, clock_};
    const Actor actor_{"scheduler1"};
};

}  // namespace

TEST_F(EventServiceTest, NewEventIsADraftAndItsCreationIsAudited) {
    auto e = create();
    EXPECT_EQ(e.status, EventStatus::Draft);
    auto history = service_.history(e.id);
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].action, "event.create");
    EXPECT_EQ(history[0].actor, "scheduler1");
    EXPECT_TRUE(history[0].before.is_null());
    EXPECT_EQ(history[0].after["title"], "县人民政府第32次常务会议");
    EXPECT_EQ(history[0].at, clock_.now());
}

TEST_F(EventServiceTest, StatusChangeIsStoredAndAuditedWithBeforeAndAfter) {
    auto e = create();
    clock_.advance(minutes{5});
    auto moved = service_.change_status(actor_, e.id, EventStatus::Scheduled);
    ASSERT_TRUE(moved.ok());
    EXPECT_EQ(service_.find(e.id)->status, EventStatus::Scheduled);
    auto last = service_.history(e.id).back();
    EXPECT_EQ(last.action, "event.status");
    EXPECT_EQ(last.before["status"], "draft");
    EXPECT_EQ(last.after["status"], "scheduled");
    EXPECT_EQ(last.at, clock_.now());
}

TEST_F(EventServiceTest, IllegalStatusChangeStoresNothing) {
    auto e = create();
    auto result = service_.change_status(actor_, e.id, EventStatus::Live);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::IllegalTransition);
    EXPECT_EQ(service_.find(e.id)->status, EventStatus::Draft);
    EXPECT_EQ(service_.history(e.id).size(), 1u);
}

TEST_F(EventServiceTest, ArchivedEventCannotBeEditedNorItsAgenda) {
    auto e = create();
    auto item = service_.add_agenda_item(actor_, e.id, {"老旧小区改造", "县住建局", ""});
    walk(e.id, {EventStatus::Scheduled, EventStatus::Live, EventStatus::Ended, EventStatus::Archived});
    EventPatch p;
    p.title = "改名";
    EXPECT_EQ(service_.update(actor_, e.id, p).error().code, ErrorCode::EventLocked);
    EXPECT_EQ(service_.add_agenda_item(actor_, e.id, {"新议题", "", ""}).error().code, ErrorCode::EventLocked);
    EXPECT_EQ(service_.remove_agenda_item(actor_, e.id, item->id).error().code, ErrorCode::EventLocked);
    EXPECT_EQ(service_.find(e.id)->title, "县人民政府第32次常务会议");
}

TEST_F(EventServiceTest, UpdateChangesOnlyGivenFieldsAndAuditsBoth) {
    auto e = create();
    EventPatch p;
    p.venue = "县政府二号会议室";
    p.capacity = std::optional<std::int64_t>{30};
    auto updated = service_.update(actor_, e.id, p);
    ASSERT_TRUE(updated.ok());
    EXPECT_EQ(updated->venue, "县政府二号会议室");
    EXPECT_EQ(updated->capacity, 30);
    EXPECT_EQ(updated->title, e.title);
    auto last = service_.history(e.id).back();
    EXPECT_EQ(last.before["venue"], "县政府一号会议室");
    EXPECT_EQ(last.after["venue"], "县政府二号会议室");
}

TEST_F(EventServiceTest, InvalidUpdateStoresNothing) {
    auto e = create();
    EventPatch p;
    p.ends_at = e.starts_at - hours{1};
    EXPECT_EQ(service_.update(actor_, e.id, p).error().code, ErrorCode::InvalidInput);
    EXPECT_EQ(service_.find(e.id)->ends_at, e.ends_at);
}

TEST_F(EventServiceTest, AgendaItemsAreNumberedAndCanBeMovedAndRemoved) {
    auto e = create();
    auto a = service_.add_agenda_item(actor_, e.id, {"议题一", "县发改局", ""});
    auto b = service_.add_agenda_item(actor_, e.id, {"议题二", "县教育局", ""});
    auto c = service_.add_agenda_item(actor_, e.id, {"议题三", "县住建局", ""});
    EXPECT_EQ(c->position, 3);

    AgendaItemPatch move_first;
    move_first.position = 1;
    ASSERT_TRUE(service_.update_agenda_item(actor_, e.id, c->id, move_first).ok());
    auto agenda = service_.find(e.id)->agenda;
    ASSERT_EQ(agenda.size(), 3u);
    EXPECT_EQ(agenda[0].title, "议题三");
    EXPECT_EQ(agenda[1].title, "议题一");
    EXPECT_EQ(agenda[2].position, 3);

    ASSERT_TRUE(service_.remove_agenda_item(actor_, e.id, a->id).ok());
    agenda = service_.find(e.id)->agenda;
    ASSERT_EQ(agenda.size(), 2u);
    EXPECT_EQ(agenda[0].position, 1);
    EXPECT_EQ(agenda[1].position, 2);
    EXPECT_EQ(agenda[1].id, b->id);
}

TEST_F(EventServiceTest, AgendaItemOfAnotherEventIsNotFound) {
    auto one = create();
    auto two = create();
    auto item = service_.add_agenda_item(actor_, one.id, {"议题", "", ""});
    EXPECT_EQ(service_.remove_agenda_item(actor_, two.id, item->id).error().code, ErrorCode::NotFound);
    EXPECT_EQ(service_.find(one.id)->agenda.size(), 1u);
}

TEST_F(EventServiceTest, ListFiltersByKindStatusAndTimeAndHidesDrafts) {
    auto draft = create(EventKind::Hearing);
    auto hearing = create(EventKind::Hearing);
    walk(hearing.id, {EventStatus::Scheduled});
    auto meeting = create(EventKind::StandingMeeting);
    walk(meeting.id, {EventStatus::Scheduled});

    EventFilter hearings;
    hearings.kind = EventKind::Hearing;
    auto found = service_.list(hearings);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id, hearing.id);

    hearings.include_drafts = true;
    EXPECT_EQ(service_.list(hearings).size(), 2u);

    EventFilter later;
    later.from = *parse_rfc3339("2026-12-09T00:00:00+08:00");
    EXPECT_TRUE(service_.list(later).empty());
    EventFilter before;
    before.to = *parse_rfc3339("2026-12-08T09:00:01+08:00");
    EXPECT_EQ(service_.list(before).size(), 2u);
    (void)draft;
}

TEST_F(EventServiceTest, CountsByStatusIncludeEveryStatus) {
    auto e = create();
    walk(e.id, {EventStatus::Scheduled});
    auto counts = service_.count_by_status();
    EXPECT_EQ(counts.size(), 7u);
    EXPECT_EQ(counts[EventStatus::Scheduled], 1);
    EXPECT_EQ(counts[EventStatus::Draft], 0);
}

// Issue 17: an interpreter's SRT input is asked for with the source, gets its own port from the same range and its
// own passphrase, is kept when the source is set again without saying, and is removed when asked.
TEST_F(EventServiceTest, AnInterpretersInputGetsItsOwnPortAndPassphraseAndIsKeptUntilRemoved) {
    const auto e = create();
    const PortRange ports{9000, 9001};
    auto with = service_.configure_stream(actor_, e.id, StreamSourceKind::Srt, "", ports, true);
    ASSERT_TRUE(with.ok());
    ASSERT_TRUE(with->srt_port && with->interpreter_port);
    EXPECT_NE(*with->srt_port, *with->interpreter_port);
    EXPECT_EQ(with->interpreter_passphrase.size(), 16u);
    EXPECT_NE(with->interpreter_passphrase, with->passphrase);
    EXPECT_EQ(service_.history(e.id).back().after["interpreter_port"], *with->interpreter_port);

    auto again = service_.configure_stream(actor_, e.id, StreamSourceKind::Srt, "", ports);  // not said: kept
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *with);

    auto camera = service_.configure_stream(actor_, e.id, StreamSourceKind::Test, "", ports);  // any source may have one
    ASSERT_TRUE(camera.ok());
    EXPECT_FALSE(camera->srt_port);
    EXPECT_EQ(camera->interpreter_port, with->interpreter_port);
    EXPECT_EQ(camera->interpreter_passphrase, with->interpreter_passphrase);

    auto without = service_.configure_stream(actor_, e.id, StreamSourceKind::Srt, "", ports, false);
    ASSERT_TRUE(without.ok());
    EXPECT_FALSE(without->interpreter_port);
    EXPECT_TRUE(without->interpreter_passphrase.empty());
    EXPECT_EQ(service_.stream_config(e.id), *without);
}

TEST_F(EventServiceTest, NoPortIsGivenTwiceAcrossEventsAndInterpreters) {
    const PortRange ports{9000, 9002};
    const auto first = create(), second = create();
    auto a = service_.configure_stream(actor_, first.id, StreamSourceKind::Srt, "", ports, true);
    ASSERT_TRUE(a.ok());
    // Two of the three ports are the first event's; the second event's source takes the last one ...
    auto b = service_.configure_stream(actor_, second.id, StreamSourceKind::Srt, "", ports);
    ASSERT_TRUE(b.ok());
    EXPECT_NE(*b->srt_port, *a->srt_port);
    EXPECT_NE(*b->srt_port, *a->interpreter_port);
    // ... and then there is none for its interpreter: a conflict, and its configuration stays as it was.
    auto c = service_.configure_stream(actor_, second.id, StreamSourceKind::Srt, "", ports, true);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().code, ErrorCode::Conflict);
    EXPECT_EQ(service_.stream_config(second.id), *b);
}
