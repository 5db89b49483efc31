// libFuzzer target: the RESP request parser.
//
// Input: two control bytes, then the stream a client sends.
//   byte 0: bit 0 unauthenticated limits; bit 1 the caller drops consumed
//           bytes between reads (as a server compacting its buffer); bits 2-3
//           pick proto-max-bulk-len; bits 4-7 seed the chunk sizes.
//   byte 1: the largest chunk (1..256 bytes).
// Checks:
// - the stream fed whole, byte by byte, and in fuzzer-chosen chunks gives the
//   same commands and the same error;
// - pos never goes backwards nor past the end of the buffer; after an error
//   every call returns the error again;
// - errors are one-line "ERR Protocol error: ..." texts;
// - round trip: the stream split into arguments (on the first byte of the
//   stream) and encoded as a multibulk request, or as a quoted inline request,
//   parses back to the same argv in any chunking.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "resp/request_parser.hpp"

namespace {

using not_redis::Argv;
using not_redis::detail::resp::ParserLimits;
using not_redis::detail::resp::RequestParser;


// What a connection sees: its commands, then possibly one error.
struct Events {
  std::vector<std::vector<std::string>> commands;
  std::string error;
  bool operator==(const Events&) const = default;
};

std::vector<std::string> to_vector(const Argv& argv) {
  std::vector<std::string> out;
  for (std::string_view a : argv) out.emplace_back(a);
  return out;
}

using fuzz::Chunker;
using fuzz::kBytewiseLimit;

Events feed(std::string_view stream, const ParserLimits& limits, bool drop_consumed, std::size_t max_chunk,
            std::uint32_t seed) {
  if (max_chunk == 1 && stream.size() > kBytewiseLimit) max_chunk = 64;
  RequestParser parser;
  Events events;
  std::string buffer;
  std::size_t pos = 0;
  std::size_t fed = 0;
  Chunker chunker(seed, max_chunk);
  Argv argv;
  while (fed < stream.size()) {
    const std::size_t n = std::min(stream.size() - fed, max_chunk == SIZE_MAX ? stream.size() : chunker.next());
    buffer.append(stream.substr(fed, n));
    fed += n;
    for (;;) {
      const std::size_t before = pos;
      const auto r = parser.parse(buffer, pos, argv, limits);
      CHECK(pos >= before);
      CHECK(pos <= buffer.size());
      if (r == RequestParser::Result::command) {
        CHECK(!argv.empty());
        CHECK(parser.error().empty());
        events.commands.push_back(to_vector(argv));
        continue;
      }
      if (r == RequestParser::Result::error) {
        const std::string_view e = parser.error();
        CHECK(e.starts_with("ERR Protocol error: "));
        CHECK(e.find_first_of("\r\n") == std::string_view::npos);
        events.error = std::string(e);
        // Sticky: a later call (even with more bytes) fails again, consuming nothing.
        buffer.append("*1\r\n$4\r\nPING\r\n");
        const std::size_t at = pos;
        CHECK(parser.parse(buffer, pos, argv, limits) == RequestParser::Result::error);
        CHECK(pos == at);
        CHECK(parser.error() == events.error);
        return events;
      }
      CHECK(parser.error().empty());
      break;
    }
    if (drop_consumed) {
      buffer.erase(0, pos);
      pos = 0;
    }
  }
  return events;
}

void check_round_trip(const std::vector<std::string>& args, const ParserLimits& limits, std::uint32_t seed,
                      std::size_t max_chunk) {
  std::string wire = "*" + std::to_string(args.size()) + "\r\n";
  std::size_t bytes = 0;
  for (const auto& a : args) {
    wire += "$" + std::to_string(a.size()) + "\r\n";
    wire += a;
    wire += "\r\n";
    bytes += a.size();
  }
  const bool within_limits =
      limits.authenticated || (args.size() <= 10 && [&] {
        for (const auto& a : args)
          if (a.size() > 16384) return false;
        return true;
      }());
  bool within_bulk = true;
  for (const auto& a : args)
    if (static_cast<long long>(a.size()) > limits.max_bulk_len) within_bulk = false;
  (void)bytes;

  for (std::size_t chunk : {SIZE_MAX, std::size_t{1}, max_chunk}) {
    const Events got = feed(wire, limits, (seed & 1) != 0, chunk, seed);
    if (within_limits && within_bulk) {
      CHECK(got.error.empty());
      CHECK(got.commands.size() == 1);
      CHECK(got.commands[0] == args);
    } else {
      CHECK(!got.error.empty());
    }
  }

  // The same argv inline, every argument double-quoted with \xHH escapes.
  static constexpr char kHex[] = "0123456789abcdef";
  std::string line;
  for (const auto& a : args) {
    if (!line.empty()) line += ' ';
    line += '"';
    for (unsigned char c : a) {
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        line += static_cast<char>(c);
      } else {
        line += "\\x";
        line += kHex[c >> 4];
        line += kHex[c & 15];
      }
    }
    line += '"';
  }
  line += "\r\n";
  if (line.size() > not_redis::detail::resp::kInlineMaxSize || line[0] == '*') return;
  for (std::size_t chunk : {SIZE_MAX, std::size_t{1}, max_chunk}) {
    const Events got = feed(line, limits, (seed & 2) != 0, chunk, seed);
    CHECK(got.error.empty());
    CHECK(got.commands.size() == 1);
    CHECK(got.commands[0] == args);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t control = data[0];
  const std::size_t max_chunk = 1 + data[1];
  const std::string_view stream(reinterpret_cast<const char*>(data) + 2, size - 2);

  ParserLimits limits;
  limits.authenticated = (control & 1) == 0;
  static constexpr long long kBulkLimits[] = {512LL * 1024 * 1024, 0, 5, 1024};
  limits.max_bulk_len = kBulkLimits[(control >> 2) & 3];
  const bool drop = (control & 2) != 0;
  const std::uint32_t seed = control >> 4;

  const Events whole = feed(stream, limits, drop, SIZE_MAX, seed);
  static const bool verbose = std::getenv("FUZZ_VERBOSE") != nullptr;
  if (verbose) {
    for (const auto& c : whole.commands) {
      std::fprintf(stderr, "command:");
      for (const auto& a : c) std::fprintf(stderr, " [%s]", a.c_str());
      std::fprintf(stderr, "\n");
    }
    if (!whole.error.empty()) std::fprintf(stderr, "error: %s\n", whole.error.c_str());
  }
  const Events bytewise = feed(stream, limits, drop, 1, seed);
  if (!(whole == bytewise)) fuzz::fail("byte-by-byte feeding differs from the whole buffer");
  const Events chunked = feed(stream, limits, !drop, max_chunk, seed);
  if (!(whole == chunked)) fuzz::fail("chunked feeding differs from the whole buffer");

  // Round trip: split the stream on its first byte.
  if (!stream.empty()) {
    const char sep = stream[0];
    std::vector<std::string> args;
    std::string_view rest = stream.substr(1);
    for (;;) {
      const std::size_t at = rest.find(sep);
      args.emplace_back(rest.substr(0, at));
      if (at == std::string_view::npos) break;
      rest.remove_prefix(at + 1);
    }
    check_round_trip(args, limits, seed, max_chunk);
  }
  return 0;
}
