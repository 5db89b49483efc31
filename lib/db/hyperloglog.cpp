#include "db/hyperloglog.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <random>

#include <fmt/format.h>

namespace not_redis::detail::hll {

namespace {

constexpr std::uint64_t kHashSeed = 0xadc83b19ULL;
constexpr unsigned kIndexBits = 14;
constexpr unsigned kCountBits = 64 - kIndexBits;  // Redis's HLL_Q
constexpr std::size_t kDenseBytes = kDenseSize - kHeaderSize;
constexpr unsigned kRegisterMax = 63;
constexpr unsigned kSparseValMax = 32;
constexpr unsigned kSparseValMaxRun = 4;
constexpr unsigned kSparseZeroMaxRun = 64;
constexpr unsigned kSparseXzeroMaxRun = 16384;
// 0.5/ln(2): the bias correction of the estimator for large m.
constexpr double kAlphaInf = 0.721347520444481703680;

// --- Sparse opcodes ----------------------------------------------------------

bool is_zero(std::uint8_t op) noexcept { return (op & 0xc0) == 0; }
bool is_xzero(std::uint8_t op) noexcept { return (op & 0xc0) == 0x40; }
bool is_val(std::uint8_t op) noexcept { return op & 0x80; }
unsigned zero_run(std::uint8_t op) noexcept { return (op & 0x3fu) + 1; }
unsigned xzero_run(std::uint8_t op, std::uint8_t next) noexcept { return (((op & 0x3fu) << 8) | next) + 1; }
unsigned val_value(std::uint8_t op) noexcept { return ((op >> 2) & 0x1fu) + 1; }
unsigned val_run(std::uint8_t op) noexcept { return (op & 0x3u) + 1; }
std::uint8_t val_op(unsigned value, unsigned run) noexcept {
  return static_cast<std::uint8_t>(((value - 1) << 2 | (run - 1)) | 0x80);
}
std::uint8_t zero_op(unsigned run) noexcept { return static_cast<std::uint8_t>(run - 1); }
void put_xzero(std::uint8_t* p, unsigned run) noexcept {
  p[0] = static_cast<std::uint8_t>(((run - 1) >> 8) | 0x40);
  p[1] = static_cast<std::uint8_t>((run - 1) & 0xff);
}
/// Writes a zero run of 1..16384 registers; returns the bytes written.
std::size_t put_zeros(std::uint8_t* p, unsigned run) noexcept {
  if (run > kSparseZeroMaxRun) {
    put_xzero(p, run);
    return 2;
  }
  *p = zero_op(run);
  return 1;
}

/// One opcode of a sparse value as read from [p, end). An XZERO cut short by
/// the end of the string reads its second byte as 0, as Redis does (it reads
/// the string's terminating NUL).
struct Op {
  unsigned run;
  unsigned value;  // 0 for ZERO and XZERO
  unsigned size;   // bytes of the opcode
};
Op read_op(const std::uint8_t* p, const std::uint8_t* end) noexcept {
  if (is_zero(*p)) return {zero_run(*p), 0, 1};
  if (is_val(*p)) return {val_run(*p), val_value(*p), 1};
  return {xzero_run(*p, p + 1 < end ? p[1] : 0), 0, 2};
}

/// Calls `visit(first_register, op)` for each run of a sparse value, as
/// hllSparseToDense and hllMerge walk it. True if the runs cover exactly
/// 16384 registers; a run that would pass the last register ends the walk
/// as corrupt (as Redis since the fix for CVE-2025-32023, which Debian's
/// 7.0.15 carries: the oracle refuses such values however the runs end).
template <class Visit>
bool walk_sparse(std::string_view value, Visit visit) noexcept {
  const auto* p = reinterpret_cast<const std::uint8_t*>(value.data()) + kHeaderSize;
  const auto* end = reinterpret_cast<const std::uint8_t*>(value.data()) + value.size();
  std::size_t index = 0;
  while (p < end) {
    const Op op = read_op(p, end);
    if (index + op.run > kRegisters) return false;
    visit(index, op);
    index += op.run;
    p += op.size;
  }
  return index == kRegisters;
}

// --- Dense registers -----------------------------------------------------------
// Register i holds bits 6i..6i+5 of the register bytes, low bits first.

unsigned get_dense(const std::uint8_t* regs, std::size_t i) noexcept {
  const std::size_t byte = i * 6 / 8;
  const unsigned shift = i * 6 & 7;
  unsigned bits = regs[byte] >> shift;
  if (byte + 1 < kDenseBytes) bits |= static_cast<unsigned>(regs[byte + 1]) << (8 - shift);
  return bits & kRegisterMax;
}

void set_dense(std::uint8_t* regs, std::size_t i, unsigned value) noexcept {
  const std::size_t byte = i * 6 / 8;
  const unsigned shift = i * 6 & 7;
  regs[byte] = static_cast<std::uint8_t>((regs[byte] & ~(kRegisterMax << shift)) | (value << shift));
  if (byte + 1 < kDenseBytes) {
    const unsigned high = 8 - shift;
    regs[byte + 1] = static_cast<std::uint8_t>((regs[byte + 1] & ~(kRegisterMax >> high)) | (value >> high));
  }
}

Update raise_dense(std::uint8_t* regs, std::uint32_t index, std::uint8_t count) noexcept {
  if (count <= get_dense(regs, index)) return Update::unchanged;
  set_dense(regs, index, count);
  return Update::changed;
}

std::uint8_t* register_bytes(Object& value) noexcept {
  return reinterpret_cast<std::uint8_t*>(value.mutable_string(value.string_size())) + kHeaderSize;
}

// --- The estimator ---------------------------------------------------------------
// Otmar Ertl, "New cardinality estimation algorithms for HyperLogLog
// sketches" (arXiv:1702.01284), as Redis 7 computes it: same operations in
// the same order, so the same doubles and the same counts.

using Histogram = std::array<long long, 64>;

double sigma(double x) noexcept {
  if (x == 1.) return INFINITY;
  double y = 1;
  double z = x;
  double previous;
  do {
    x *= x;
    previous = z;
    z += x * y;
    y += y;
  } while (previous != z);
  return z;
}

double tau(double x) noexcept {
  if (x == 0. || x == 1.) return 0.;
  double y = 1.0;
  double z = 1 - x;
  double previous;
  do {
    x = std::sqrt(x);
    previous = z;
    y *= 0.5;
    z -= std::pow(1 - x, 2) * y;
  } while (previous != z);
  return z / 3;
}

std::uint64_t estimate(const Histogram& histogram) noexcept {
  const double m = kRegisters;
  double z = m * tau((m - static_cast<double>(histogram[kCountBits + 1])) / m);
  for (unsigned j = kCountBits; j >= 1; --j) {
    z += static_cast<double>(histogram[j]);
    z *= 0.5;
  }
  z += m * sigma(static_cast<double>(histogram[0]) / m);
  return static_cast<std::uint64_t>(std::llround(kAlphaInf * m * m / z));
}

// Sixteen registers are 12 bytes: read them as one 64-bit and one 32-bit
// word and call `visit(register_value)` for each, in order.
template <class Visit>
void for_each_dense(const std::uint8_t* regs, Visit visit) noexcept {
  for (std::size_t group = 0; group < kRegisters / 16; ++group, regs += 12) {
    std::uint64_t low = 0;
    std::uint32_t high = 0;
    for (int b = 7; b >= 0; --b) low = low << 8 | regs[b];
    for (int b = 11; b >= 8; --b) high = high << 8 | regs[b];
    for (unsigned k = 0; k < 10; ++k) visit(static_cast<unsigned>(low >> (6 * k)) & kRegisterMax);
    visit(static_cast<unsigned>((low >> 60) | (static_cast<std::uint64_t>(high) << 4)) & kRegisterMax);
    for (unsigned k = 11; k < 16; ++k) visit(static_cast<unsigned>(high >> (6 * k - 64)) & kRegisterMax);
  }
}

void dense_histogram(const std::uint8_t* regs, Histogram& histogram) noexcept {
  for_each_dense(regs, [&](unsigned value) { ++histogram[value]; });
}

// hllSparseRegHisto: a total other than 16384 registers is corrupt (runs
// are positive, so that also covers a run passing the last register).
bool sparse_histogram(std::string_view value, Histogram& histogram) noexcept {
  const auto* p = reinterpret_cast<const std::uint8_t*>(value.data()) + kHeaderSize;
  const auto* end = reinterpret_cast<const std::uint8_t*>(value.data()) + value.size();
  std::uint64_t index = 0;
  while (p < end) {
    const Op op = read_op(p, end);
    histogram[op.value] += op.run;
    index += op.run;
    p += op.size;
  }
  return index == kRegisters;
}

// --- Sparse updates ------------------------------------------------------------

/// hllSparseSet on the bytes [s, s + size) (room for 4 more after them):
/// finds the run holding `index`, splits it around the new VAL, then merges
/// equal neighbouring VALs. Returns the new size, or nullopt with `promote`
/// set when the value must become dense first, or nullopt alone if corrupt.
std::optional<std::size_t> sparse_raise(std::uint8_t* s, std::size_t size, std::uint32_t index, std::uint8_t count,
                                        std::size_t max_bytes, bool& promote, bool& changed) {
  std::uint8_t* const sparse = s + kHeaderSize;
  std::uint8_t* end = s + size;
  std::uint8_t* p = sparse;
  std::uint8_t* prev = nullptr;
  std::size_t first = 0;
  Op op{0, 0, 0};
  while (p < end) {
    op = read_op(p, end);
    if (index <= first + op.run - 1) break;
    prev = p;
    p += op.size;
    first += op.run;
  }
  if (op.run == 0 || p >= end) return std::nullopt;
  std::uint8_t* next = p + op.size;
  if (next >= end) next = nullptr;

  if (op.value) {
    if (op.value >= count) return size;
    if (op.run == 1) {
      *p = val_op(count, 1);
      goto merge;
    }
  } else if (is_zero(*p) && op.run == 1) {
    *p = val_op(count, 1);
    goto merge;
  }
  {
    // The general case: at worst XZERO becomes XZERO VAL XZERO, 5 bytes.
    std::uint8_t seq[5];
    std::size_t n = 0;
    const std::size_t last = first + op.run - 1;
    if (op.value == 0) {
      if (index != first) n += put_zeros(seq + n, static_cast<unsigned>(index - first));
      seq[n++] = val_op(count, 1);
      if (index != last) n += put_zeros(seq + n, static_cast<unsigned>(last - index));
    } else {
      if (index != first) seq[n++] = val_op(op.value, static_cast<unsigned>(index - first));
      seq[n++] = val_op(count, 1);
      if (index != last) seq[n++] = val_op(op.value, static_cast<unsigned>(last - index));
    }
    const auto delta = static_cast<std::ptrdiff_t>(n) - static_cast<std::ptrdiff_t>(op.size);
    if (delta > 0 && size + static_cast<std::size_t>(delta) > max_bytes) {
      promote = true;
      return std::nullopt;
    }
    if (delta && next) std::memmove(next + delta, next, static_cast<std::size_t>(end - next));
    size = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(size) + delta);
    std::memcpy(p, seq, n);
    end += delta;
  }
merge:
  changed = true;
  // Scan up to 5 opcodes from the one before the change, merging two VALs of
  // the same value whose runs fit one opcode.
  p = prev ? prev : sparse;
  for (int scan = 5; p < end && scan-- > 0;) {
    if (is_xzero(*p)) {
      p += 2;
      continue;
    }
    if (is_zero(*p)) {
      ++p;
      continue;
    }
    if (p + 1 < end && is_val(p[1]) && val_value(p[0]) == val_value(p[1])) {
      const unsigned run = val_run(p[0]) + val_run(p[1]);
      if (run <= kSparseValMaxRun) {
        p[1] = val_op(val_value(p[0]), run);
        std::memmove(p, p + 1, static_cast<std::size_t>(end - p));
        --size;
        --end;
        continue;  // the merged run may merge with the next one too
      }
    }
    ++p;
  }
  invalidate_cache(reinterpret_cast<char*>(s));
  return size;
}

} // namespace

std::uint64_t murmur_hash64a(std::string_view data, std::uint64_t seed) noexcept {
  constexpr std::uint64_t m = 0xc6a4a7935bd1e995ULL;
  constexpr int r = 47;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(data.data());
  const std::size_t len = data.size();
  // Redis passes the length as an int: the multiplier sees it sign-extended.
  std::uint64_t h = seed ^ (static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<int>(len))) * m);
  const std::size_t blocks = len / 8;
  for (std::size_t i = 0; i < blocks; ++i, bytes += 8) {
    std::uint64_t k = 0;
    for (int b = 7; b >= 0; --b) k = k << 8 | bytes[b];
    k *= m;
    k ^= k >> r;
    k *= m;
    h ^= k;
    h *= m;
  }
  const std::size_t tail = len & 7;
  if (tail) {
    for (std::size_t b = tail; b-- > 0;) h ^= static_cast<std::uint64_t>(bytes[b]) << (8 * b);
    h *= m;
  }
  h ^= h >> r;
  h *= m;
  h ^= h >> r;
  return h;
}

Pattern pattern_of(std::string_view element) noexcept {
  std::uint64_t hash = murmur_hash64a(element, kHashSeed);
  const auto index = static_cast<std::uint32_t>(hash & (kRegisters - 1));
  hash >>= kIndexBits;
  hash |= std::uint64_t{1} << kCountBits;  // so the count is at most kCountBits + 1
  return {index, static_cast<std::uint8_t>(std::countr_zero(hash) + 1)};
}

bool is_hll(std::string_view value) noexcept {
  if (value.size() < kHeaderSize || value.substr(0, 4) != "HYLL") return false;
  const auto encoding = static_cast<std::uint8_t>(value[4]);
  if (encoding > static_cast<std::uint8_t>(Encoding::sparse)) return false;
  return encoding != static_cast<std::uint8_t>(Encoding::dense) || value.size() == kDenseSize;
}

std::optional<std::uint64_t> cached_cardinality(std::string_view value) noexcept {
  if (static_cast<std::uint8_t>(value[15]) & 0x80) return std::nullopt;
  std::uint64_t card = 0;
  for (int b = 15; b >= 8; --b) card = card << 8 | static_cast<std::uint8_t>(value[b]);
  return card;
}

void store_cardinality(char* value, std::uint64_t cardinality) noexcept {
  for (int b = 8; b < 16; ++b, cardinality >>= 8) value[b] = static_cast<char>(cardinality & 0xff);
}

Object make_empty() {
  Object value = Object::string({});
  // Written in place, as Redis creates it: OBJECT ENCODING says "raw".
  auto* s = reinterpret_cast<std::uint8_t*>(value.mutable_string(kHeaderSize + 2));
  std::memcpy(s, "HYLL", 4);
  s[4] = static_cast<std::uint8_t>(Encoding::sparse);
  put_xzero(s + kHeaderSize, kSparseXzeroMaxRun);
  return value;
}

bool to_dense(Object& value) {
  char scratch[24];
  const std::string_view bytes = value.string_view(scratch);
  if (encoding_of(bytes) == Encoding::dense) return true;
  std::array<std::uint8_t, kDenseSize> dense{};
  std::memcpy(dense.data(), bytes.data(), kHeaderSize);  // the magic and the cached cardinality
  dense[4] = static_cast<std::uint8_t>(Encoding::dense);
  std::uint8_t* regs = dense.data() + kHeaderSize;
  const bool valid = walk_sparse(bytes, [&](std::size_t first, const Op& op) {
    for (unsigned i = 0; op.value && i < op.run; ++i) set_dense(regs, first + i, op.value);
  });
  if (!valid) return false;
  std::memcpy(value.mutable_string(kDenseSize), dense.data(), kDenseSize);
  return true;
}

Update raise_register(Object& value, std::uint32_t index, std::uint8_t count, std::size_t sparse_max_bytes) {
  char scratch[24];
  const std::string_view bytes = value.string_view(scratch);
  switch (encoding_of(bytes)) {
  case Encoding::dense: return raise_dense(register_bytes(value), index, count);
  case Encoding::sparse: break;
  default: return Update::corrupt;
  }
  bool promote = count > kSparseValMax;
  if (!promote) {
    const std::size_t size = bytes.size();
    auto* s = reinterpret_cast<std::uint8_t*>(value.mutable_string(size + 4));
    bool changed = false;
    const auto new_size = sparse_raise(s, size, index, count, sparse_max_bytes, promote, changed);
    value.mutable_string(new_size.value_or(size));
    if (new_size) return changed ? Update::changed : Update::unchanged;
    if (!promote) return Update::corrupt;
  }
  if (!to_dense(value)) return Update::corrupt;
  // The register needed raising (that is why the value had to grow), so the
  // dense update changes it.
  return raise_dense(register_bytes(value), index, count);
}

Update add(Object& value, std::string_view element, std::size_t sparse_max_bytes) {
  const Pattern pattern = pattern_of(element);
  return raise_register(value, pattern.index, pattern.count, sparse_max_bytes);
}

std::optional<std::uint64_t> count(std::string_view value) noexcept {
  Histogram histogram{};
  if (encoding_of(value) == Encoding::dense) {
    dense_histogram(reinterpret_cast<const std::uint8_t*>(value.data()) + kHeaderSize, histogram);
  } else if (!sparse_histogram(value, histogram)) {
    return std::nullopt;
  }
  return estimate(histogram);
}

std::uint64_t count(const Registers& registers) noexcept {
  Histogram histogram{};
  // Most words are zero while the union is small: count them eight at a time.
  for (std::size_t i = 0; i < kRegisters; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, registers.data() + i, 8);
    if (word == 0) {
      histogram[0] += 8;
      continue;
    }
    for (std::size_t k = 0; k < 8; ++k) ++histogram[registers[i + k]];
  }
  return estimate(histogram);
}

bool merge_into(Registers& registers, std::string_view value) noexcept {
  if (encoding_of(value) == Encoding::dense) {
    std::uint8_t* out = registers.data();
    for_each_dense(reinterpret_cast<const std::uint8_t*>(value.data()) + kHeaderSize, [&](unsigned v) {
      *out = std::max(*out, static_cast<std::uint8_t>(v));
      ++out;
    });
    return true;
  }
  return walk_sparse(value, [&](std::size_t first, const Op& op) {
    for (unsigned i = 0; op.value && i < op.run; ++i)
      registers[first + i] = std::max(registers[first + i], static_cast<std::uint8_t>(op.value));
  });
}

std::uint8_t dense_register(std::string_view value, std::size_t index) noexcept {
  return static_cast<std::uint8_t>(get_dense(reinterpret_cast<const std::uint8_t*>(value.data()) + kHeaderSize, index));
}

std::optional<std::string> self_test(std::uint64_t seed, std::size_t sparse_max_bytes) {
  std::mt19937_64 rng(seed);
  std::array<std::uint8_t, kDenseSize> dense{};
  std::uint8_t* regs = dense.data() + kHeaderSize;
  Registers expected{};
  constexpr int kCycles = 1000;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    for (std::size_t i = 0; i < kRegisters; ++i) {
      expected[i] = static_cast<std::uint8_t>(rng() & kRegisterMax);
      set_dense(regs, i, expected[i]);
    }
    for (std::size_t i = 0; i < kRegisters; ++i) {
      if (const unsigned got = get_dense(regs, i); got != expected[i])
        return fmt::format("TESTFAILED Register {} should be {} but is {}", i, expected[i], got);
    }
  }

  dense.fill(0);
  std::memcpy(dense.data(), "HYLL", 4);
  const std::string_view dense_view(reinterpret_cast<const char*>(dense.data()), dense.size());
  Object sparse = make_empty();
  char scratch[24];
  const double relative_error = 1.04 / std::sqrt(static_cast<double>(kRegisters));
  const std::uint64_t element_seed = rng();
  std::uint64_t checkpoint = 1;
  for (std::uint64_t j = 1; j <= 10'000'000; ++j) {
    const std::uint64_t element = j ^ element_seed;
    const std::string_view bytes(reinterpret_cast<const char*>(&element), sizeof element);
    const Pattern pattern = pattern_of(bytes);
    raise_dense(regs, pattern.index, pattern.count);
    add(sparse, bytes, sparse_max_bytes);
    if (j != checkpoint) continue;
    const std::string_view sparse_view = sparse.string_view(scratch);
    if (j < sparse_max_bytes / 2 && encoding_of(sparse_view) != Encoding::sparse)
      return std::string("TESTFAILED sparse encoding not used");
    const std::uint64_t estimate = count(dense_view).value_or(0);
    if (count(sparse_view) != estimate) return std::string("TESTFAILED dense/sparse disagree");
    const auto error = static_cast<std::uint64_t>(std::llabs(static_cast<long long>(checkpoint - estimate)));
    // Collisions make 10 elements likely to miss by one now and then.
    const auto max_error = j == 10 ? 1 : static_cast<std::uint64_t>(std::ceil(relative_error * 6 * static_cast<double>(checkpoint)));
    if (error > max_error) return fmt::format("TESTFAILED Too big error. card:{} abserr:{}", checkpoint, error);
    checkpoint *= 10;
  }
  return std::nullopt;
}

std::string decode_sparse(std::string_view value) {
  std::string out;
  const auto* p = reinterpret_cast<const std::uint8_t*>(value.data()) + kHeaderSize;
  const auto* end = reinterpret_cast<const std::uint8_t*>(value.data()) + value.size();
  while (p < end) {
    const Op op = read_op(p, end);
    if (op.value) fmt::format_to(std::back_inserter(out), "v:{},{} ", op.value, op.run);
    else fmt::format_to(std::back_inserter(out), "{}:{} ", op.size == 2 ? 'Z' : 'z', op.run);
    p += op.size;
  }
  if (!out.empty()) out.pop_back();
  return out;
}

} // namespace not_redis::detail::hll
