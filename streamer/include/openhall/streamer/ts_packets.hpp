// Reading and patching MPEG transport stream packets (ISO/IEC 13818-1 §2.4.3), as far as cutting segments needs:
// every segment must begin with the program tables (PAT, PMT) so it can be decoded on its own (RFC 8216 §3.2),
// and a table repeated there must keep its PID's continuity counter running.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>

namespace openhall::streamer::ts {

inline constexpr std::size_t kPacketSize = 188;
inline constexpr std::uint8_t kSyncByte = 0x47;
inline constexpr int kPatPid = 0;

// Each function below touches only the 188 bytes at `packet` and keeps no state; any thread.

// The 13-bit PID of a 188-byte packet (§2.4.3.2).
int pid_of(const std::uint8_t* packet);
// The PID of the first program's map table, from a packet of the PAT (PID 0) that starts its section (§2.4.4.3);
// nullopt when the packet does not start a PAT section or lists no program.
std::optional<int> program_map_pid(const std::uint8_t* packet);
// Sets the 4-bit continuity counter (§2.4.3.3) to `counter` modulo 16.
void set_continuity_counter(std::uint8_t* packet, int counter);
// The 33-bit PTS (90 kHz) of the PES packet that starts in this packet (payload_unit_start, the start code
// 00 00 01, PTS_DTS_flags with a PTS: §2.4.3.6, §2.4.3.7); nullopt otherwise (tables, continuations, no PTS).
std::optional<std::uint64_t> pes_pts(const std::uint8_t* packet);

// The PTS of the first PES packet with one in a transport stream file (a segment begins with its keyframe, after
// the tables), read from at most its first 64 KiB; nullopt when there is none or the file cannot be read. Blocks
// on the disk; any thread. What a WebVTT segment's X-TIMESTAMP-MAP is tied to (RFC 8216 §3.5).
std::optional<std::uint64_t> first_pts(const std::filesystem::path& file);

}  // namespace openhall::streamer::ts
