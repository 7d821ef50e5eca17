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
