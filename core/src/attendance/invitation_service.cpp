#include "openhall/core/attendance/invitation_service.hpp"

#include <algorithm>
#include <sstream>

#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>
#include <sodium.h>

#include "openhall/core/store/settings_repository.hpp"
#include "openhall/core/text/contact.hpp"
#include "openhall/core/text/text.hpp"

namespace openhall::core {
namespace {

constexpr const char* kCategoriesKey = "invitee_categories";
constexpr std::size_t kNameMax = 40, kCategoryMax = 20, kAffiliationMax = 100, kContactMax = 200, kNotesMax = 1000;

Error no_such_invitation() { return make_error(ErrorCode::NotFound, "this invitation link is not valid; ask the office for a new one"); }

// 256 random bits, URL-safe.
std::string new_token() {
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return text;
}

// Invitees in the audit log, without their contact.
nlohmann::json audited(const Invitee& i) {
    auto j = to_json(i);
    j.erase("contact");
    return j;
}

bool has_started(EventStatus s) {
    return s == EventStatus::Live || s == EventStatus::Ended || s == EventStatus::Archived || s == EventStatus::Cancelled;
}

// One CSV field: quoted when it holds a comma, quote or line break (RFC 4180).
std::string csv_field(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

// The rows of a CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks).
std::vector<std::vector<std::string>> csv_rows(std::string_view text) {
    std::vector<std::vector<std::string>> rows(1);
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().push_back(std::move(field));
            field.clear();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            rows.back().push_back(std::move(field));
            field.clear();
            rows.emplace_back();
        } else {
            field += c;
        }
    }
    if (!field.empty() || !rows.back().empty()) rows.back().push_back(std::move(field));
    if (rows.back().empty()) rows.pop_back();
    return rows;
}

}  // namespace

std::vector<std::string> InvitationService::categories() {
    auto stored = SettingsRepository(db_).get(kCategoriesKey);
    if (!stored) return kDefaultInviteeCategories;
    return nlohmann::json::parse(*stored).get<std::vector<std::string>>();
}

Result<std::vector<std::string>> InvitationService::set_categories(const Actor& actor, std::vector<std::string> list) {
    for (const auto& c : kDefaultInviteeCategories)
        if (std::find(list.begin(), list.end(), c) == list.end()) list.insert(list.begin(), c);
    for (const auto& c : list)
        if (auto s = check_text("a category", c, 1, kCategoryMax); !s) return s.error();
    SQLite::Transaction tx(db_.handle());
    const auto before = categories();
    SettingsRepository(db_).set(kCategoriesKey, nlohmann::json(list).dump());
    audit_.record(clock_.now(), actor, "invitee.categories", "settings", 0, before, list);
    tx.commit();
    return list;
}

// A category as configured: 政協委員 and 政协委员 are the same one.
Result<std::string> InvitationService::configured_category(std::string_view category) {
    const auto wanted = folder_.fold(category);
    for (const auto& c : categories())
        if (!wanted.empty() && folder_.fold(c) == wanted) return c;
    auto list = categories();
    std::string known;
    for (const auto& c : list) known += (known.empty() ? "" : "、") + c;
    return make_error(ErrorCode::InvalidInput, fmt::format("category \"{}\" is not one of {}", category, known));
}

Status InvitationService::check_invitee(Invitee& i) {
    if (auto s = check_text("name", i.name, 1, kNameMax); !s) return s;
    if (auto s = check_text("affiliation", i.affiliation, 0, kAffiliationMax); !s) return s;
    if (auto s = check_text("contact", i.contact, 0, kContactMax); !s) return s;
    if (auto s = fold_contact_into("contact", i.contact, false); !s) return s;
    return check_text("notes", i.notes, 0, kNotesMax, TextShape::Lines);
}

Result<Invitee> InvitationService::add_invitee(const Actor& actor, Invitee input) {
    input.name = trim(input.name);
    input.contact = trim(input.contact);
    if (auto s = check_invitee(input); !s) return s.error();
    auto category = configured_category(input.category);
    if (!category) return category.error();
    input.category = *category;
    SQLite::Transaction tx(db_.handle());
    input.id = invitations_.insert_invitee(input, clock_.now());
    audit_.record(clock_.now(), actor, "invitee.create", "invitee", input.id.value, nullptr, audited(input));
    tx.commit();
    return input;
}

Result<Invitee> InvitationService::update_invitee(const Actor& actor, InviteeId id, const InviteePatch& patch) {
    SQLite::Transaction tx(db_.handle());
    auto current = invitations_.find_invitee(id);
    if (!current) return make_error(ErrorCode::NotFound, fmt::format("invitee {} does not exist", id.value));
    Invitee changed = *current;
    if (patch.name) changed.name = trim(*patch.name);
    if (patch.affiliation) changed.affiliation = *patch.affiliation;
    if (patch.contact) changed.contact = trim(*patch.contact);
    if (patch.notes) changed.notes = *patch.notes;
    if (patch.category) {
        auto category = configured_category(*patch.category);
        if (!category) return category.error();
        changed.category = *category;
    }
    if (auto s = check_invitee(changed); !s) return s.error();
    if (changed == *current) return changed;
    invitations_.update_invitee(changed, clock_.now());
    audit_.record(clock_.now(), actor, "invitee.update", "invitee", id.value, audited(*current), audited(changed));
    tx.commit();
    return changed;
}

std::vector<std::pair<Invitee, InviteeRecord>> InvitationService::search(std::string_view query,
                                                                         std::optional<std::string> category,
                                                                         std::size_t limit) {
    if (category) {
        auto configured = configured_category(*category);
        category = configured ? *configured : *category;
    }
    std::vector<std::pair<Invitee, InviteeRecord>> out;
    for (auto& i : invitations_.search_invitees(trim(query), category, limit)) {
        auto record = invitations_.record_of(i.id, clock_.now());
        out.emplace_back(std::move(i), record);
    }
    return out;
}

CsvImport InvitationService::import_csv(const Actor& actor, std::string_view csv) {
    CsvImport result;
    auto rows = csv_rows(csv);
    if (rows.empty()) {
        result.errors.push_back("the file is empty");
        return result;
    }
    const std::vector<std::string> header{"name", "category", "affiliation", "contact", "notes"};
    auto first = rows.front();
    if (!first.empty() && first[0].starts_with("\xEF\xBB\xBF")) first[0].erase(0, 3);  // a spreadsheet's BOM
    if (first.size() < 2 || first[0] != "name" || first[1] != "category")
        result.errors.push_back("line 1: the header must be name,category,affiliation,contact,notes");
    std::vector<Invitee> valid;
    for (std::size_t n = 1; n < rows.size(); ++n) {
        auto& row = rows[n];
        if (row.size() == 1 && trim(row[0]).empty()) continue;  // a blank line
        row.resize(std::max<std::size_t>(row.size(), header.size()));
        Invitee i{{}, trim(row[0]), row[1], row[2], trim(row[3]), row[4]};
        auto category = configured_category(i.category);
        if (!category) {
            result.errors.push_back(fmt::format("line {}: {}", n + 1, category.error().message));
            continue;
        }
        i.category = *category;
        if (auto s = check_invitee(i); !s) {
            result.errors.push_back(fmt::format("line {}: {}", n + 1, s.error().message));
            continue;
        }
        valid.push_back(std::move(i));
    }
    if (!result.errors.empty()) return result;  // nothing half-imported: fix the file and send it again
    SQLite::Transaction tx(db_.handle());
    for (auto& i : valid) {
        i.id = invitations_.insert_invitee(i, clock_.now());
        audit_.record(clock_.now(), actor, "invitee.import", "invitee", i.id.value, nullptr, audited(i));
    }
    tx.commit();
    result.imported = static_cast<int>(valid.size());
    return result;
}

std::string InvitationService::export_csv() {
    std::string out = "name,category,affiliation,contact,notes\r\n";
    for (const auto& i : invitations_.search_invitees("", std::nullopt, 1'000'000))
        out += fmt::format("{},{},{},{},{}\r\n", csv_field(i.name), csv_field(i.category), csv_field(i.affiliation),
                           csv_field(i.contact), csv_field(i.notes));
    return out;
}

void InvitationService::tell(const Invitation& v, const Event& event, std::string_view kind) {
    auto invitee = invitations_.find_invitee(v.invitee_id);
    const auto language = Language::SimplifiedChinese;
    OutboxMessage m;
    m.kind = fmt::format("invitation.{}", kind);
    m.recipient = invitee && invitee->contact.find('@') != std::string::npos ? invitee->contact : "";
    const auto text = compose_mail(m.kind, language,
                                   {{"name", invitee ? invitee->name : ""},
                                    {"title", event.title},
                                    {"starts_at", site_.local_time(event.starts_at, language)},
                                    {"venue", event.venue},
                                    // Invited: the RSVP link; withdrawn: the event's page.
                                    {"link", kind == "invited" ? site_.link("/rsvp/" + v.token)
                                                               : site_.link(fmt::format("/events/{}", event.id.value))}});
    m.subject = text.subject;
    m.body = text.body;
    m.language = std::string(wire_name(language));
    m.dedupe_key = fmt::format("invitation:{}:{}", v.id.value, kind);
    m.created_at = clock_.now();
    // The invitee's calendar gets the invitation and then its withdrawal, under one UID (iTIP, RFC 5546 §3.2.2 and
    // §3.2.5); the withdrawal is a change, so its SEQUENCE is higher.
    if (kind == "invited" || kind == "withdrawn") {
        m.ics_event_id = event.id.value;
        const bool invited = kind == "invited";
        m.itip = ItipPart{invited ? "REQUEST" : "CANCEL", itip_uid(event.id, v.invitee_id),
                          invited ? invitations_.itip_sequence(v.id) : invitations_.next_itip_sequence(v.id),
                          invitee ? invitee->name : ""};
    }
    outbox_.enqueue(m);
}

Result<Invitation> InvitationService::invite(const Actor& actor, EventId event_id, InviteeId invitee_id,
                                             std::optional<AgendaItemId> item) {
    SQLite::Transaction tx(db_.handle());
    auto event = events_.find(event_id);
    if (!event) return make_error(ErrorCode::NotFound, fmt::format("event {} does not exist", event_id.value));
    if (has_started(event->status))
        return make_error(ErrorCode::EventLocked, fmt::format("the event is {}; invitations are closed", wire_name(event->status)));
    if (item && !events_.find_agenda_item(event_id, *item))
        return make_error(ErrorCode::InvalidInput, fmt::format("agenda item {} is not on this event's agenda", item->value));
    if (!invitations_.find_invitee(invitee_id))
        return make_error(ErrorCode::InvalidInput, fmt::format("invitee {} does not exist", invitee_id.value));
    const auto token = new_token();
    auto id = invitations_.insert_invitation(event_id, item, invitee_id, token, actor.name, clock_.now());
    if (!id) return make_error(ErrorCode::Conflict, "this invitee has already been invited to this event");
    auto created = *invitations_.find_invitation(*id);
    audit_.record(clock_.now(), actor, "invitation.create", "event", event_id.value, nullptr,
                  {{"invitation", id->value}, {"invitee", invitee_id.value}});
    tell(created, *event, "invited");
    tx.commit();
    return created;
}

Result<Invitation> InvitationService::respond(std::string_view token, RsvpResponse response, std::string_view note) {
    if (auto s = check_text("note", note, 0, kNotesMax, TextShape::Lines); !s) return s.error();
    SQLite::Transaction tx(db_.handle());
    auto current = invitations_.find_by_token(token);
    if (!current) return no_such_invitation();
    if (current->status == InvitationStatus::Withdrawn)
        return make_error(ErrorCode::InvitationWithdrawn, "this invitation has been withdrawn by the office");
    auto event = events_.find(current->event_id);
    if (has_started(event->status))
        return make_error(ErrorCode::EventLocked, fmt::format("the event is {}; answers are closed", wire_name(event->status)));
    const auto status = response == RsvpResponse::Accept ? InvitationStatus::Accepted : InvitationStatus::Declined;
    if (current->status == status && current->note == note) return *current;  // the same answer again
    invitations_.set_response(current->id, status, note, clock_.now(), clock_.now());
    auto changed = *invitations_.find_invitation(current->id);
    audit_.record(clock_.now(), Actor::system("rsvp"), "invitation.respond", "event", current->event_id.value,
                  {{"invitation", current->id.value}, {"status", wire_name(current->status)}},
                  {{"invitation", current->id.value}, {"status", wire_name(status)}});
    tx.commit();
    return changed;
}

Result<Invitation> InvitationService::withdraw(const Actor& actor, InvitationId id) {
    SQLite::Transaction tx(db_.handle());
    auto current = invitations_.find_invitation(id);
    if (!current) return make_error(ErrorCode::NotFound, fmt::format("invitation {} does not exist", id.value));
    if (current->status == InvitationStatus::Withdrawn) return *current;
    invitations_.set_response(id, InvitationStatus::Withdrawn, current->note, current->responded_at, clock_.now());
    auto changed = *invitations_.find_invitation(id);
    audit_.record(clock_.now(), actor, "invitation.withdraw", "event", current->event_id.value,
                  {{"invitation", id.value}, {"status", wire_name(current->status)}},
                  {{"invitation", id.value}, {"status", "withdrawn"}});
    tell(changed, *events_.find(current->event_id), "withdrawn");
    tx.commit();
    return changed;
}

Result<Invitation> InvitationService::record_attendance(const Actor& actor, InvitationId id, Attendance attendance) {
    SQLite::Transaction tx(db_.handle());
    auto current = invitations_.find_invitation(id);
    if (!current) return make_error(ErrorCode::NotFound, fmt::format("invitation {} does not exist", id.value));
    if (current->status == InvitationStatus::Withdrawn)
        return make_error(ErrorCode::Conflict, "a withdrawn invitation has no attendance");
    invitations_.set_attendance(id, attendance, clock_.now());
    auto changed = *invitations_.find_invitation(id);
    audit_.record(clock_.now(), actor, "invitation.attendance", "event", current->event_id.value, nullptr,
                  {{"invitation", id.value}, {"attendance", wire_name(attendance)}});
    tx.commit();
    return changed;
}

std::vector<Candidate> InvitationService::suggestions(EventId event, const std::vector<std::string>& wanted,
                                                      std::size_t limit) {
    std::vector<std::string> categories;
    for (const auto& c : wanted)
        if (auto configured = configured_category(c)) categories.push_back(*configured);
    std::vector<InviteeId> invited;
    for (const auto& v : invitations_.invitations_of_event(event))
        if (v.status != InvitationStatus::Withdrawn) invited.push_back(v.invitee_id);
    std::vector<Candidate> candidates;
    for (auto& i : invitations_.search_invitees("", std::nullopt, 1'000'000)) {
        if (!categories.empty() && std::find(categories.begin(), categories.end(), i.category) == categories.end()) continue;
        if (std::find(invited.begin(), invited.end(), i.id) != invited.end()) continue;
        auto record = invitations_.record_of(i.id, clock_.now());
        auto reason = record.no_shows > 0
                          ? fmt::format("{} no-show(s); invited {} time(s) in the last year", record.no_shows, record.invited_last_year)
                          : record.invited_last_year == 0
                                ? std::string("not invited in the last year, no no-shows")
                                : fmt::format("invited {} time(s) in the last year, no no-shows", record.invited_last_year);
        candidates.push_back({std::move(i), record, std::move(reason)});
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        const auto key = [](const Candidate& c) {
            return std::make_tuple(c.record.no_shows > 0, c.record.invited_last_year,
                                   c.record.last_invited_at.value_or(Timestamp{}), c.invitee.id.value);
        };
        return key(a) < key(b);
    });
    if (candidates.size() > limit) candidates.resize(limit);
    return candidates;
}

std::optional<Candidate> InvitationService::replacement_for(const Invitation& declined) {
    if (declined.status != InvitationStatus::Declined) return std::nullopt;
    auto next = suggestions(declined.event_id, {declined.invitee_category}, 1);
    if (next.empty()) return std::nullopt;
    return next.front();
}

Result<AgendaSubmission> InvitationService::submit(const Actor& actor, AgendaSubmission input) {
    if (auto s = check_text("title", input.title, 1, 200); !s) return s.error();
    if (auto s = check_text("reporting_unit", input.reporting_unit, 1, 100); !s) return s.error();
    if (auto s = check_text("summary", input.summary, 0, 2000, TextShape::Lines); !s) return s.error();
    for (auto& c : input.suggested_categories) {
        auto configured = configured_category(c);
        if (!configured) return configured.error();
        c = *configured;
    }
    SQLite::Transaction tx(db_.handle());
    auto event = events_.find(input.event_id);
    if (!event) return make_error(ErrorCode::NotFound, fmt::format("event {} does not exist", input.event_id.value));
    for (auto id : input.suggested_invitees)
        if (!invitations_.find_invitee(id))
            return make_error(ErrorCode::InvalidInput, fmt::format("invitee {} does not exist", id.value));
    input.submitted_by = actor.name;
    input.created_at = clock_.now();
    input.status = "pending";
    input.id = invitations_.insert_submission(input);
    audit_.record(clock_.now(), actor, "agenda_submission.create", "event", input.event_id.value, nullptr,
                  to_json(input, {}));
    tx.commit();
    return *invitations_.find_submission(input.id);
}

Result<AgendaSubmission> InvitationService::decide(const Actor& actor, SubmissionId id, bool accept, EventService& events) {
    auto current = invitations_.find_submission(id);
    if (!current) return make_error(ErrorCode::NotFound, fmt::format("agenda submission {} does not exist", id.value));
    if (current->status != "pending")
        return make_error(ErrorCode::IllegalTransition, fmt::format("the submission was {} already", current->status));
    std::optional<AgendaItemId> item;
    if (accept) {
        // The agenda item is added first (its own transaction and rules: an event that is live cannot change).
        auto added = events.add_agenda_item(actor, current->event_id, {current->title, current->reporting_unit, current->summary});
        if (!added) return added.error();
        item = added->id;
    }
    SQLite::Transaction tx(db_.handle());
    invitations_.decide_submission(id, accept ? "accepted" : "rejected", item, clock_.now());
    auto decided = *invitations_.find_submission(id);
    audit_.record(clock_.now(), actor, accept ? "agenda_submission.accept" : "agenda_submission.reject", "event",
                  current->event_id.value, to_json(*current, {}), to_json(decided, {}));
    tx.commit();
    return decided;
}

}  // namespace openhall::core
