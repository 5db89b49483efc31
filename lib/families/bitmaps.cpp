// The bitmap commands on string values: SETBIT, GETBIT, BITCOUNT, BITPOS,
// BITOP, BITFIELD and BITFIELD_RO (bitops.c). Bit 0 is the most significant
// bit of the first byte, as in Redis, so a bitmap is the same bytes in both.

#include <algorithm>
#include <bit>
#include <cstring>
#include <vector>

#include "families/family.hpp"

namespace not_redis::detail {

namespace {

constexpr std::string_view kBadOffset = "ERR bit offset is not an integer or out of range";
constexpr std::string_view kBadBit = "ERR bit is not an integer or out of range";
constexpr std::string_view kBadBitArgument = "ERR The bit argument must be 1 or 0.";
constexpr std::string_view kBadBitfieldType =
    "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

// --- Operations on bit strings -------------------------------------------------

std::uint64_t load_word(const unsigned char* p) noexcept {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

// Four independent accumulators let the CPU overlap the popcounts.
template <class Popcount>
std::uint64_t count_words(const unsigned char* p, std::size_t n, Popcount popcount) noexcept {
  std::uint64_t a = 0, b = 0, c = 0, d = 0;
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    a += popcount(load_word(p + i));
    b += popcount(load_word(p + i + 8));
    c += popcount(load_word(p + i + 16));
    d += popcount(load_word(p + i + 24));
  }
  for (; i + 8 <= n; i += 8) a += popcount(load_word(p + i));
  for (; i < n; ++i) b += popcount(std::uint64_t{p[i]});
  return a + b + c + d;
}

// x86-64's baseline has no POPCNT instruction, and without it std::popcount
// is a libgcc call per word: a third of the speed. The instruction is used
// where the CPU has it.
#if defined(__x86_64__)
[[gnu::target("popcnt")]] std::uint64_t count_bits_popcnt(const unsigned char* p, std::size_t n) noexcept {
  return count_words(p, n, [](std::uint64_t w) { return static_cast<std::uint64_t>(__builtin_popcountll(w)); });
}
#endif

/// The number of set bits in p[0, n).
std::uint64_t count_bits(const unsigned char* p, std::size_t n) noexcept {
#if defined(__x86_64__)
  static const bool has_popcnt = __builtin_cpu_supports("popcnt");
  if (has_popcnt) return count_bits_popcnt(p, n);
#endif
  return count_words(p, n, [](std::uint64_t w) { return static_cast<std::uint64_t>(std::popcount(w)); });
}

/// Redis's redisBitpos: the position of the first bit equal to `bit` in
/// p[0, n); if there is none, -1 for a 1, and n * 8 for a 0 (the bits past the
/// end of a string read as zeros).
long long find_bit(const unsigned char* p, std::size_t n, bool bit) noexcept {
  const std::uint64_t skip = bit ? 0 : ~std::uint64_t{0};
  std::size_t i = 0;
  while (i < n && (i % 8) != 0 && p[i] == static_cast<unsigned char>(skip)) ++i;
  if (i % 8 == 0)
    while (i + 8 <= n && load_word(p + i) == skip) i += 8;
  for (; i < n; ++i) {
    const unsigned byte = bit ? p[i] : static_cast<unsigned char>(~p[i]);
    if (byte) return static_cast<long long>(i * 8) + std::countl_zero(static_cast<unsigned char>(byte));
  }
  return bit ? -1 : static_cast<long long>(n * 8);
}

/// Redis's getBitOffsetFromArgument: a bit offset below the proto-max-bulk-len
/// bytes limit. With `field_bits` > 0, "#n" means the n-th field of that width
/// (BITFIELD).
std::optional<std::uint64_t> bit_offset(const Context& ctx, std::string_view arg, int field_bits = 0) {
  const bool indexed = field_bits > 0 && !arg.empty() && arg[0] == '#';
  std::optional<long long> offset = parse_integer(indexed ? arg.substr(1) : arg);
  if (!offset) return std::nullopt;
  if (indexed && __builtin_mul_overflow(*offset, field_bits, &*offset)) return std::nullopt;
  if (*offset < 0 || (*offset >> 3) >= ctx.store.config.proto_max_bulk_len) return std::nullopt;
  return static_cast<std::uint64_t>(*offset);
}

/// Redis's lookupStringForBitCommand: the string at `key` (`lookup`, known to
/// be a string or missing), created or zero-padded so that bit `max_bit`
/// exists, as writable bytes; its new size in `size`. A new key is recorded as
/// a "setbit" event; the caller reports changes to an existing one.
unsigned char* writable_bits(Context& ctx, std::string_view key, std::uint64_t max_bit, Lookup lookup,
                             std::size_t& size) {
  const std::size_t bytes = static_cast<std::size_t>(max_bit >> 3) + 1;
  Entry* entry = lookup.entry;
  if (!entry) entry = &ctx.db().set(key, Object::string({}), "setbit");
  size = std::max(entry->second.string_size(), bytes);
  return reinterpret_cast<unsigned char*>(entry->second.mutable_string(size));
}

/// A string value's bytes; integers are formatted into `scratch`.
std::string_view bytes_of(const Entry* entry, char* scratch) noexcept {
  return entry ? entry->second.string_view(scratch) : std::string_view{};
}
const unsigned char* data_of(std::string_view s) noexcept { return reinterpret_cast<const unsigned char*>(s.data()); }

/// A BIT or BYTE range after Redis's index arithmetic: bytes [first, last]
/// with, in BIT mode, the bits before the range in the first byte and after
/// it in the last byte masked out. Empty when first > last.
struct BitRange {
  long long first = 0;
  long long last = -1;
  unsigned char head_mask = 0;  ///< bits of p[first] before the range
  unsigned char tail_mask = 0;  ///< bits of p[last] after the range
};

BitRange resolve_range(long long start, long long end, bool in_bits, long long size) {
  const long long total = in_bits ? size * 8 : size;
  if (start < 0) start += total;
  if (end < 0) end += total;
  start = std::max(start, 0LL);
  end = std::max(end, 0LL);
  end = std::min(end, total - 1);
  BitRange r{start, end};
  if (in_bits && start <= end) {
    r.head_mask = static_cast<unsigned char>(~((1u << (8 - (start & 7))) - 1));
    r.tail_mask = static_cast<unsigned char>((1u << (7 - (end & 7))) - 1);
    r.first = start >> 3;
    r.last = end >> 3;
  }
  return r;
}

/// BIT or BYTE at argv[i]; false for anything else.
bool parse_unit(const Context& ctx, std::size_t i, bool& in_bits) {
  if (iequals(ctx.argv[i], "bit")) in_bits = true;
  else if (iequals(ctx.argv[i], "byte")) in_bits = false;
  else return false;
  return true;
}

// --- BITFIELD's integers ---------------------------------------------------------

// A field lies in the 72 bits of 9 bytes starting at its first byte: the
// bits after the field's start are read as one big-endian 64-bit word.

std::uint64_t load_big_endian(const unsigned char* p) noexcept {
  std::uint64_t w = 0;
  for (int i = 0; i < 8; ++i) w = (w << 8) | p[i];
  return w;
}

/// The 64 bits from bit `offset` (< 8) of the 9 bytes at p.
std::uint64_t bits_from(const unsigned char* p, unsigned offset) noexcept {
  const std::uint64_t head = load_big_endian(p);
  return offset ? (head << offset) | (p[8] >> (8 - offset)) : head;
}

/// The `bits`-wide unsigned integer at bit `offset` (< 8) of the 9 bytes at p.
std::uint64_t read_field(const unsigned char* p, unsigned offset, int bits) noexcept {
  return bits_from(p, offset) >> (64 - bits);
}

/// Writes the low `bits` bits of `value` at bit `offset` (< 8) of the 9 bytes at p.
void write_field(unsigned char* p, unsigned offset, int bits, std::uint64_t value) noexcept {
  const std::uint64_t field_mask = ~std::uint64_t{0} << (64 - bits);
  const std::uint64_t top = (bits_from(p, offset) & ~field_mask) | ((value << (64 - bits)) & field_mask);
  // Put the 64 bits back: the bytes' first `offset` bits and the ninth's
  // last 8 - offset bits are not part of them.
  std::uint64_t head = load_big_endian(p);
  const std::uint64_t kept = offset ? head & ~(~std::uint64_t{0} >> offset) : 0;
  head = kept | (top >> offset);
  for (int i = 7; i >= 0; --i, head >>= 8) p[i] = static_cast<unsigned char>(head);
  if (offset) p[8] = static_cast<unsigned char>((p[8] & (0xFFu >> offset)) | ((top << (64 - offset)) >> 56));
}

std::int64_t sign_extend(std::uint64_t value, int bits) noexcept {
  if (bits < 64 && (value >> (bits - 1)) & 1) value |= ~std::uint64_t{0} << bits;
  return static_cast<std::int64_t>(value);
}

enum class Overflow : std::uint8_t { wrap, sat, fail };

/// Redis's checkUnsignedBitfieldOverflow: whether value + incr leaves the
/// field's range, and in `result` what WRAP or SAT make of it.
bool unsigned_overflow(std::uint64_t value, std::int64_t incr, int bits, Overflow mode, std::uint64_t& result) {
  const std::uint64_t max = (std::uint64_t{1} << bits) - 1;  // bits <= 63
  const auto maxincr = static_cast<std::int64_t>(max - value);
  const auto minincr = static_cast<std::int64_t>(-value);
  const bool above = value > max || (incr > 0 && incr > maxincr);
  const bool below = !above && incr < 0 && incr < minincr;
  if (!above && !below) return false;
  if (mode == Overflow::wrap) result = (value + static_cast<std::uint64_t>(incr)) & max;
  else if (mode == Overflow::sat) result = above ? max : 0;
  return true;
}

/// Redis's checkSignedBitfieldOverflow, in wrapping arithmetic where Redis's
/// would overflow (it only uses those differences where they cannot).
bool signed_overflow(std::int64_t value, std::int64_t incr, int bits, Overflow mode, std::int64_t& result) {
  const std::int64_t max = bits == 64 ? INT64_MAX : (std::int64_t{1} << (bits - 1)) - 1;
  const std::int64_t min = -max - 1;
  const auto maxincr = static_cast<std::int64_t>(static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(value));
  const auto minincr = static_cast<std::int64_t>(static_cast<std::uint64_t>(min) - static_cast<std::uint64_t>(value));
  const bool above = value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr);
  const bool below =
      !above && (value < min || (bits != 64 && incr < minincr) || (value < 0 && incr < 0 && incr < minincr));
  if (!above && !below) return false;
  if (mode == Overflow::wrap) {
    const std::uint64_t sum = static_cast<std::uint64_t>(value) + static_cast<std::uint64_t>(incr);
    result = sign_extend(bits == 64 ? sum : sum & ((std::uint64_t{1} << bits) - 1), bits);
  } else if (mode == Overflow::sat) {
    result = above ? max : min;
  }
  return true;
}

struct FieldOp {
  enum class Kind : std::uint8_t { get, set, incrby } kind;
  bool is_signed;
  int bits;
  Overflow overflow;
  std::uint64_t offset;
  std::int64_t value;  ///< SET's value or INCRBY's increment
};

/// Redis's getBitfieldTypeFromArgument: i1..i64 or u1..u63.
bool parse_field_type(std::string_view arg, bool& is_signed, int& bits) {
  if (arg.empty() || (arg[0] != 'i' && arg[0] != 'u')) return false;
  is_signed = arg[0] == 'i';
  // Redis reads the width up to a NUL (strlen), so "u8\0x" is u8.
  std::string_view width = arg.substr(1);
  width = width.substr(0, width.find('\0'));
  const std::optional<long long> n = parse_integer(width);
  if (!n || *n < 1 || *n > (is_signed ? 64 : 63)) return false;
  bits = static_cast<int>(*n);
  return true;
}

// --- Commands ------------------------------------------------------------------

// SETBIT key offset value
Outcome setbit(Context& ctx) {
  const auto offset = bit_offset(ctx, ctx.argv[2]);
  if (!offset) return error_reply(kBadOffset);
  const std::optional<long long> on = parse_integer(ctx.argv[3]);
  if (!on || (*on & ~1LL)) return error_reply(kBadBit);
  const Lookup lookup = lookup_write(ctx, ctx.argv[1], ObjectType::string);
  if (lookup.wrong_type) return wrong_type();
  const std::uint64_t byte_at = *offset >> 3;
  const unsigned mask = 1u << (7 - (*offset & 7));
  // Setting a bit to what it is, inside the string, is no write at all: no
  // event, so WATCH and notifications do not see one (as Redis 7.0).
  if (lookup.entry && byte_at < lookup.entry->second.string_size()) {
    char scratch[24];
    const bool old = data_of(lookup.entry->second.string_view(scratch))[byte_at] & mask;
    if (old == (*on == 1)) return Value::integer(old);
  }
  std::size_t size = 0;
  unsigned char* bits = writable_bits(ctx, ctx.argv[1], *offset, lookup, size);
  if (lookup.entry) ctx.db().modified(*lookup.entry, "setbit");
  unsigned char& byte = bits[byte_at];
  const bool old = byte & mask;
  byte = static_cast<unsigned char>(*on ? byte | mask : byte & ~mask);
  return Value::integer(old);
}

// GETBIT key offset
Outcome getbit(Context& ctx) {
  const auto offset = bit_offset(ctx, ctx.argv[2]);
  if (!offset) return error_reply(kBadOffset);
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::string);
  if (wrong) return wrong_type();
  char scratch[24];
  const std::string_view s = bytes_of(entry, scratch);
  const std::uint64_t byte = *offset >> 3;
  if (byte >= s.size()) return Value::integer(0);
  return Value::integer((data_of(s)[byte] >> (7 - (*offset & 7))) & 1);
}

// BITCOUNT key [start end [BYTE|BIT]]
Outcome bitcount(Context& ctx) {
  // Redis 7.0 looks the key up before it reads the range: a missing key is 0
  // whatever follows.
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::string);
  if (wrong) return wrong_type();
  if (!entry) return Value::integer(0);
  char scratch[24];
  const std::string_view s = bytes_of(entry, scratch);
  const unsigned char* p = data_of(s);
  BitRange range{0, static_cast<long long>(s.size()) - 1};
  const std::size_t argc = ctx.argv.size();
  if (argc == 4 || argc == 5) {
    const auto start = integer_arg(ctx, 2);
    if (!start) return not_integer();
    const auto end = integer_arg(ctx, 3);
    if (!end) return not_integer();
    // Checked before the unit, as Redis 7.0 does.
    if (*start < 0 && *end < 0 && *start > *end) return Value::integer(0);
    bool in_bits = false;
    if (argc == 5 && !parse_unit(ctx, 4, in_bits)) return syntax_error();
    range = resolve_range(*start, *end, in_bits, static_cast<long long>(s.size()));
  } else if (argc != 2) {
    return syntax_error();
  }
  if (range.first > range.last) return Value::integer(0);
  const auto first = static_cast<std::size_t>(range.first);
  const auto last = static_cast<std::size_t>(range.last);
  std::uint64_t count = count_bits(p + first, last - first + 1);
  count -= static_cast<unsigned>(std::popcount(static_cast<unsigned char>(p[first] & range.head_mask)));
  count -= static_cast<unsigned>(std::popcount(static_cast<unsigned char>(p[last] & range.tail_mask)));
  return Value::integer(static_cast<long long>(count));
}

// BITPOS key bit [start [end [BYTE|BIT]]]
Outcome bitpos(Context& ctx) {
  const auto bit_arg = integer_arg(ctx, 2);
  if (!bit_arg) return not_integer();
  if (*bit_arg != 0 && *bit_arg != 1) return error_reply(kBadBitArgument);
  const bool bit = *bit_arg == 1;
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::string);
  if (wrong) return wrong_type();
  // A missing key is an endless run of zeros.
  if (!entry) return Value::integer(bit ? -1 : 0);
  char scratch[24];
  const std::string_view s = bytes_of(entry, scratch);
  const auto size = static_cast<long long>(s.size());
  const std::size_t argc = ctx.argv.size();
  BitRange range{0, size - 1};
  bool end_given = false;
  if (argc >= 4 && argc <= 6) {
    const auto start = integer_arg(ctx, 3);
    if (!start) return not_integer();
    bool in_bits = false;
    if (argc == 6 && !parse_unit(ctx, 5, in_bits)) return syntax_error();
    long long end = in_bits ? size * 8 - 1 : size - 1;
    if (argc >= 5) {
      const auto given = integer_arg(ctx, 4);
      if (!given) return not_integer();
      end = *given;
      end_given = true;
    }
    range = resolve_range(*start, end, in_bits, size);
  } else if (argc != 3) {
    return syntax_error();
  }
  // An empty range holds neither a 0 nor a 1.
  if (range.first > range.last) return Value::integer(-1);

  // The range's bytes, with the masked-out edge bits set to what is not
  // searched for, so that they never match.
  const unsigned char* p = data_of(s);
  const auto first = static_cast<std::size_t>(range.first);
  const auto last = static_cast<std::size_t>(range.last);
  const std::size_t bytes = last - first + 1;
  auto edge = [&](std::size_t at) {
    unsigned char mask = 0;
    if (at == first) mask |= range.head_mask;
    if (at == last) mask |= range.tail_mask;
    return static_cast<unsigned char>(bit ? p[at] & ~mask : p[at] | mask);
  };
  long long pos = -1;
  const unsigned char head = edge(first);
  if (const long long found = find_bit(&head, 1, bit); found != -1 && found != 8) {
    pos = found;
  } else if (bytes == 1) {
    pos = found;
  } else {
    const std::size_t middle = bytes - 2;
    const long long in_middle = find_bit(p + first + 1, middle, bit);
    if (in_middle != -1 && in_middle != static_cast<long long>(middle * 8)) {
      pos = 8 + in_middle;
    } else {
      const unsigned char tail = edge(last);
      const long long in_tail = find_bit(&tail, 1, bit);
      pos = in_tail == -1 ? -1 : static_cast<long long>((bytes - 1) * 8) + in_tail;
    }
  }
  // With an explicit end, the bits right of the range are not zero padding:
  // no 0 inside it means -1.
  if (end_given && !bit && pos == static_cast<long long>(bytes * 8)) return Value::integer(-1);
  if (pos != -1) pos += range.first * 8;
  return Value::integer(pos);
}

enum class BitOp : std::uint8_t { op_and, op_or, op_xor, op_not };

// BITOP AND|OR|XOR|NOT destkey key [key ...]
Outcome bitop(Context& ctx) {
  const std::string_view name = ctx.argv[1];
  BitOp op;
  if (iequals(name, "and")) op = BitOp::op_and;
  else if (iequals(name, "or")) op = BitOp::op_or;
  else if (iequals(name, "xor")) op = BitOp::op_xor;
  else if (iequals(name, "not")) op = BitOp::op_not;
  else return syntax_error();
  const std::size_t sources = ctx.argv.size() - 3;
  if (op == BitOp::op_not && sources != 1) return error_reply("ERR BITOP NOT must be called with a single source key.");

  std::vector<std::string> copies;  // integer values, formatted
  std::vector<std::string_view> inputs;
  copies.reserve(sources);
  inputs.reserve(sources);
  std::size_t longest = 0;
  for (std::size_t i = 3; i < ctx.argv.size(); ++i) {
    auto [entry, wrong] = lookup_read(ctx, ctx.argv[i], ObjectType::string);
    if (wrong) return wrong_type();
    std::string_view s;
    if (entry) {
      char scratch[24];
      s = entry->second.string_view(scratch);
      if (entry->second.is_int()) s = copies.emplace_back(s);
    }
    inputs.push_back(s);
    longest = std::max(longest, s.size());
  }

  const std::string_view dest = ctx.argv[2];
  if (longest == 0) {
    ctx.db().erase(dest);
    return Value::integer(0);
  }
  // Built aside and stored at the end: the destination may be a source.
  Object result = Object::string({});
  unsigned char* out = reinterpret_cast<unsigned char*>(result.mutable_string(longest));
  auto byte_of = [](std::string_view s, std::size_t i) -> unsigned char { return i < s.size() ? s[i] : 0; };
  if (op == BitOp::op_not) {
    const std::string_view s = inputs[0];
    for (std::size_t i = 0; i < longest; ++i) out[i] = static_cast<unsigned char>(~s[i]);
  } else {
    // The rest is zero. (A missing key's view has no data: memcpy must not see it.)
    if (!inputs[0].empty()) std::memcpy(out, inputs[0].data(), inputs[0].size());
    for (std::size_t k = 1; k < inputs.size(); ++k) {
      const std::string_view s = inputs[k];
      const unsigned char* in = data_of(s);
      // Whole words where this input has them, then its tail, then (AND)
      // the zeros past its end.
      std::size_t i = 0;
      const std::size_t words_end = s.size() & ~std::size_t{7};
      for (; i < words_end; i += 8) {
        std::uint64_t a = load_word(out + i);
        const std::uint64_t b = load_word(in + i);
        a = op == BitOp::op_and ? a & b : op == BitOp::op_or ? a | b : a ^ b;
        std::memcpy(out + i, &a, sizeof a);
      }
      for (; i < longest; ++i) {
        const unsigned char b = byte_of(s, i);
        out[i] = static_cast<unsigned char>(op == BitOp::op_and ? out[i] & b : op == BitOp::op_or ? out[i] | b : out[i] ^ b);
      }
    }
  }
  ctx.db().set(dest, std::move(result), "set");
  return Value::integer(static_cast<long long>(longest));
}

// BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset
// increment] [OVERFLOW WRAP|SAT|FAIL] ...   and BITFIELD_RO key [GET type offset ...]
Value bitfield_generic(Context& ctx, bool read_only_command) {
  std::vector<FieldOp> ops;
  Overflow overflow = Overflow::wrap;
  bool writes = false;
  std::uint64_t highest_bit = 0;
  for (std::size_t j = 2; j < ctx.argv.size(); ++j) {
    const std::size_t remaining = ctx.argv.size() - j - 1;
    const std::string_view sub = ctx.argv[j];
    FieldOp op{};
    if (iequals(sub, "get") && remaining >= 2) {
      op.kind = FieldOp::Kind::get;
    } else if (iequals(sub, "set") && remaining >= 3) {
      op.kind = FieldOp::Kind::set;
    } else if (iequals(sub, "incrby") && remaining >= 3) {
      op.kind = FieldOp::Kind::incrby;
    } else if (iequals(sub, "overflow") && remaining >= 1) {
      const std::string_view mode = ctx.argv[++j];
      if (iequals(mode, "wrap")) overflow = Overflow::wrap;
      else if (iequals(mode, "sat")) overflow = Overflow::sat;
      else if (iequals(mode, "fail")) overflow = Overflow::fail;
      else return error_reply("ERR Invalid OVERFLOW type specified");
      continue;
    } else {
      return syntax_error();
    }
    if (!parse_field_type(ctx.argv[j + 1], op.is_signed, op.bits)) return error_reply(kBadBitfieldType);
    const auto offset = bit_offset(ctx, ctx.argv[j + 2], op.bits);
    if (!offset) return error_reply(kBadOffset);
    op.offset = *offset;
    op.overflow = overflow;
    if (op.kind != FieldOp::Kind::get) {
      writes = true;
      highest_bit = std::max(highest_bit, op.offset + static_cast<std::uint64_t>(op.bits) - 1);
      const auto value = integer_arg(ctx, j + 3);
      if (!value) return not_integer();
      op.value = *value;
    }
    ops.push_back(op);
    j += op.kind == FieldOp::Kind::get ? 2 : 3;
  }

  const std::string_view key = ctx.argv[1];
  // The value's bytes: writable when some operation writes (then they reach
  // every field written), else read only.
  unsigned char* bits = nullptr;
  std::size_t size = 0;
  Entry* existing = nullptr;
  std::size_t old_size = 0;
  char scratch[24];
  if (!writes) {
    // Only GETs: a missing key reads as an empty string.
    auto [entry, wrong] = lookup_read(ctx, key, ObjectType::string);
    if (wrong) return wrong_type();
    const std::string_view s = bytes_of(entry, scratch);
    bits = const_cast<unsigned char*>(data_of(s));
    size = s.size();
  } else {
    if (read_only_command) return error_reply("ERR BITFIELD_RO only supports the GET subcommand");
    const Lookup lookup = lookup_write(ctx, key, ObjectType::string);
    if (lookup.wrong_type) return wrong_type();
    existing = lookup.entry;
    if (existing) old_size = existing->second.string_size();
    bits = writable_bits(ctx, key, highest_bit, lookup, size);
  }
  // Redis 7.0 reports the key changed only if the string grew or some field
  // took a new value (a SET to the value already there is no write).
  bool changed = existing && size > old_size;

  Value::Array replies;
  replies.reserve(ops.size());
  for (const FieldOp& op : ops) {
    // Each field is worked on in a zero-padded copy of the 9 bytes it can
    // span, so that a GET may read past the end of the string.
    unsigned char window[9] = {};
    const std::uint64_t byte = op.offset >> 3;
    const std::size_t held = byte < size ? std::min<std::size_t>(9, size - static_cast<std::size_t>(byte)) : 0;
    if (held) std::memcpy(window, bits + byte, held);
    const auto at = static_cast<unsigned>(op.offset & 7);
    const std::uint64_t old_raw = read_field(window, at, op.bits);
    if (op.kind == FieldOp::Kind::get) {
      replies.push_back(Value::integer(op.is_signed ? sign_extend(old_raw, op.bits) : static_cast<long long>(old_raw)));
      continue;
    }
    bool overflowed;
    std::uint64_t new_raw;
    long long reply;
    if (op.is_signed) {
      const std::int64_t old_value = sign_extend(old_raw, op.bits);
      std::int64_t limited = 0;
      std::int64_t next;
      if (op.kind == FieldOp::Kind::incrby) {
        overflowed = signed_overflow(old_value, op.value, op.bits, op.overflow, limited);
        next = overflowed ? limited
                          : static_cast<std::int64_t>(static_cast<std::uint64_t>(old_value) + static_cast<std::uint64_t>(op.value));
        reply = next;
      } else {
        overflowed = signed_overflow(op.value, 0, op.bits, op.overflow, limited);
        next = overflowed ? limited : op.value;
        reply = old_value;
      }
      new_raw = static_cast<std::uint64_t>(next);
    } else {
      std::uint64_t limited = 0;
      if (op.kind == FieldOp::Kind::incrby) {
        overflowed = unsigned_overflow(old_raw, op.value, op.bits, op.overflow, limited);
        new_raw = overflowed ? limited : old_raw + static_cast<std::uint64_t>(op.value);
        reply = static_cast<long long>(new_raw);
      } else {
        const auto value = static_cast<std::uint64_t>(op.value);
        overflowed = unsigned_overflow(value, 0, op.bits, op.overflow, limited);
        new_raw = overflowed ? limited : value;
        reply = static_cast<long long>(old_raw);
      }
    }
    // FAIL leaves the field as it was and answers nil.
    if (overflowed && op.overflow == Overflow::fail) {
      replies.emplace_back();
      continue;
    }
    write_field(window, at, op.bits, new_raw);
    std::memcpy(bits + byte, window, held);
    replies.push_back(Value::integer(reply));
    const std::uint64_t field_mask = op.bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << op.bits) - 1;
    changed |= (new_raw & field_mask) != old_raw;
  }
  // A new key was reported when it was created.
  if (changed && existing) ctx.db().modified(*existing, "setbit");
  return Value::array(std::move(replies));
}

Outcome bitfield(Context& ctx) { return bitfield_generic(ctx, false); }
Outcome bitfield_ro(Context& ctx) { return bitfield_generic(ctx, true); }

// Rows as Redis 7.0 declares them (COMMAND INFO).
constexpr CommandSpec kCommands[] = {
    {"setbit", 4, kWrite | kDenyOom, 1, 1, 1, &setbit, "@write @bitmap @slow"},
    {"getbit", 3, kReadonly | kFast, 1, 1, 1, &getbit, "@read @bitmap @fast"},
    {"bitcount", -2, kReadonly, 1, 1, 1, &bitcount, "@read @bitmap @slow"},
    {"bitpos", -3, kReadonly, 1, 1, 1, &bitpos, "@read @bitmap @slow"},
    {"bitop", -4, kWrite | kDenyOom, 2, -1, 1, &bitop, "@write @bitmap @slow"},
    {"bitfield", -2, kWrite | kDenyOom, 1, 1, 1, &bitfield, "@write @bitmap @slow"},
    {"bitfield_ro", -2, kReadonly | kFast, 1, 1, 1, &bitfield_ro, "@read @bitmap @fast"},
};

} // namespace

std::span<const CommandSpec> bitmap_commands() { return kCommands; }

} // namespace not_redis::detail
