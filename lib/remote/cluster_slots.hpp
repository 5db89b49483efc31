#pragma once
// Redis Cluster's key space: CRC16 (XMODEM, as Redis's crc16.c) of a key, or
// of its {hash tag}, modulo 16384; and the slot a command's keys fall in.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include <not_redis/argv.hpp>

namespace not_redis::detail {

inline constexpr int kClusterSlots = 16384;

/// CRC16-CCITT (XMODEM): polynomial 0x1021, initial value 0, no reflection.
std::uint16_t crc16(std::string_view bytes) noexcept;

/// Redis's keyHashSlot: the part between the first '{' and the first '}'
/// after it, if that part is not empty; else the whole key.
int key_hash_slot(std::string_view key) noexcept;

/// Where a command must go: no key (any node, or a fan-out), one slot, or
/// keys in several slots (Redis's CROSSSLOT, refused before sending).
struct NoKeys {};
struct CrossSlot {};
using CommandSlot = std::variant<NoKeys, int, CrossSlot>;

/// The slot of `argv`'s keys, found with the command table's key specs;
/// SPUBLISH, SSUBSCRIBE and SUNSUBSCRIBE route by their shard channels.
CommandSlot command_slot(const Argv& argv);

} // namespace not_redis::detail
