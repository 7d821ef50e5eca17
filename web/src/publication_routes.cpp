#include "openhall/web/publication_routes.hpp"

#include <cmath>

#include <fmt/format.h>

#include "openhall/core/captions/transcript_excerpt.hpp"
#include "openhall/core/events/event_lifecycle.hpp"
#include "openhall/core/text/markdown.hpp"
#include "openhall/core/text/text.hpp"
#include "openhall/web/atom_feed.hpp"
#include "openhall/web/error_response.hpp"
#include "openhall/web/interpretation_view.hpp"
#include "openhall/web/json_body.hpp"
#include "openhall/web/path_ids.hpp"

namespace openhall::web {
namespace {

using core::ErrorCode;
using core::InterpretationStatus;
using core::Permission;

constexpr std::size_t kExcerptChars = 160;
constexpr std::size_t kFeedEntries = 50;
constexpr std::size_t kSearchResults = 50;

// What the public may read of an interpretation: the version it was shown, while shown or after withdrawal.
bool is_public(const core::Interpretation& i) {
    return i.public_version && (i.status == InterpretationStatus::PrePublished ||
                                i.status == InterpretationStatus::Published || i.status == InterpretationStatus::Withdrawn);
}

core::Result<std::vector<InterpretationStatus>> statuses_from(const Request& req, bool staff) {
    auto it = req.query.find("status");
    if (it == req.query.end() || it->second.empty()) {
        if (staff) return std::vector<InterpretationStatus>{};
        return std::vector{InterpretationStatus::Published, InterpretationStatus::Withdrawn};
    }
    auto status = core::parse_interpretation_status(it->second);
    if (!status || (!staff && *status != InterpretationStatus::Published &&
                    *status != InterpretationStatus::PrePublished && *status != InterpretationStatus::Withdrawn))
        return core::make_error(ErrorCode::InvalidInput,
                                staff ? "status must be one of draft, in_review, pre_published, published, withdrawn"
                                      : "status must be one of published, pre_published, withdrawn");
    return std::vector{*status};
}

core::Result<std::optional<core::EventId>> event_filter(const Request& req) {
    auto id = positive_query_integer(req, "event", "event must be an event id");
    if (!id) return id.error();
    if (!*id) return std::optional<core::EventId>{};
    return std::optional(core::EventId{**id});
}

// Each linked moment gains "said": the transcript's lines there ([{"start_s","text"}…], transcript_excerpt), so
// the reader sees the words the text explains.
void add_words_said(nlohmann::json& view, const std::vector<core::CaptionLine>& transcript) {
    for (auto& moment : view["moments"]) {
        auto said = nlohmann::json::array();
        const auto at_ms = static_cast<std::int64_t>(std::llround(moment["offset_s"].get<double>() * 1000.0));
        for (const auto& line : core::transcript_excerpt(transcript, at_ms))
            said.push_back({{"start_s", static_cast<double>(line.start_ms) / 1000.0}, {"text", line.text}});
        moment["said"] = std::move(said);
    }
}

}  // namespace

void add_publication_routes(Router& router, PublicationContext ctx) {
    auto offset = ctx.zone.offset_function();
    // Staff who may read drafts get the working view; everyone else the public one.
    auto drafts_reader = [ctx](const Request& req) mutable {
        auto user = ctx.gate.user_of(req);
        return user && core::role_may(user->role, Permission::ReadInterpretationDrafts);
    };

    router.add("GET", "/api/v1/interpretations", [ctx, offset, drafts_reader](const Request& req) mutable {
        const bool staff = drafts_reader(req);
        auto statuses = statuses_from(req, staff);
        if (!statuses) return error_response(statuses.error());
        auto event = event_filter(req);
        if (!event) return error_response(event.error());
        auto list = nlohmann::json::array();
        for (const auto& i : ctx.interpretations.list(*event, *statuses)) {
            const int shown = staff ? i.head_version : *i.public_version;
            auto version = ctx.interpretations.version(i.id, shown);
            auto view = staff ? staff_interpretation_view(i, *version, {}, offset, ctx.clock.now())
                              : public_interpretation_view(i, *version, offset, ctx.clock.now());
            view.erase("body_html");
            view.erase("body_md");
            view.erase("reviews");
            view["excerpt"] = i.status == InterpretationStatus::Withdrawn && !staff
                                  ? ""
                                  : core::markdown_excerpt(version->body_md, kExcerptChars);
            list.push_back(std::move(view));
        }
        return Response::json(200, {{"interpretations", std::move(list)}});
    });

    router.add("GET", "/api/v1/interpretations/{id}", [ctx, offset, drafts_reader](const Request& req) mutable {
        auto id = id_param<core::InterpretationId>(req, "id", "interpretation");
        if (!id) return error_response(id.error());
        auto i = ctx.interpretations.find(*id);
        const bool staff = drafts_reader(req);
        if (!i || (!staff && !is_public(*i)))
            return error_response(ErrorCode::NotFound, fmt::format("interpretation {} does not exist", id->value));
        auto view = staff ? staff_interpretation_view(*i, *ctx.interpretations.version(*id, i->head_version),
                                                      ctx.interpretations.reviews(*id), offset, ctx.clock.now())
                          : public_interpretation_view(*i, *ctx.interpretations.version(*id, *i->public_version), offset,
                                                       ctx.clock.now());
        add_words_said(view, ctx.captions.transcript(i->event_id));
        return Response::json(200, view);
    });

    // Approved comments with their replies for everyone; every comment with contacts for staff who read drafts.
    router.add("GET", "/api/v1/interpretations/{id}/comments", [ctx, offset](const Request& req) mutable {
        auto id = id_param<core::InterpretationId>(req, "id", "interpretation");
        if (!id) return error_response(id.error());
        auto user = ctx.gate.user_of(req);
        const bool staff = user && core::role_may(user->role, Permission::ReadInterpretationDrafts);
        auto i = ctx.interpretations.find(*id);
        if (!i || (!staff && !is_public(*i)))
            return error_response(ErrorCode::NotFound, fmt::format("interpretation {} does not exist", id->value));
        auto list = nlohmann::json::array();
        const auto statuses = staff ? std::vector<core::CommentStatus>{} : std::vector{core::CommentStatus::Approved};
        for (const auto& c : ctx.interpretations.comments(*id, statuses)) list.push_back(core::to_json(c, offset, staff));
        return Response::json(200, {{"comments", std::move(list)}});
    });

    router.add("POST", "/api/v1/interpretations/{id}/comments", [ctx, offset](const Request& req) mutable {
        auto id = id_param<core::InterpretationId>(req, "id", "interpretation");
        if (!id) return error_response(id.error());
        auto body = read_body(req, {"text", "name", "contact"});
        if (!body) return error_response(body.error());
        auto text = read_string(*body, "text", true);
        if (!text) return error_response(text.error());
        auto name = read_string(*body, "name", false);
        if (!name) return error_response(name.error());
        auto contact = read_string(*body, "contact", false);
        if (!contact) return error_response(contact.error());
        auto added = ctx.interpretations.add_comment(
            *id, {name->value_or(""), contact->value_or(""), **text, req.remote_address});
        if (!added) return error_response(added.error());
        // The commenter sees what they sent, never more: no contact, and it waits for moderation.
        auto view = core::to_json(*added, offset, false);
        view["status"] = "pending";
        return Response::json(201, view);
    });

    router.add("GET", "/api/v1/search", [ctx, offset](const Request& req) mutable {
        auto q = req.query_value("q").value_or("");
        if (auto s = core::check_text("q", q, 1, 200); !s) return error_response(s.error());
        auto event = event_filter(req);
        if (!event) return error_response(event.error());
        auto results = nlohmann::json::array();
        for (const auto& hit : ctx.search.search(q, kSearchResults * 4)) {
            if (results.size() == kSearchResults) break;
            if (hit.kind == core::SearchHit::Kind::Question) {
                auto question = ctx.questions.find(core::QuestionId{hit.id});
                if (!question || !core::is_public(question->status) || (*event && question->event_id != **event)) continue;
                auto e = ctx.events.find(question->event_id);
                if (!e || !core::is_public(e->status)) continue;
                const double at = question->media_offset_s.value_or(0);
                results.push_back({{"kind", "question"},
                                   {"id", question->id.value},
                                   {"event_id", question->event_id.value},
                                   {"title", e->title},
                                   {"excerpt", question->text},
                                   {"url", replay_url(question->event_id, at)},
                                   {"question", core::to_json(*question, offset)}});
            } else if (hit.kind == core::SearchHit::Kind::CaptionLine) {
                // What was said: the hit opens the replay where it was said.
                auto line = ctx.captions.find(core::CaptionLineId{hit.id});
                if (!line || (*event && line->event_id != **event)) continue;
                auto e = ctx.events.find(line->event_id);
                if (!e || !core::is_public(e->status)) continue;
                const double at = static_cast<double>(line->start_ms) / 1000.0;
                results.push_back({{"kind", "caption"},
                                   {"id", line->id.value},
                                   {"event_id", line->event_id.value},
                                   {"title", e->title},
                                   {"excerpt", line->text},
                                   {"url", replay_url(line->event_id, at)},
                                   {"line", core::to_json(*line)}});
            } else {
                auto i = ctx.interpretations.find(core::InterpretationId{hit.id});
                if (!i || i->status != InterpretationStatus::Published || (*event && i->event_id != **event)) continue;
                auto v = ctx.interpretations.version(i->id, *i->public_version);
                results.push_back({{"kind", "interpretation"},
                                   {"id", i->id.value},
                                   {"event_id", i->event_id.value},
                                   {"title", v->title},
                                   {"excerpt", core::markdown_excerpt(v->body_md, kExcerptChars)},
                                   {"url", interpretation_url(i->id)}});
            }
        }
        return Response::json(200, {{"query", q}, {"results", std::move(results)}});
    });

    // How many public questions got a published answer, and how fast: overall and per event.
    router.add("GET", "/api/v1/statistics", [ctx](const Request&) mutable {
        auto stats_json = [](const core::AnswerStatistics& s) {
            return nlohmann::json{{"questions", s.questions},
                                  {"answered", s.answered},
                                  {"median_hours_to_answer", s.median_hours_to_answer
                                                                 ? nlohmann::json(*s.median_hours_to_answer)
                                                                 : nlohmann::json()}};
        };
        const auto events = ctx.events.list({});
        std::vector<core::EventId> ids;
        for (const auto& e : events) ids.push_back(e.id);
        const auto stats = ctx.interpretations.statistics(ids);
        auto per_event = nlohmann::json::array();
        for (std::size_t i = 0; i < events.size(); ++i) {
            if (stats[i + 1].questions == 0) continue;
            auto j = stats_json(stats[i + 1]);
            j["event_id"] = events[i].id.value;
            j["title"] = events[i].title;
            per_event.push_back(std::move(j));
        }
        return Response::json(200, {{"overall", stats_json(stats[0])}, {"events", std::move(per_event)}});
    });

    router.add("GET", "/feed.atom", [ctx](const Request& req) mutable {
        std::vector<FeedEntry> entries;
        core::Timestamp updated{};
        const auto base = req.base_url();
        for (const auto& i : ctx.interpretations.list(std::nullopt, {InterpretationStatus::Published})) {
            if (entries.size() == kFeedEntries) break;
            auto v = ctx.interpretations.version(i.id, *i.public_version);
            updated = std::max(updated, i.updated_at);
            entries.push_back({fmt::format("tag:openhall,2026:interpretation:{}", i.id.value), v->title,
                               base + interpretation_url(i.id), core::markdown_excerpt(v->body_md, kExcerptChars),
                               v->body_html, *i.first_published_at, i.updated_at});
        }
        if (entries.empty()) updated = ctx.clock.now();
        return Response::text(200, "application/atom+xml; charset=utf-8",
                              atom_feed({base, "OpenHall 陽光議事廳 — 解讀 Interpretations", updated}, entries));
    });
}

}  // namespace openhall::web
