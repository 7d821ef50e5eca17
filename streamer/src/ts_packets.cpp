#include "openhall/streamer/ts_packets.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>

namespace openhall::streamer::ts {

int pid_of(const std::uint8_t* packet) { return ((packet[1] & 0x1F) << 8) | packet[2]; }

std::optional<int> program_map_pid(const std::uint8_t* packet) {
    if (packet[0] != kSyncByte || pid_of(packet) != kPatPid || !(packet[1] & 0x40)) return std::nullopt;
    const int adaptation = (packet[3] >> 4) & 0x3;
    if (!(adaptation & 0x1)) return std::nullopt;  // no payload
    std::size_t at = 4;
    if (adaptation & 0x2) at += 1 + packet[4];
    if (at >= kPacketSize) return std::nullopt;
    at += 1 + packet[at];  // pointer_field
    // table_id, section_length (12 bits), transport_stream_id, version, section numbers: 8 bytes before the loop.
    if (at + 8 > kPacketSize || packet[at] != 0x00) return std::nullopt;
    const std::size_t section_length = ((packet[at + 1] & 0x0F) << 8) | packet[at + 2];
    const std::size_t end = std::min(kPacketSize, at + 3 + section_length - 4);  // without the CRC
    for (std::size_t entry = at + 8; entry + 4 <= end; entry += 4) {
        const int program = (packet[entry] << 8) | packet[entry + 1];
        if (program != 0) return ((packet[entry + 2] & 0x1F) << 8) | packet[entry + 3];  // 0 names the network PID
    }
    return std::nullopt;
}

void set_continuity_counter(std::uint8_t* packet, int counter) {
    packet[3] = static_cast<std::uint8_t>((packet[3] & 0xF0) | (counter & 0x0F));
}

std::optional<std::uint64_t> pes_pts(const std::uint8_t* packet) {
    if (packet[0] != kSyncByte || !(packet[1] & 0x40)) return std::nullopt;
    const int adaptation = (packet[3] >> 4) & 0x3;
    if (!(adaptation & 0x1)) return std::nullopt;
    std::size_t at = 4;
    if (adaptation & 0x2) at += 1 + packet[4];
    // start code (3), stream_id, PES_packet_length (2), two flag bytes, header length, then the 5 bytes of PTS.
    if (at + 14 > kPacketSize) return std::nullopt;
    const std::uint8_t* pes = packet + at;
    if (pes[0] != 0x00 || pes[1] != 0x00 || pes[2] != 0x01) return std::nullopt;
    if (!(pes[7] & 0x80)) return std::nullopt;  // PTS_DTS_flags '10' or '11'
    const std::uint8_t* p = pes + 9;
    return (static_cast<std::uint64_t>((p[0] >> 1) & 0x07) << 30) | (static_cast<std::uint64_t>(p[1]) << 22) |
           (static_cast<std::uint64_t>(p[2] >> 1) << 15) | (static_cast<std::uint64_t>(p[3]) << 7) |
           static_cast<std::uint64_t>(p[4] >> 1);
}

std::optional<std::uint64_t> first_pts(const std::filesystem::path& file) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
    if (!in) return std::nullopt;
    std::array<std::uint8_t, kPacketSize> packet;
    for (int i = 0; i < 64 * 1024 / static_cast<int>(kPacketSize); ++i) {
        if (std::fread(packet.data(), 1, packet.size(), in.get()) != packet.size()) return std::nullopt;
        if (auto pts = pes_pts(packet.data())) return pts;
    }
    return std::nullopt;
}

}  // namespace openhall::streamer::ts
