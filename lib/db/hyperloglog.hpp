#pragma once
// HyperLogLog in Redis's own representation (hyperloglog.c), so that values
// move between not_redis and Redis with GET/SET and count the same.
//
// The value is a string: a 16-byte header ("HYLL", the encoding byte, 3
// unused bytes, the cached cardinality as 8 bytes little endian whose top bit
// says "stale"), then the registers: 16384 of 6 bits each packed from the low
// bits up ("dense", 12288 bytes), or run-length coded ("sparse": ZERO
// 00xxxxxx for 1..64 zero registers, XZERO 01xxxxxx yyyyyyyy for 1..16384,
// VAL 1vvvvvxx for 1..4 registers of value 1..32). A new value is sparse and
// becomes dense when a register needs more than 32 or the sparse form would
// grow past hll-sparse-max-bytes.
//
// Values come from users too (SET, RESTORE), so everything here reads them
// defensively: nothing reads outside the string, and a sparse value whose
// runs do not add up to 16384 registers is reported as corrupt wherever
// Redis reports it.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "db/object.hpp"

namespace not_redis::detail::hll {

constexpr std::size_t kRegisters = 16384;
constexpr std::size_t kHeaderSize = 16;
constexpr std::size_t kDenseSize = kHeaderSize + kRegisters * 6 / 8;

enum class Encoding : std::uint8_t { dense = 0, sparse = 1 };

/// One register value per register: the union of PFCOUNT and PFMERGE.
using Registers = std::array<std::uint8_t, kRegisters>;

/// Redis's MurmurHash64A (MurmurHash2, 64-bit, read little endian).
std::uint64_t murmur_hash64a(std::string_view data, std::uint64_t seed) noexcept;

/// Which register an element lands in, and the value it offers: 1 + the
/// number of zero bits above the 14 index bits of its hash (at most 51).
struct Pattern {
  std::uint32_t index;
  std::uint8_t count;
};
Pattern pattern_of(std::string_view element) noexcept;

/// Redis's isHLLObjectOrReply: the magic, a known encoding, and for dense the
/// exact length. (Sparse runs are checked only where they are read.)
bool is_hll(std::string_view value) noexcept;
inline Encoding encoding_of(std::string_view value) noexcept { return static_cast<Encoding>(value[4]); }

/// The cached cardinality, if the value says it is current.
std::optional<std::uint64_t> cached_cardinality(std::string_view value) noexcept;
void store_cardinality(char* value, std::uint64_t cardinality) noexcept;
inline void invalidate_cache(char* value) noexcept { value[15] = static_cast<char>(value[15] | 0x80); }

/// A new, empty HyperLogLog: sparse, one XZERO run, cached cardinality 0.
Object make_empty();

enum class Update : std::uint8_t { unchanged, changed, corrupt };

/// PFADD of one element to `value` (already checked by is_hll). Writes in
/// place; a dense value is never reallocated.
Update add(Object& value, std::string_view element, std::size_t sparse_max_bytes);
/// Raises register `index` to `count` if lower (hllDenseSet/hllSparseSet).
Update raise_register(Object& value, std::uint32_t index, std::uint8_t count, std::size_t sparse_max_bytes);
/// Rewrites a sparse value as dense, keeping the header; false if its runs
/// are corrupt (the value is then unchanged). A dense value is left as is.
bool to_dense(Object& value);

/// The estimate of the value's cardinality (Redis's hllCount), or nullopt
/// if the sparse runs are corrupt.
std::optional<std::uint64_t> count(std::string_view value) noexcept;
/// The estimate for registers held one per byte (the union of several keys).
std::uint64_t count(const Registers& registers) noexcept;
/// registers[i] = max(registers[i], value's register i) (Redis's hllMerge);
/// false if the sparse runs are corrupt.
bool merge_into(Registers& registers, std::string_view value) noexcept;
/// The value's register `index` of a dense value.
std::uint8_t dense_register(std::string_view value, std::size_t index) noexcept;

/// PFSELFTEST: every register of a dense array keeps what is written to it
/// without disturbing its neighbours, and dense and sparse values fed the
/// same 10 million elements agree, with an error within 6 standard errors.
/// nullopt on success, else Redis's TESTFAILED text.
std::optional<std::string> self_test(std::uint64_t seed, std::size_t sparse_max_bytes);

/// PFDEBUG DECODE's text for a sparse value: "Z:8581 v:1,1 z:9 ...".
std::string decode_sparse(std::string_view value);

} // namespace not_redis::detail::hll
