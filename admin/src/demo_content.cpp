#include "openhall/admin/demo_content.hpp"

#include <stdexcept>

#include "openhall/core/events/event_service.hpp"
#include "openhall/core/store/settings_repository.hpp"

namespace openhall::admin {
namespace {

using namespace std::chrono;
using core::EventKind;
using core::EventStatus;

struct DemoAgendaItem {
    const char* title;
    const char* reporting_unit;
    const char* summary;
};

struct DemoEvent {
    EventKind kind;
    const char* title;
    const char* description;
    const char* venue;
    int day;           // days from today (local)
    minutes start;     // local time of day; ignored for the live interview
    minutes duration;
    std::optional<std::int64_t> capacity;
    std::vector<EventStatus> path;  // statuses to walk through after creation
    std::vector<DemoAgendaItem> agenda;
};

// A fictional county (青溪县) doing what county governments publish in their open-government columns.
std::vector<DemoEvent> demo_events() {
    const std::vector<EventStatus> scheduled{EventStatus::Scheduled};
    return {
        {EventKind::Interview, "政务访谈：县医保局局长谈城乡居民医保缴费与报销",
         "县医疗保障局局长做客政务访谈直播间，解读2027年度城乡居民医保缴费标准、门诊共济保障和异地就医备案，"
         "现场回答网友提问。",
         "县融媒体中心演播室（线上直播）", 0, minutes{0}, minutes{60}, std::nullopt,
         {EventStatus::Scheduled, EventStatus::Live},
         {{"2027年度城乡居民医保缴费标准", "县医疗保障局", "个人缴费标准、缴费时间和渠道，困难群众资助参保政策。"},
          {"门诊共济保障与异地就医备案", "县医疗保障局", "普通门诊统筹报销比例，异地就医线上备案流程。"},
          {"网友提问", "", "现场回答直播间网友的提问。"}}},
        {EventKind::PressConference, "2027年县政府十件民生实事新闻发布会",
         "通报2027年县政府十件民生实事项目的确定过程、主要内容和责任单位，并回答记者提问。", "县政府新闻发布厅", 3,
         hours{10}, minutes{60}, std::nullopt, scheduled,
         {{"通报2027年十件民生实事项目", "县发展和改革局", "项目征集、群众投票和人大票决的过程，项目清单与完成时限。"},
          {"城乡公交一体化进展", "县交通运输局", "新增和优化的城乡公交线路，票价与换乘优惠。"},
          {"记者提问", "", ""}}},
        {EventKind::StandingMeeting, "县人民政府第32次常务会议（开门纳谏）",
         "本次常务会议邀请人大代表、政协委员、群众代表和企业代表列席，就涉及群众切身利益的议题发表意见。",
         "县政府一号会议室", 7, hours{9}, minutes{180}, std::nullopt, scheduled,
         {{"《青溪县老旧小区改造三年行动方案（2027—2029年）》", "县住房和城乡建设局",
           "计划改造2000年前建成的老旧小区46个，涉及居民5200余户；加装电梯、雨污分流和停车设施。"},
          {"《关于进一步规范校外培训机构管理的实施意见》", "县教育局",
           "培训机构审批、收费资金监管和安全管理的具体措施。"},
          {"城区停车收费标准调整方案", "县发展和改革局", "按区域和时段差别化收费，首小时免费时长的设置。"}}},
        {EventKind::OpenDay, "政府开放日：走进县自来水厂",
         "市民可实地参观水源地保护区、净水工艺流程和水质检测中心，了解从水源到龙头的每一道工序。现场设有互动问答环节。",
         "青溪县第二自来水厂（滨江路88号）", 12, hours{9}, minutes{150}, 60, scheduled,
         {{"水源地保护区参观", "县水务局", "一级保护区的管护措施与水质在线监测。"},
          {"净水工艺讲解", "县自来水公司", "混凝、沉淀、过滤、消毒四道工序现场讲解。"},
          {"水质检测中心开放与问答", "县疾病预防控制中心", "106项水质指标的检测方法与公开渠道。"}}},
        {EventKind::Hearing, "青溪县城区居民生活用水价格调整听证会",
         "依据《政府制定价格听证办法》，就城区居民生活用水价格调整方案公开听取消费者、经营者和专家学者等各方意见。",
         "县政务服务中心三楼会议室", 20, hours{14} + minutes{30}, minutes{150}, 25, scheduled,
         {{"定价成本监审情况说明", "县发展和改革局", "2023—2025年供水定价成本监审结论。"},
          {"调价方案说明（方案一、方案二）", "县自来水公司", "阶梯水价第一档由每立方米2.60元调整为2.95元或3.10元。"},
          {"听证参加人陈述意见", "", "每位发言人陈述时间不超过5分钟。"},
          {"听证人询问与总结", "", ""}}},
        {EventKind::StandingMeeting, "县人民政府第31次常务会议（开门纳谏）",
         "会议审议城区生活垃圾分类实施方案，列席代表就分类投放点设置和收运时间提出意见。", "县政府一号会议室", -30,
         hours{9}, minutes{150}, std::nullopt, {EventStatus::Scheduled, EventStatus::Live, EventStatus::Ended},
         {{"《青溪县城区生活垃圾分类实施方案》", "县城市管理局", "分类标准、投放点布局和“定时定点”收运安排。"}}},
        {EventKind::PressConference, "2027年春季招商引资推介新闻发布会（筹备中）",
         "草稿：发布时间和议程待定。", "县政府新闻发布厅", 40, hours{10}, minutes{60}, std::nullopt, {}, {}},
    };
}

constexpr const char* kSeedKey = "demo_seed_version";

}  // namespace

bool seed_demo_content(core::EventService& events, core::Database& db, const core::Clock& clock,
                       seconds display_offset) {
    core::SettingsRepository settings(db);
    if (settings.get(kSeedKey)) return false;

    const auto actor = core::Actor::system("demo");
    const auto now = clock.now();
    const auto local_midnight = floor<days>(now + display_offset) - display_offset;
    for (const auto& demo : demo_events()) {
        core::EventDraft draft{demo.kind, demo.title, demo.description, demo.venue, {}, {}, demo.capacity};
        if (demo.path.size() == 2 && demo.path.back() == EventStatus::Live)
            draft.starts_at = floor<minutes>(now) - minutes{15};
        else
            draft.starts_at = local_midnight + days{demo.day} + demo.start;
        draft.ends_at = draft.starts_at + demo.duration;
        auto created = events.create(actor, draft);
        if (!created) throw std::runtime_error("demo event rejected: " + created.error().message);
        for (const auto& item : demo.agenda) {
            auto added = events.add_agenda_item(actor, created->id, {item.title, item.reporting_unit, item.summary});
            if (!added) throw std::runtime_error("demo agenda item rejected: " + added.error().message);
        }
        // The live demo event streams from the generated test source.
        if (demo.kind == EventKind::Interview) {
            auto configured = events.configure_stream(actor, created->id, core::StreamSourceKind::Test, "", {});
            if (!configured) throw std::runtime_error("demo stream rejected: " + configured.error().message);
        }
        for (auto status : demo.path) {
            auto moved = events.change_status(actor, created->id, status);
            if (!moved) throw std::runtime_error("demo status rejected: " + moved.error().message);
        }
    }
    settings.set(kSeedKey, "1");
    return true;
}

}  // namespace openhall::admin
