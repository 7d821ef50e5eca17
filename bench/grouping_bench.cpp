// Suggested groups at the scale of a large event: N questions made from the labelled set
// (tests/data/paraphrase_groups.tsv) as people type them, each a labelled question with a place in front and
// sometimes a tail ("谢谢", "急", "盼复"), grouped by suggest_groups. Prints the wall time of each run and the median,
// and writes the questions to a file for the peer (bench/grouping_peer.py) to group the same input. With DECISIONS,
// the office's earlier decisions are applied too: that many pairs of labelled questions (with places in front),
// "together" for two of one group and, one in five, "apart" for two of one topic.
// Usage: grouping_bench [QUESTIONS] [RUNS] [QUESTIONS_FILE] [DECISIONS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "openhall/core/live_questions/question_grouping.hpp"

using namespace openhall::core;

namespace {

const std::vector<std::string> kPlaces = {"", "城关镇", "青石乡", "西门片区", "东关社区", "北山村", "南河街道", "人民路",
                                          "新华街", "工业园", "滨江小区", "老城区", "高铁新区", "第一中学附近"};
const std::vector<std::string> kTails = {"", "", "", "谢谢", "急", "盼复", "希望尽快答复", "麻烦领导看一下", "？", "！！"};

struct Labelled {
    std::string group, topic, text;
};

std::vector<Labelled> labelled_questions(const char* path) {
    std::ifstream in(path);
    std::vector<Labelled> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#' || line.starts_with("group\t")) continue;
        const auto first_tab = line.find('\t'), second_tab = line.find('\t', first_tab + 1);
        out.push_back({line.substr(0, first_tab), line.substr(first_tab + 1, second_tab - first_tab - 1),
                       line.substr(line.rfind('\t') + 1)});
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    const int count = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    const std::string out_file = argc > 3 ? argv[3] : "/tmp/openhall-grouping-questions.txt";
    const int decision_count = argc > 4 ? std::atoi(argv[4]) : 0;
    const auto labelled = labelled_questions(OPENHALL_LABELLED_SET);
    std::mt19937 rng(15);
    std::vector<std::pair<QuestionId, std::string>> questions;
    std::ofstream out(out_file);
    for (int i = 0; i < count; ++i) {
        auto text = kPlaces[rng() % kPlaces.size()] + labelled[rng() % labelled.size()].text + kTails[rng() % kTails.size()];
        out << text << '\n';
        questions.emplace_back(QuestionId{i + 1}, std::move(text));
    }
    out.close();
    std::vector<GroupingDecision> decisions;
    while (static_cast<int>(decisions.size()) < decision_count) {
        const auto& a = labelled[rng() % labelled.size()];
        const auto& b = labelled[rng() % labelled.size()];
        const bool together = a.group == b.group;
        if (&a == &b || (!together && (a.topic != b.topic || decisions.size() % 5 != 0))) continue;
        decisions.push_back({kPlaces[rng() % kPlaces.size()] + a.text, kPlaces[rng() % kPlaces.size()] + b.text, together});
    }
    const auto load_start = std::chrono::steady_clock::now();
    const QuestionAnalyzer analyzer;
    const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
    std::vector<double> seconds;
    std::size_t groups = 0, grouped = 0;
    for (int r = 0; r < runs; ++r) {
        const auto start = std::chrono::steady_clock::now();
        const auto result = suggest_groups(analyzer, questions, decisions);
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        groups = result.size();
        grouped = 0;
        for (const auto& g : result) grouped += g.question_ids.size();
        std::printf("run %d: %.3f s\n", r + 1, seconds.back());
    }
    std::sort(seconds.begin(), seconds.end());
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("questions %d (%zu distinct labelled texts), %zu decisions, analyzer loaded in %.2f s\n", count,
                labelled.size(), decisions.size(), load_s);
    std::printf("suggest_groups: median %.3f s, best %.3f s, worst %.3f s over %d runs; %zu groups holding %zu questions\n",
                seconds[seconds.size() / 2], seconds.front(), seconds.back(), runs, groups, grouped);
    std::printf("peak RSS %.0f MB; questions written to %s\n", static_cast<double>(usage.ru_maxrss) / 1024, out_file.c_str());
}
