#pragma once
// DUMP payloads (Redis 7.0's cluster.c createDumpPayload / rdb.c): one value
// in RDB version 10's object serialization, then the RDB version (2 bytes
// little-endian) and a CRC-64 of everything before it (8 bytes LE).
//
// Written (the type matching the value's OBJECT ENCODING, so that a
// redis-server 7.0 restoring it ends with the same encoding): strings (0,
// integers in their compact encodings, long strings uncompressed),
// quicklist lists (18, nodes sized by list-max-listpack-size), intsets (11)
// and hashtable sets (2), listpack (16) and hashtable (4) hashes, listpack
// (17) and skiplist (5) sorted sets, streams (19).
// Read: all of those, plus LZF-compressed strings, the older list (1) and
// sorted set (3) types, and Redis 6.2's ziplist-based ones (10, 12, 13, 14). See rdb_restore.cpp for what is refused.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "db/hash.hpp"
#include "db/object.hpp"
#include "db/stream.hpp"
#include "db/zset.hpp"

namespace not_redis::detail {

// Redis 7.0's rdb.h.
inline constexpr std::uint16_t kRdbVersion = 10;
enum RdbType : std::uint8_t {
  kRdbString = 0,
  kRdbList = 1,
  kRdbSet = 2,
  kRdbZset = 3,
  kRdbHash = 4,
  kRdbZset2 = 5,
  kRdbListZiplist = 10,
  kRdbSetIntset = 11,
  kRdbZsetZiplist = 12,
  kRdbHashZiplist = 13,
  kRdbListQuicklist = 14,
  kRdbHashListpack = 16,
  kRdbZsetListpack = 17,
  kRdbListQuicklist2 = 18,
  kRdbStreamListpacks2 = 19,
};

/// The settings that decide encodings, read at each command as Redis does.
struct RdbLimits {
  HashLimits hash;
  ZsetLimits zset;
  std::size_t set_max_intset_entries = 512;
  StreamNodeLimits stream;
  /// list-max-listpack-size: > 0 entries per node, -1..-5 for 4..64 KiB.
  int list_max_listpack_size = -2;
};

/// The DUMP payload of `value`.
std::string dump_payload(const Object& value, const RdbLimits& limits);

/// Redis's verifyDumpPayload: at least the 10-byte trailer, an RDB version
/// not above ours, and a matching CRC-64.
bool verify_dump_payload(std::string_view payload) noexcept;

/// The value a verified payload holds, in the encoding Redis 7.0 would load
/// it in under `limits`; nullopt for anything malformed (Bad data format).
/// Never reads outside `payload`, and allocates in proportion to it.
std::optional<Object> restore_payload(std::string_view payload, const RdbLimits& limits);

} // namespace not_redis::detail
