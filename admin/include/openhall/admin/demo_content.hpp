// Realistic demo content from county open-government practice, seeded once per database.
#pragma once

#include "openhall/core/base/time.hpp"
#include "openhall/core/events/event_service.hpp"
#include "openhall/core/notifications/mail_catalogue.hpp"
#include "openhall/core/store/database.hpp"

namespace openhall::admin {

// Seeds one event of each kind (and a past one) relative to `now`; does nothing when already seeded.
// Returns true when it seeded. Changes go through `events`, so observers (the streamer) see the live event.
bool seed_demo_content(core::EventService& events, core::Database& db, const core::Clock& clock,
                       std::chrono::seconds display_offset);

// After the meeting, on the past standing meeting: room questions, a topic, a department with an answered and an
// overdue assignment, a published interpretation with short answers, and a few representatives in the directory.
// Seeded once (its own marker, so a demo database from before gains it); false when there is nothing to seed.
// `site` must have its public address: the overdue assignment escalates at once, by e-mail.
bool seed_demo_after_meeting(core::Database& db, const core::Clock& clock, const core::MailSite& site);

}  // namespace openhall::admin
