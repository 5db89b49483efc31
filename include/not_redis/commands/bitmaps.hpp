#pragma once
/// @file
/// Typed bitmap commands (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD),
/// mixed into Client. A bitmap is a string value: bit 0 is the most
/// significant bit of the first byte, as in Redis.

#include <optional>
#include <string_view>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/commands/reply.hpp>
#include <not_redis/commands/strings.hpp>

namespace not_redis {

/// Whether a range counts bytes (Redis's default) or bits.
enum class BitUnit { byte, bit };

/// An inclusive range for BITCOUNT and BITPOS; negative indexes count from
/// the end, as in Redis: `{0, -1}` is everything, `{.start = 5, .end = 9,
/// .unit = BitUnit::bit}` bits 5 to 9.
struct BitRange {
  long long start = 0;
  long long end = -1;
  BitUnit unit = BitUnit::byte;
};

template <>
struct ToArgs<BitRange> {
  static void append(Argv& out, const BitRange& r) {
    out.push_integer(r.start);
    out.push_integer(r.end);
    // BYTE is the default; leaving it out also works on Redis before 7.0.
    if (r.unit == BitUnit::bit) out.push_back("BIT");
  }
};

/// BITOP's operation.
enum class BitOperation { bit_and, bit_or, bit_xor, bit_not };

template <>
struct ToArgs<BitOperation> {
  static void append(Argv& out, BitOperation op) {
    constexpr std::string_view kNames[] = {"AND", "OR", "XOR", "NOT"};
    out.push_back(kNames[static_cast<int>(op)]);
  }
};

/// A BITFIELD integer type: `BitFieldType::i(16)` is i16, `u(8)` u8. Redis
/// takes i1..i64 and u1..u63 and refuses others with its error.
struct BitFieldType {
  bool is_signed = false;
  int bits = 8;
  static constexpr BitFieldType i(int bits) { return {true, bits}; }
  static constexpr BitFieldType u(int bits) { return {false, bits}; }
};

/// A BITFIELD offset: a bit position (`17`), or with nth() the n-th field of
/// the type's width (Redis's `#n`).
struct BitFieldOffset {
  long long value = 0;
  bool nth_field = false;
  constexpr BitFieldOffset(long long bit) : value(bit) {}  // NOLINT: a plain number is a bit offset
  static constexpr BitFieldOffset nth(long long index) {
    BitFieldOffset o(index);
    o.nth_field = true;
    return o;
  }
};

/// What an INCRBY or SET that leaves its type's range does: wrap around
/// (Redis's default), saturate, or fail (that operation's reply is nullopt
/// and the field is not written).
enum class BitOverflow { wrap, sat, fail };

/// BITFIELD's operations, in order, as a small builder:
///
/// ```
/// auto r = store.bitfield("k", not_redis::BitField()
///                                  .set(BitFieldType::u(8), 0, 200)
///                                  .overflow(BitOverflow::sat)
///                                  .incrby(BitFieldType::u(8), 0, 100)).get();  // {0, 255}
/// ```
class BitField {
public:
  BitField& get(BitFieldType type, BitFieldOffset offset) { return op("GET", type, offset); }
  BitField& set(BitFieldType type, BitFieldOffset offset, long long value) {
    op("SET", type, offset);
    args_.push_integer(value);
    return *this;
  }
  BitField& incrby(BitFieldType type, BitFieldOffset offset, long long increment) {
    op("INCRBY", type, offset);
    args_.push_integer(increment);
    return *this;
  }
  /// Applies to the SETs and INCRBYs after it.
  BitField& overflow(BitOverflow mode) {
    constexpr std::string_view kModes[] = {"WRAP", "SAT", "FAIL"};
    args_.push_back("OVERFLOW");
    args_.push_back(kModes[static_cast<int>(mode)]);
    return *this;
  }
  const Argv& args() const noexcept { return args_; }

private:
  BitField& op(std::string_view name, BitFieldType type, BitFieldOffset offset) {
    args_.push_back(name);
    args_.push_back((type.is_signed ? "i" : "u") + std::to_string(type.bits));
    args_.push_back((offset.nth_field ? "#" : "") + std::to_string(offset.value));
    return *this;
  }
  Argv args_;
};

template <>
struct ToArgs<BitField> {
  static void append(Argv& out, const BitField& f) {
    for (std::string_view arg : f.args()) out.push_back(arg);
  }
};

/// The bitmap commands as typed methods, each a thin wrapper over
/// `Self::command<T>(...)`. Thread rules are the backend's (Client: any
/// thread). Error replies throw not_redis::Error (Kind::reply) with Redis's
/// text, e.g. an offset at or past 2^32 bits (proto-max-bulk-len).
template <class Self>
class BitmapCommands {
public:
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

  /// SETBIT key offset 0|1: the bit's previous value. Grows the string with
  /// zero bytes as needed. (The name is parenthesized against <sys/param.h>'s
  /// `setbit` macro, which not_redis/uv.hpp removes; a program that includes
  /// <sys/param.h> without it calls `(store.setbit)(...)`.)
  Reply<bool>(setbit)(std::string_view key, long long offset, bool value) {
    return self().template command<bool>("SETBIT", key, offset, value ? 1 : 0);
  }
  /// GETBIT key offset: false past the end or for a missing key.
  Reply<bool> getbit(std::string_view key, long long offset) {
    return self().template command<bool>("GETBIT", key, offset);
  }
  /// BITCOUNT key [start end [BYTE|BIT]]: the number of set bits.
  Reply<long long> bitcount(std::string_view key) { return self().template command<long long>("BITCOUNT", key); }
  Reply<long long> bitcount(std::string_view key, BitRange range) {
    return self().template command<long long>("BITCOUNT", key, range);
  }
  /// BITPOS key bit [start end [BYTE|BIT]]: the first bit equal to `bit`, or
  /// -1. Without a range, looking for 0 in a string of ones gives the bit past
  /// its end, as in Redis; with one, -1.
  Reply<long long> bitpos(std::string_view key, bool bit) {
    return self().template command<long long>("BITPOS", key, bit ? 1 : 0);
  }
  Reply<long long> bitpos(std::string_view key, bool bit, BitRange range) {
    return self().template command<long long>("BITPOS", key, bit ? 1 : 0, range);
  }
  /// BITOP op destkey key [key ...]: the length of the stored result (a
  /// result of length 0 deletes destkey). NOT takes exactly one key.
  template <class... Keys>
    requires(detail::StringLike<Keys> && ...)
  Reply<long long> bitop(BitOperation op, std::string_view destination, const Keys&... keys) {
    return self().template command<long long>("BITOP", op, destination, keys...);
  }
  template <detail::KeyRange R>
  Reply<long long> bitop(BitOperation op, std::string_view destination, const R& keys) {
    return self().template command<long long>("BITOP", op, destination, keys);
  }
  /// BITFIELD key ops...: one reply per GET, SET (the old value) and INCRBY
  /// (the new value); nullopt where OVERFLOW FAIL refused the write.
  Reply<std::vector<std::optional<long long>>> bitfield(std::string_view key, const BitField& ops) {
    return self().template command<std::vector<std::optional<long long>>>("BITFIELD", key, ops);
  }
  /// BITFIELD_RO key GET ...: GETs only (Redis refuses anything else).
  Reply<std::vector<long long>> bitfield_ro(std::string_view key, const BitField& gets) {
    return self().template command<std::vector<long long>>("BITFIELD_RO", key, gets);
  }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
