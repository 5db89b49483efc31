#pragma once
// The request side of RESP: bytes from a client in, commands out, as Redis 7.0's
// processMultibulkBuffer and processInlineBuffer (networking.c) read them. No
// I/O, no knowledge of the keyspace.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <not_redis/argv.hpp>

namespace not_redis::detail::resp {

/// Every protocol error the parser replies with, in full, as Redis 7.0 words them.
/// The connection is closed after the reply.
namespace protocol_errors {
inline constexpr std::string_view kTooBigInline = "ERR Protocol error: too big inline request";
inline constexpr std::string_view kUnbalancedQuotes = "ERR Protocol error: unbalanced quotes in request";
inline constexpr std::string_view kTooBigMultibulkCount = "ERR Protocol error: too big mbulk count string";
inline constexpr std::string_view kInvalidMultibulkLength = "ERR Protocol error: invalid multibulk length";
inline constexpr std::string_view kUnauthenticatedMultibulkLength =
    "ERR Protocol error: unauthenticated multibulk length";
inline constexpr std::string_view kTooBigBulkCount = "ERR Protocol error: too big bulk count string";
/// Followed by the offending byte and a closing quote: "... got 'X'".
inline constexpr std::string_view kExpectedDollar = "ERR Protocol error: expected '$', got '";
inline constexpr std::string_view kInvalidBulkLength = "ERR Protocol error: invalid bulk length";
inline constexpr std::string_view kUnauthenticatedBulkLength = "ERR Protocol error: unauthenticated bulk length";
} // namespace protocol_errors

/// Redis's PROTO_INLINE_MAX_SIZE: the longest inline request, and the longest
/// `*N` / `$N` header line, before the client is cut off.
inline constexpr std::size_t kInlineMaxSize = 64 * 1024;
/// Redis's limits for a client that has not authenticated yet while
/// `requirepass` is set.
inline constexpr long long kUnauthenticatedMaxArgs = 10;
inline constexpr long long kUnauthenticatedMaxBulkLen = 16384;

struct ParserLimits {
  /// proto-max-bulk-len.
  long long max_bulk_len = 512LL * 1024 * 1024;
  /// False while `requirepass` is set and the client has not authenticated:
  /// then at most 10 arguments of at most 16384 bytes each, as Redis.
  bool authenticated = true;
};

/// Incremental request parser, one per connection.
///
/// ```
/// // on read: buffer holds unparsed bytes from `pos` on
/// for (;;) {
///   auto r = parser.parse(buffer, pos, argv, limits);
///   if (r == RequestParser::Result::command) { run(argv); continue; }
///   if (r == RequestParser::Result::error) { reply_error(parser.error()); close_after_reply(); }
///   break;  // incomplete: drop buffer[0, pos), read more, call again
/// }
/// ```
///
/// Between calls the caller may drop the bytes before `pos` (moving the rest
/// to the front and setting `pos` accordingly); the bytes from `pos` on must be
/// passed again, followed by whatever arrived since. Any split of the stream
/// gives the same commands and errors, and no byte is scanned twice, so a big
/// value arriving in small pieces costs linear time.
///
/// Redis checks the 64 KiB line limit after each read, so its verdict on a
/// line just over it depends on how the bytes arrived; this parser gives the
/// verdict Redis gives a byte-by-byte stream, whatever the split.
/// Deviation from Redis: the bytes of one command's arguments must stay below
/// 4 GiB (Argv's limit); a bulk that would cross it is an invalid bulk length.
class RequestParser {
public:
  enum class Result { incomplete, command, error };

  /// Parses the next command from `buffer` starting at `pos`. On `command`
  /// fills `argv` (cleared first) and advances `pos` past it. On `incomplete`
  /// may advance `pos` past what it consumed (header lines, whole arguments)
  /// and keeps its state so the next call goes on where this one stopped. On
  /// `error`, error() holds Redis's full text; reply it and close the
  /// connection. Every later call returns `error` again.
  /// Empty inline lines and `*0`, `*-1`... are skipped, as Redis does.
  Result parse(std::string_view buffer, std::size_t& pos, Argv& argv, const ParserLimits& limits = {});

  /// The protocol error ("ERR Protocol error: ..."), empty unless parse() returned `error`.
  std::string_view error() const noexcept { return error_; }

  /// Bytes still needed to complete the argument being read (its CRLF
  /// included), 0 if unknown, so the caller can size its read buffer for big
  /// values.
  std::size_t bytes_wanted() const noexcept { return wanted_; }

  /// Forgets any partial command and error (a fresh connection).
  void reset() noexcept;

private:
  enum class Stage : std::uint8_t { start, inline_line, multibulk_count, bulk_count, bulk_data, failed };

  std::size_t find_line_end(std::string_view rest, char terminator) noexcept;
  bool split_inline(std::string_view line);
  Result fail(std::string_view text);
  void line_consumed() noexcept {
    scanned_ = 0;
    blocked_ = false;
  }

  Stage stage_ = Stage::start;
  // A header or inline line is searched once: scanned_ bytes from pos are
  // known to hold no terminator; blocked_ means a NUL came first, which hides
  // any later terminator from Redis's strchr.
  std::size_t scanned_ = 0;
  bool blocked_ = false;
  long long args_left_ = 0;
  long long bulk_len_ = 0;
  std::size_t wanted_ = 0;
  std::uint64_t arg_bytes_ = 0;
  Argv args_;
  std::string token_;
  std::string error_;
};

} // namespace not_redis::detail::resp
