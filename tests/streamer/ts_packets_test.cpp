// Reading the program association table and patching continuity counters (ISO/IEC 13818-1 §2.4.3, §2.4.4.3).
#include <array>
#include <vector>

#include <gtest/gtest.h>

#include "openhall/streamer/ts_packets.hpp"

using namespace openhall::streamer;

namespace {

// A PAT packet listing `programs` as (program_number, PID) pairs.
std::array<std::uint8_t, ts::kPacketSize> pat(const std::vector<std::pair<int, int>>& programs, bool starts_section = true) {
    std::array<std::uint8_t, ts::kPacketSize> p;
    p.fill(0xFF);
    const int section_length = 5 + 4 * static_cast<int>(programs.size()) + 4;
    std::vector<std::uint8_t> bytes{0x47, static_cast<std::uint8_t>(starts_section ? 0x40 : 0x00), 0x00, 0x10, 0x00,
                                    0x00, static_cast<std::uint8_t>(0xB0 | (section_length >> 8)),
                                    static_cast<std::uint8_t>(section_length & 0xFF), 0x00, 0x01, 0xC1, 0x00, 0x00};
    for (auto [program, pid] : programs) {
        bytes.insert(bytes.end(), {static_cast<std::uint8_t>(program >> 8), static_cast<std::uint8_t>(program & 0xFF),
                                   static_cast<std::uint8_t>(0xE0 | (pid >> 8)), static_cast<std::uint8_t>(pid & 0xFF)});
    }
    bytes.insert(bytes.end(), {0x12, 0x34, 0x56, 0x78});  // the CRC is not checked
    std::copy(bytes.begin(), bytes.end(), p.begin());
    return p;
}

}  // namespace

TEST(TsPackets, TheProgramMapPidComesFromThePat) {
    auto packet = pat({{1, 0x1000}});
    EXPECT_EQ(ts::pid_of(packet.data()), 0);
    EXPECT_EQ(ts::program_map_pid(packet.data()), 0x1000);
}

TEST(TsPackets, TheNetworkEntryIsSkipped) {
    auto packet = pat({{0, 0x0010}, {1, 0x0020}});
    EXPECT_EQ(ts::program_map_pid(packet.data()), 0x0020);
}

TEST(TsPackets, APacketThatDoesNotStartAPatSectionNamesNoProgram) {
    EXPECT_EQ(ts::program_map_pid(pat({{1, 0x1000}}, false).data()), std::nullopt);
    auto video = pat({{1, 0x1000}});
    video[1] = 0x40 | 0x01;  // PID 0x100: not the PAT
    EXPECT_EQ(ts::program_map_pid(video.data()), std::nullopt);
    EXPECT_EQ(ts::program_map_pid(pat({}).data()), std::nullopt);
}

TEST(TsPackets, TheContinuityCounterIsFourBitsAndLeavesTheRestAlone) {
    auto packet = pat({{1, 0x1000}});
    ts::set_continuity_counter(packet.data(), 17);
    EXPECT_EQ(packet[3], 0x11);
    ts::set_continuity_counter(packet.data(), 15);
    EXPECT_EQ(packet[3], 0x1F);
}

namespace {

// A packet starting a PES packet of PID 0x100 with `pts` (33 bits), after an adaptation field of `stuffing` bytes.
std::array<std::uint8_t, ts::kPacketSize> pes_start(std::uint64_t pts, int stuffing = 0, bool with_pts = true) {
    std::array<std::uint8_t, ts::kPacketSize> p;
    p.fill(0xFF);
    std::vector<std::uint8_t> bytes{0x47, 0x41, 0x00, static_cast<std::uint8_t>(stuffing ? 0x30 : 0x10)};
    if (stuffing) {
        bytes.push_back(static_cast<std::uint8_t>(stuffing));
        bytes.push_back(0x00);
        bytes.insert(bytes.end(), stuffing - 1, 0xFF);
    }
    bytes.insert(bytes.end(), {0x00, 0x00, 0x01, 0xE0, 0x00, 0x00, 0x80, static_cast<std::uint8_t>(with_pts ? 0x80 : 0x00), 0x05});
    bytes.insert(bytes.end(), {static_cast<std::uint8_t>(0x21 | ((pts >> 29) & 0x0E)), static_cast<std::uint8_t>(pts >> 22),
                               static_cast<std::uint8_t>(0x01 | ((pts >> 14) & 0xFE)), static_cast<std::uint8_t>(pts >> 7),
                               static_cast<std::uint8_t>(0x01 | ((pts << 1) & 0xFE))});
    std::copy(bytes.begin(), bytes.end(), p.begin());
    return p;
}

}  // namespace

TEST(TsPackets, ThePtsOfAPesStartIsReadWithOrWithoutAnAdaptationField) {
    EXPECT_EQ(ts::pes_pts(pes_start(324'000'000).data()), 324'000'000u);  // 3600 s, mpegtsmux's first
    EXPECT_EQ(ts::pes_pts(pes_start(0x1'FFFF'FFFFull, 7).data()), 0x1'FFFF'FFFFull);  // all 33 bits
    EXPECT_EQ(ts::pes_pts(pes_start(90'000, 0, false).data()), std::nullopt);  // no PTS
    auto continuation = pes_start(90'000);
    continuation[1] = 0x01;  // payload_unit_start not set
    EXPECT_EQ(ts::pes_pts(continuation.data()), std::nullopt);
    EXPECT_EQ(ts::pes_pts(pat({{1, 0x1000}}).data()), std::nullopt);  // a table, not a PES packet
}
