#pragma once
// What the libFuzzer targets share: a CHECK that aborts with the failed
// condition and its line (libFuzzer then keeps the input), and the chunk
// sizes the parsers are fed in.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace fuzz {

[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "fuzz check failed: %s\n", what);
  std::abort();
}

// Chunk sizes from a tiny deterministic generator (max 1: byte by byte).
class Chunker {
public:
  Chunker(std::uint32_t seed, std::size_t max) : state_(seed * 2654435761u + 1), max_(max) {}
  std::size_t next() {
    if (max_ <= 1) return 1;
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return 1 + state_ % max_;
  }

private:
  std::uint32_t state_;
  std::size_t max_;
};

// Byte-by-byte feeding of a 64 KiB line is 64 Ki calls; above this size the
// "byte by byte" pass uses small random chunks instead, to keep runs fast.
inline constexpr std::size_t kBytewiseLimit = 4096;

} // namespace fuzz

#define FUZZ_STR2(x) #x
#define FUZZ_STR(x) FUZZ_STR2(x)
#define FUZZ_LINE FUZZ_STR(__LINE__)
#define CHECK(cond)                                              \
  do {                                                           \
    if (!(cond)) ::fuzz::fail(#cond " (line " FUZZ_LINE ")");    \
  } while (0)
