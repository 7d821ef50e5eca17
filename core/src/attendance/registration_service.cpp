#include "openhall/core/attendance/registration_service.hpp"

#include <algorithm>

#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include "openhall/core/attendance/lottery.hpp"
#include "openhall/core/base/ticket_code.hpp"
#include "openhall/core/text/contact.hpp"
#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

constexpr std::size_t kNameMax = 40;
constexpr std::size_t kContactMax = 200;
constexpr std::size_t kStatementMax = 1000;
constexpr std::size_t kSeedMax = 200;

Error no_such_registration() {
    return make_error(ErrorCode::NotFound, "no registration has this code; check it and try again");
}

// Registration is possible before the event happens, not once it is live, over, or called off.
bool takes_registrations(EventStatus status) {
    return status == EventStatus::Scheduled || status == EventStatus::Postponed;
}

std::string when(Timestamp t) { return format_rfc3339(t); }

}  // namespace

void RegistrationService::notify(const Registration& r, const Event& event, std::string_view kind) {
    if (r.contact.find('@') == std::string::npos) return;  // a phone number: staff call, nothing is mailed
    const auto language = language_from_tag(r.language);
    OutboxMessage m;
    m.kind = fmt::format("registration.{}", kind);
    m.recipient = r.contact;
    const auto text = compose_mail(m.kind, language,
                                   {{"title", event.title},
                                    {"starts_at", site_.local_time(event.starts_at, language)},
                                    {"venue", event.venue},
                                    {"code", r.code},
                                    {"position", std::to_string(r.waitlist_position.value_or(0))},
                                    {"link", site_.link("/registrations/" + r.code)}});
    m.subject = text.subject;
    m.body = text.body;
    m.language = std::string(wire_name(language));
    m.dedupe_key = fmt::format("registration:{}:{}", r.code, kind);
    m.created_at = clock_.now();
    outbox_.enqueue(m);
}

Result<Registration> RegistrationService::register_for(const RegistrationRequest& request) {
    if (auto s = check_text("name", trim(request.name), 1, kNameMax); !s) return s.error();
    if (auto s = check_text("contact", trim(request.contact), 3, kContactMax); !s) return s.error();
    std::string contact = request.contact;
    if (auto s = fold_contact_into("contact", contact, true); !s) return s.error();
    const bool speaking = request.type == RegistrationType::Speak;
    if (auto s = check_text("statement", request.statement, speaking ? 1 : 0, kStatementMax, TextShape::Lines); !s)
        return speaking && request.statement.empty()
                   ? make_error(ErrorCode::InvalidInput, "a short statement of what you want to say is required to speak")
                   : s.error();

    const auto now = clock_.now();
    // IMMEDIATE: the seat count and the insert happen under the write lock, so parallel requests cannot both take
    // the last seat.
    SQLite::Transaction tx(db_.handle(), SQLite::TransactionBehavior::IMMEDIATE);
    auto event = events_.find(request.event_id);
    if (!event || event->status == EventStatus::Draft)
        return make_error(ErrorCode::NotFound, fmt::format("event {} does not exist", request.event_id.value));
    const bool hearing = event->kind == EventKind::Hearing;
    if (!hearing && !event->capacity)
        return make_error(ErrorCode::RegistrationClosed, "this event takes no registrations");
    if (!hearing && speaking)
        return make_error(ErrorCode::InvalidInput, "applications to speak are for hearings; register with type attend");
    if (!takes_registrations(event->status))
        return make_error(ErrorCode::RegistrationClosed,
                          fmt::format("registration is closed: the event is {}", wire_name(event->status)));
    const auto settings = registrations_.settings(event->id);
    if (settings.opens_at && now < *settings.opens_at)
        return make_error(ErrorCode::RegistrationClosed, fmt::format("registration opens at {}", when(*settings.opens_at)));
    const auto closes = settings.closes_at.value_or(event->starts_at);
    if (now >= closes)
        return make_error(ErrorCode::RegistrationClosed, fmt::format("registration closed at {}", when(closes)));
    if (hearing && settings.drawn_at)
        return make_error(ErrorCode::RegistrationClosed, "the lottery has been drawn; applications are closed");

    auto status = RegistrationStatus::Applied;
    if (!hearing)
        status = registrations_.count(event->id, RegistrationStatus::Confirmed) < *event->capacity
                     ? RegistrationStatus::Confirmed
                     : RegistrationStatus::Waitlisted;
    auto created = registrations_.insert({event->id, request.type, trim(request.name), contact, request.statement,
                                          status, request.address, now,
                                          std::string(wire_name(language_from_tag(request.language)))});
    if (!created)
        return make_error(ErrorCode::AlreadyRegistered,
                          "this contact is already registered for this event; look up or cancel that registration by its code");
    audit_.record(now, Actor::system("registration"), "registration.create", "event", event->id.value, nullptr,
                  to_json(*created, {}));
    notify(*created, *event, wire_name(created->status));
    tx.commit();
    return *created;
}

Result<Registration> RegistrationService::cancel(std::string_view typed) {
    const auto code = canonical_ticket_code(typed);
    if (!code) return no_such_registration();
    SQLite::Transaction tx(db_.handle(), SQLite::TransactionBehavior::IMMEDIATE);
    auto current = registrations_.find_by_code(*code);
    if (!current) return no_such_registration();
    if (current->status == RegistrationStatus::Cancelled) return *current;  // cancelling twice changes nothing
    auto event = events_.find(current->event_id);
    if (event && (event->status == EventStatus::Live || event->status == EventStatus::Ended ||
                  event->status == EventStatus::Archived))
        return make_error(ErrorCode::RegistrationClosed, "the event has taken place; the registration stays on record");
    const auto now = clock_.now();
    registrations_.set_status(current->id, RegistrationStatus::Cancelled, std::nullopt, now);
    audit_.record(now, Actor::system("registration"), "registration.cancel", "event", current->event_id.value,
                  to_json(*current, {}), {{"code", current->code}, {"status", "cancelled"}});
    if (current->status == RegistrationStatus::Confirmed) {
        auto waiting = registrations_.list(current->event_id, {RegistrationStatus::Waitlisted});
        if (!waiting.empty()) {
            registrations_.set_status(waiting.front().id, RegistrationStatus::Confirmed, std::nullopt, now);
            auto promoted = *registrations_.find_by_code(waiting.front().code);
            audit_.record(now, Actor::system("registration"), "registration.promote", "event", current->event_id.value,
                          to_json(waiting.front(), {}), to_json(promoted, {}));
            if (event) notify(promoted, *event, "promoted");
        }
    }
    tx.commit();
    return *registrations_.find_by_code(*code);
}

std::optional<Registration> RegistrationService::find(std::string_view typed) {
    const auto code = canonical_ticket_code(typed);
    if (!code) return std::nullopt;
    return registrations_.find_by_code(*code);
}

Result<RegistrationSettings> RegistrationService::configure(const Actor& actor, EventId event,
                                                            std::optional<Timestamp> opens_at,
                                                            std::optional<Timestamp> closes_at,
                                                            std::optional<int> speaking_minutes) {
    if (opens_at && closes_at && *closes_at <= *opens_at)
        return make_error(ErrorCode::InvalidInput, "closes_at must be after opens_at");
    if (speaking_minutes && (*speaking_minutes < 1 || *speaking_minutes > 60))
        return make_error(ErrorCode::InvalidInput, "speaking_minutes must be between 1 and 60");
    SQLite::Transaction tx(db_.handle());
    if (!events_.find(event)) return make_error(ErrorCode::NotFound, fmt::format("event {} does not exist", event.value));
    auto settings = registrations_.settings(event);
    const auto before = settings;
    settings.opens_at = opens_at;
    settings.closes_at = closes_at;
    if (speaking_minutes) settings.speaking_minutes = *speaking_minutes;
    registrations_.save_settings(event, settings);
    auto json_of = [](const RegistrationSettings& s) {
        return nlohmann::json{{"opens_at", s.opens_at ? nlohmann::json(format_rfc3339(*s.opens_at)) : nlohmann::json()},
                              {"closes_at", s.closes_at ? nlohmann::json(format_rfc3339(*s.closes_at)) : nlohmann::json()},
                              {"speaking_minutes", s.speaking_minutes}};
    };
    audit_.record(clock_.now(), actor, "registration.settings", "event", event.value, json_of(before), json_of(settings));
    tx.commit();
    return settings;
}

Result<RegistrationSettings> RegistrationService::announce_seed(const Actor& actor, EventId event, std::string_view seed) {
    if (auto s = check_text("seed", seed, 1, kSeedMax); !s) return s.error();
    SQLite::Transaction tx(db_.handle());
    auto found = events_.find(event);
    if (!found) return make_error(ErrorCode::NotFound, fmt::format("event {} does not exist", event.value));
    if (found->kind != EventKind::Hearing) return make_error(ErrorCode::InvalidInput, "only hearings draw lots");
    auto settings = registrations_.settings(event);
    if (settings.seed)
        return make_error(ErrorCode::Conflict, fmt::format("the seed was announced at {} and cannot change",
                                                           format_rfc3339(*settings.seed_announced_at)));
    settings.seed = std::string(seed);
    settings.seed_announced_at = clock_.now();
    registrations_.save_settings(event, settings);
    audit_.record(clock_.now(), actor, "lottery.seed", "event", event.value, nullptr, {{"seed", seed}});
    tx.commit();
    return settings;
}

Result<LotteryResult> RegistrationService::draw(const Actor& actor, EventId event, int seats, std::string_view seed,
                                                RegistrationType type) {
    if (seats < 1 || seats > 10000) return make_error(ErrorCode::InvalidInput, "seats must be between 1 and 10000");
    if (auto s = check_text("seed", seed, 1, kSeedMax); !s) return s.error();
    SQLite::Transaction tx(db_.handle(), SQLite::TransactionBehavior::IMMEDIATE);
    auto found = events_.find(event);
    if (!found) return make_error(ErrorCode::NotFound, fmt::format("event {} does not exist", event.value));
    if (found->kind != EventKind::Hearing) return make_error(ErrorCode::InvalidInput, "only hearings draw lots");
    auto settings = registrations_.settings(event);
    if (settings.seed && *settings.seed != seed)
        return make_error(ErrorCode::Conflict, fmt::format("the announced seed is \"{}\"; the draw uses it", *settings.seed));
    // Every live application of the type takes part again: a second draw with the same seed gives the same list.
    std::vector<Registration> applications;
    for (auto& r : registrations_.list(event, {RegistrationStatus::Applied, RegistrationStatus::Drawn,
                                                RegistrationStatus::NotDrawn}))
        if (r.type == type) applications.push_back(std::move(r));
    std::vector<std::string> codes;
    for (const auto& r : applications) codes.push_back(r.code);
    const auto drawn = draw_lottery(seed, codes, static_cast<std::size_t>(seats));
    const auto now = clock_.now();
    for (const auto& r : applications) {
        const auto at = std::find(drawn.begin(), drawn.end(), r.code);
        if (at == drawn.end())
            registrations_.set_status(r.id, RegistrationStatus::NotDrawn, std::nullopt, now);
        else
            registrations_.set_status(r.id, RegistrationStatus::Drawn,
                                      type == RegistrationType::Speak ? std::optional(static_cast<int>(at - drawn.begin()) + 1)
                                                                      : std::nullopt,
                                      now);
    }
    if (!settings.seed) {
        settings.seed = std::string(seed);
        settings.seed_announced_at = now;
    }
    settings.drawn_at = now;
    settings.seats = seats;
    registrations_.save_settings(event, settings);
    audit_.record(now, actor, "lottery.draw", "event", event.value, nullptr,
                  {{"seed", seed}, {"seats", seats}, {"type", wire_name(type)}, {"applications", codes}, {"drawn", drawn}});
    tx.commit();
    return *lottery(event);
}

std::optional<LotteryResult> RegistrationService::lottery(EventId event) {
    const auto settings = registrations_.settings(event);
    if (!settings.drawn_at) return std::nullopt;
    LotteryResult result{*settings.seed, settings.seats.value_or(0), RegistrationType::Speak, {}, 0};
    auto all = registrations_.list(event, {RegistrationStatus::Drawn, RegistrationStatus::NotDrawn});
    result.applications = static_cast<std::int64_t>(all.size());
    for (auto& r : all)
        if (r.status == RegistrationStatus::Drawn) {
            result.type = r.type;
            result.drawn.push_back(std::move(r));
        }
    // In drawn order: ascending key under the seed (the draw itself).
    std::sort(result.drawn.begin(), result.drawn.end(), [&](const Registration& a, const Registration& b) {
        return lottery_key(result.seed, a.code) < lottery_key(result.seed, b.code);
    });
    return result;
}

Result<CheckIn> RegistrationService::check_in(const Actor& actor, std::string_view typed) {
    const auto code = canonical_ticket_code(typed);
    if (!code) return no_such_registration();
    SQLite::Transaction tx(db_.handle());
    auto current = registrations_.find_by_code(*code);
    if (!current) return no_such_registration();
    if (current->checked_in_at) return CheckIn{*current, true};
    if (!admits(current->status))
        return make_error(ErrorCode::Conflict,
                          fmt::format("this registration is {} and does not admit", wire_name(current->status)));
    registrations_.set_checked_in(current->id, clock_.now());
    auto checked = *registrations_.find_by_code(*code);
    audit_.record(clock_.now(), actor, "registration.check_in", "event", current->event_id.value, nullptr,
                  {{"code", current->code}});
    tx.commit();
    return CheckIn{checked, false};
}

}  // namespace openhall::core
