#pragma once
// The client side of RESP: bytes from a server in, Values out, the inverse of
// reply_writer.hpp. Reads RESP2 and RESP3 as Redis 7.0 writes them. No I/O.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <not_redis/value.hpp>

namespace not_redis::detail::resp {

struct ReplyLimits {
  /// A longer `$`, `!` or `=` length is a protocol error, and so is a longer
  /// `+`, `-` or `(` line. (Other lines hold numbers: 256 bytes at most.)
  long long max_bulk_len = 512LL * 1024 * 1024;
  /// Aggregates (attributes included) open at once. Values are destroyed,
  /// compared and written recursively, so this also bounds those recursions.
  std::size_t max_depth = 512;
  /// Elements per aggregate (a map or attribute counts pairs).
  long long max_aggregate_len = (1LL << 32) - 1;
};

/// Incremental reply parser, one per connection: it keeps the partial reply
/// between calls, so it is neither shared nor locked. It does no I/O.
///
/// ```
/// // on read: buffer holds unparsed bytes from `pos` on
/// for (;;) {
///   auto r = parser.parse(buffer, pos, value);
///   if (r == ReplyParser::Result::reply) { complete_next_call(std::move(value)); continue; }
///   if (r == ReplyParser::Result::error) { fail_all_calls(parser.error()); close(); }
///   break;  // incomplete: drop buffer[0, pos), read more (bytes_wanted() hints how much), call again
/// }
/// ```
///
/// The Values are those the embedded store builds for the same reply, so typed
/// conversions agree: `$-1` and `_` are Value::nil(), `*-1` Value::null_array(),
/// `-ERR x` and `!5\r\nERR x` Value::error("ERR x"), `=` a verbatim string
/// split at its "fmt:", `%` a map with its flat key/value list. An attribute
/// (`|`) is read and dropped, wherever it stands: it annotates the value after
/// it, which is returned (or stored in its aggregate) alone.
///
/// Anything Redis 7.0 never writes is a protocol error: streamed strings and
/// aggregates (`$?`, `*?`, `;`, `.`), negative lengths other than `$-1` and
/// `*-1`, a CR or LF that does not end a line, a bulk not followed by CRLF,
/// an integer outside 64 bits, a double that is not a whole strtod-style
/// token ("1.5", "1e-300", "inf", "-inf", "nan"; no '+', no spaces, not out
/// of range), a big number that is not `-?[0-9]+`, a boolean other than `t` /
/// `f`, a `_` with text, a verbatim string without its "fmt:" prefix.
///
/// Between calls the caller may drop the bytes before `pos` (moving the rest
/// to the front and setting `pos` accordingly); the bytes from `pos` on must be
/// passed again, followed by whatever arrived since. Any split of the stream
/// gives the same replies and error, and no byte is scanned twice: a bulk's
/// bytes are copied as they arrive (`pos` moves past them), so a 100 MB value
/// in 1 KB pieces costs linear time and the caller's buffer stays small.
class ReplyParser {
public:
  enum class Result { incomplete, reply, error };

  /// Parses the next whole reply from `buffer` starting at `pos`. On `reply`
  /// fills `out` and advances `pos` past it. On `incomplete` may advance `pos`
  /// past what it consumed and keeps its state (partial aggregates, a partial
  /// bulk string), so the next call goes on where this one stopped. On
  /// `error`, error() holds a one-line "Protocol error: ..." text, the partial
  /// reply is dropped, and every later call returns `error` until reset().
  Result parse(std::string_view buffer, std::size_t& pos, Value& out, const ReplyLimits& limits = {});

  /// The protocol error, empty unless parse() returned `error`.
  std::string_view error() const noexcept { return error_; }

  /// After `incomplete`: bytes still needed to finish the bulk string being
  /// read (its CRLF included), 0 if unknown, so the caller can size its reads.
  std::size_t bytes_wanted() const noexcept { return wanted_; }

  /// Forgets any partial reply and the error (a fresh connection).
  void reset() noexcept;

private:
  // An aggregate being filled. An attribute's elements are read and dropped.
  struct Frame {
    Value::Type type;
    bool attribute;
    long long remaining;
    Value::Array elements;
  };

  enum class Stage : std::uint8_t { line, bulk, failed };
  // What reading one line or one bulk string came to.
  enum class Step : std::uint8_t { more, value, consumed, failed };

  Step failed(std::string_view text);
  Step read_line(std::string_view rest, std::size_t& pos, Value& done, const ReplyLimits& limits);
  Step read_bulk(std::string_view rest, std::size_t& pos, Value& done);
  bool deliver(Value v, Value& out);

  Stage stage_ = Stage::line;
  // The current line is searched once: bytes [1, scanned_) from pos hold no CR or LF.
  std::size_t scanned_ = 0;
  // The `$`, `!` or `=` being read, its length, and what of it has arrived.
  char bulk_type_ = 0;
  std::size_t bulk_len_ = 0;
  std::size_t wanted_ = 0;
  std::string bulk_;
  std::vector<Frame> stack_;
  std::string error_;
};

} // namespace not_redis::detail::resp
