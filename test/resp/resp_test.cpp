// The RESP codec against the bytes redis-server 7.0.15 reads and writes. Every
// expectation here was checked against a real server with raw sockets.

#include "resp/reply_writer.hpp"
#include "resp/request_parser.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace std::string_literals;
using namespace std::string_view_literals;
using not_redis::Argv;
using not_redis::Value;
using namespace not_redis::detail::resp;
namespace pe = not_redis::detail::resp::protocol_errors;

namespace {

using Args = std::vector<std::string>;

// What a connection sees: the commands, then the error that closes it, if any.
struct Outcome {
  std::vector<Args> commands;
  std::string error;
  bool operator==(const Outcome&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Outcome& o) {
  for (const auto& c : o.commands) {
    os << "[";
    for (const auto& a : c) os << '"' << a.substr(0, 40) << (a.size() > 40 ? "...\" " : "\" ");
    os << "] ";
  }
  return os << "error: " << o.error;
}

// Feeds `stream` in chunks of the given sizes (the last one repeated), the way
// a server would: append what was read, parse all it can, drop what was consumed.
Outcome feed(std::string_view stream, std::vector<std::size_t> chunks, ParserLimits limits = {}) {
  RequestParser parser;
  Outcome out;
  std::string buffer;
  std::size_t pos = 0;
  std::size_t offset = 0;
  std::size_t chunk_index = 0;
  Argv argv{"stale", "arguments"};
  while (offset < stream.size()) {
    const std::size_t n = std::min(chunks[std::min(chunk_index++, chunks.size() - 1)], stream.size() - offset);
    buffer.append(stream.substr(offset, n));
    offset += n;
    for (;;) {
      const auto r = parser.parse(buffer, pos, argv, limits);
      if (r == RequestParser::Result::command) {
        out.commands.emplace_back(argv.begin(), argv.end());
        continue;
      }
      if (r == RequestParser::Result::error) {
        out.error = std::string(parser.error());
        return out;
      }
      break;
    }
    buffer.erase(0, pos);
    pos = 0;
  }
  return out;
}

Outcome feed_all(std::string_view stream, ParserLimits limits = {}) { return feed(stream, {stream.size() + 1}, limits); }

// The same stream byte by byte, in random chunks and split in two everywhere
// must all give what one read gives.
void check_every_split(std::string_view stream, const Outcome& expected, ParserLimits limits = {}) {
  CHECK(feed_all(stream, limits) == expected);
  CHECK(feed(stream, {1}, limits) == expected);
  std::mt19937_64 rng(20240607);
  for (int round = 0; round < 20; ++round) {
    std::vector<std::size_t> chunks;
    for (std::size_t total = 0; total < stream.size();) {
      chunks.push_back(std::uniform_int_distribution<std::size_t>(1, 17)(rng));
      total += chunks.back();
    }
    CHECK(feed(stream, chunks, limits) == expected);
  }
  if (stream.size() < 2000) {
    for (std::size_t cut = 1; cut < stream.size(); ++cut) {
      CHECK_MESSAGE(feed(stream, {cut, stream.size()}, limits) == expected, "split at ", cut);
    }
  }
}

std::string mbulk(std::initializer_list<std::string_view> args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (auto a : args) out += "$" + std::to_string(a.size()) + "\r\n" + std::string(a) + "\r\n";
  return out;
}

Outcome commands(std::vector<Args> c, std::string error = {}) { return {std::move(c), std::move(error)}; }
Outcome error(std::string_view text, std::vector<Args> before = {}) { return {std::move(before), std::string(text)}; }

std::string reply(const Value& v, int resp) {
  std::string out;
  write_reply(out, v, resp);
  return out;
}

} // namespace

TEST_CASE("multibulk commands, pipelined") {
  const std::string stream = mbulk({"SET", "k", "v"}) + mbulk({"GET", "k"}) + mbulk({"PING"});
  check_every_split(stream, commands({{"SET", "k", "v"}, {"GET", "k"}, {"PING"}}));
}

TEST_CASE("inline commands: LF or CRLF, blank lines and empty multibulks skipped") {
  // "\r\n\r\n\nPING\n" and "   \r\nPING  \r\n" answer one PONG each.
  check_every_split("\r\n\r\n\nPING\n", commands({{"PING"}}));
  check_every_split("   \r\nPING  \r\n", commands({{"PING"}}));
  // "*-1\r\n*0\r\n*-5\r\nPING\r\n": one PONG.
  check_every_split("*-1\r\n*0\r\n*-5\r\nPING\r\n", commands({{"PING"}}));
  check_every_split("SET  k\tv\r\nGET k\n", commands({{"SET", "k", "v"}, {"GET", "k"}}));
  // One CR before the LF belongs to the line end; another one ends the token.
  check_every_split("ECHO x\r\r\n", commands({{"ECHO", "x"}}));
  // Bytes above 127 are plain bytes.
  check_every_split("ECHO \xff\x80\r\n", commands({{"ECHO", "\xff\x80"}}));
}

TEST_CASE("inline quoting as sdssplitargs") {
  check_every_split("ECHO 'a\\'b'\r\n", commands({{"ECHO", "a'b"}}));
  check_every_split("ECHO \"\\x41\\x4g\\n\"\r\n", commands({{"ECHO", "Ax4g\n"}}));
  check_every_split("ECHO \"a\rb\"\r\n", commands({{"ECHO", "a\rb"}}));
  check_every_split("ECHO \"\\r\\t\\b\\a\\\\\\\"\\xff\\x00\"\r\n",
                    commands({{"ECHO", "\r\t\b\a\\\"\xff"s + '\0'}}));
  // Inside single quotes only \' is an escape.
  check_every_split("ECHO \"\\x\" 'a\\b' \"\\\\q\\\"\"\r\n", commands({{"ECHO", "x", "a\\b", "\\q\""}}));
  // A quote may open inside a token; the closing one must end it.
  check_every_split("ECHO ab\"c d\"\r\n", commands({{"ECHO", "abc d"}}));
  check_every_split("ECHO \"\" ''\r\n", commands({{"ECHO", "", ""}}));
  // \v and \f separate arguments only where blanks are skipped, not inside a token.
  check_every_split("ECHO a\vb\r\n", commands({{"ECHO", "a\vb"}}));
  check_every_split("\vECHO\fa\r\n", commands({{"ECHO\fa"}}));
  check_every_split("ECHO \"a\"\vb\r\n", commands({{"ECHO", "a", "b"}}));
  check_every_split("ECHO a\rb\r\n", commands({{"ECHO", "a", "b"}}));
}

TEST_CASE("inline: unbalanced quotes close the connection") {
  for (std::string_view line : {"PING \"a\"b\r\n"sv, "ECHO \"a\r\n"sv, "ECHO ab\"c d\"e\r\n"sv, "ECHO 'a'b\n"sv,
                                "ECHO 'abc\n"sv, "ECHO \"abc\\\"\n"sv}) {
    CAPTURE(line);
    check_every_split(std::string("PING\r\n") + std::string(line) + "PING\r\n",
                      error(pe::kUnbalancedQuotes, {{"PING"}}));
  }
}

TEST_CASE("inline: too big inline request") {
  // The line may be 64 KiB long; one byte more without a LF is too much,
  // whatever the reads' sizes.
  const std::string longest(kInlineMaxSize, 'a');
  CHECK(feed_all(longest + "\n") == commands({{longest}}));
  CHECK(feed(longest + "\n", {1}) == commands({{longest}}));
  // With CRLF the CR counts: the line may hold one byte less.
  CHECK(feed(longest.substr(1) + "\r\n", {4096}) == commands({{longest.substr(1)}}));
  CHECK(feed(longest + "\r\n", {4096}) == error(pe::kTooBigInline));
  CHECK(feed_all(longest + "a") == error(pe::kTooBigInline));
  CHECK(feed(longest + "a", {1}) == error(pe::kTooBigInline));
  CHECK(feed_all(longest + "a\n") == error(pe::kTooBigInline));
  CHECK(feed(std::string(70000, 'A'), {16384}) == error(pe::kTooBigInline));
}

TEST_CASE("inline: a NUL hides the line end, as Redis's strchr does") {
  // "ECHO a\0b\nPING\n" gets no reply at all from Redis.
  check_every_split("ECHO a\0b\nPING\n"sv, commands({}));
  CHECK(feed("ECHO a\0b\n"s + std::string(kInlineMaxSize, 'x'), {1000}) == error(pe::kTooBigInline));
}

TEST_CASE("multibulk length errors") {
  check_every_split("*abc\r\n", error(pe::kInvalidMultibulkLength));
  check_every_split("*\r\n", error(pe::kInvalidMultibulkLength));
  check_every_split("*01\r\n$4\r\nPING\r\n", error(pe::kInvalidMultibulkLength));
  check_every_split("*+1\r\n$4\r\nPING\r\n", error(pe::kInvalidMultibulkLength));
  check_every_split("*2147483648\r\n", error(pe::kInvalidMultibulkLength));
  check_every_split("*3000000000\r\n", error(pe::kInvalidMultibulkLength));
  // INT_MAX itself is accepted: Redis waits for the arguments.
  check_every_split("*2147483647\r\nPING", commands({}));
  check_every_split("*20000000\r\n", commands({}));
  // Commands before the bad one still run.
  check_every_split(mbulk({"PING"}) + "*x\r\n" + mbulk({"PING"}), error(pe::kInvalidMultibulkLength, {{"PING"}}));
}

TEST_CASE("too big count strings") {
  CHECK(feed("*" + std::string(70000, '1'), {16384}) == error(pe::kTooBigMultibulkCount));
  CHECK(feed("*1\r\n$" + std::string(70000, '1'), {16384}) == error(pe::kTooBigBulkCount));
  // A NUL hides the CR from Redis, so what follows only grows the header.
  CHECK(feed("*1\r\n\0"s + std::string(70000, '1'), {16384}) == error(pe::kTooBigBulkCount));
  CHECK(feed_all("*1\0\r\n$4\r\nPING\r\n"sv) == commands({}));
  // Up to 64 KiB of header is waited for; the CR then decides.
  const std::string digits = "1" + std::string(kInlineMaxSize - 2, '0');
  CHECK(feed("*" + digits + "\r\n", {1000}) == error(pe::kInvalidMultibulkLength));
  CHECK(feed("*" + digits + "0\r\n", {1000}) == error(pe::kTooBigMultibulkCount));
  CHECK(feed("*1\r\n$" + digits + "0\r\n", {1}) == error(pe::kTooBigBulkCount));
}

TEST_CASE("bulk header errors") {
  check_every_split("*1\r\nX3\r\n", error("ERR Protocol error: expected '$', got 'X'"));
  check_every_split("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n", error("ERR Protocol error: expected '$', got 'f'"));
  // A CR or LF in the text is sent as a space.
  check_every_split("*1\r\n\r\r\n", error("ERR Protocol error: expected '$', got ' '"));
  check_every_split("*1\r\n\n\r\n", error("ERR Protocol error: expected '$', got ' '"));
  check_every_split("*1\r\n$-1\r\n", error(pe::kInvalidBulkLength));
  check_every_split("*1\r\n$abc\r\n", error(pe::kInvalidBulkLength));
  check_every_split("*1\r\n$\r\n", error(pe::kInvalidBulkLength));
  check_every_split("*1\r\n$04\r\nPING\r\n", error(pe::kInvalidBulkLength));
  check_every_split("*1\r\n$536870913\r\n", error(pe::kInvalidBulkLength));
  check_every_split("*1\r\n$536870912\r\n", commands({}));
}

TEST_CASE("proto-max-bulk-len comes from the limits") {
  ParserLimits limits;
  limits.max_bulk_len = 5;
  check_every_split(mbulk({"ECHO", "12345"}), commands({{"ECHO", "12345"}}), limits);
  check_every_split(mbulk({"ECHO", "123456"}), error(pe::kInvalidBulkLength), limits);
  // One command's arguments must fit Argv's 4 GiB.
  limits.max_bulk_len = 1LL << 40;
  check_every_split("*2\r\n$4294967296\r\n", error(pe::kInvalidBulkLength), limits);
}

TEST_CASE("unauthenticated clients: at most 10 arguments of 16384 bytes") {
  ParserLimits limits;
  limits.authenticated = false;
  check_every_split("*11\r\n", error(pe::kUnauthenticatedMultibulkLength), limits);
  check_every_split("*10\r\n", commands({}), limits);
  check_every_split("*1\r\n$16385\r\n", error(pe::kUnauthenticatedBulkLength), limits);
  check_every_split("*1\r\n$16384\r\n", commands({}), limits);
  // Inline requests have no such limit (Redis applies it to multibulk only).
  check_every_split("A B C D E F G H I J K L\r\n", commands({{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"}}),
                    limits);
  // The limits apply per command: a server passes the new state after AUTH.
  RequestParser parser;
  Argv argv;
  const std::string stream = mbulk({"AUTH", "pw"}) + "*11\r\n";
  std::size_t pos = 0;
  REQUIRE(parser.parse(stream, pos, argv, limits) == RequestParser::Result::command);
  limits.authenticated = true;
  CHECK(parser.parse(stream, pos, argv, limits) == RequestParser::Result::incomplete);
  CHECK(pos == stream.size());
}

TEST_CASE("the two bytes after a bulk and after a header's CR are not checked") {
  check_every_split("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n", commands({{"PING"}, {"PING"}}));
  check_every_split("*1\rx$4\r\nPING\r\n", commands({{"PING"}}));
}

TEST_CASE("binary-safe arguments") {
  const std::string value = "a\0b\r\n$3\r\n\xff"s;
  check_every_split(mbulk({"SET", "k\0"sv, value}) + mbulk({""}), commands({{"SET", "k\0"s, value}, {""}}));
}

TEST_CASE("a mixed pipeline gives the same commands for every split") {
  std::string stream;
  stream += mbulk({"SET", "key", "value"});
  stream += "\r\n";
  stream += "GET key\r\n";
  stream += "*0\r\n";
  stream += mbulk({"RPUSH", "list", std::string(300, 'x'), "", "a\0b"sv});
  // A closing quote followed by another quote: unbalanced.
  stream += "ECHO \"q \\\" \\x41\" 'it''s'\n";
  Outcome expected = commands({{"SET", "key", "value"},
                               {"GET", "key"},
                               {"RPUSH", "list", std::string(300, 'x'), "", "a\0b"s}});
  expected.error = std::string(pe::kUnbalancedQuotes);
  check_every_split(stream, expected);

  stream.resize(stream.rfind("ECHO"));
  stream += "ECHO \"q \\\" \\x41\" 'it'\n";
  stream += mbulk({"DEL", "key"});
  stream += "*1\r\n$3\r\nbad";
  check_every_split(stream, commands({{"SET", "key", "value"},
                                      {"GET", "key"},
                                      {"RPUSH", "list", std::string(300, 'x'), "", "a\0b"s},
                                      {"ECHO", "q \" A", "it"},
                                      {"DEL", "key"}}));
}

TEST_CASE("parse() advances past consumed headers and arguments and reports what the bulk still needs") {
  RequestParser parser;
  Argv argv;
  std::string buffer = "*2\r\n$3\r\nGET\r\n$10\r\n01234";
  std::size_t pos = 0;
  CHECK(parser.parse(buffer, pos, argv) == RequestParser::Result::incomplete);
  CHECK(pos == buffer.size() - 5);
  CHECK(parser.bytes_wanted() == 7);
  buffer.erase(0, pos);
  pos = 0;
  buffer += "56789\r";
  CHECK(parser.parse(buffer, pos, argv) == RequestParser::Result::incomplete);
  CHECK(parser.bytes_wanted() == 1);
  buffer += "\n";
  REQUIRE(parser.parse(buffer, pos, argv) == RequestParser::Result::command);
  CHECK(Args(argv.begin(), argv.end()) == Args{"GET", "0123456789"});
  CHECK(pos == buffer.size());
  CHECK(parser.bytes_wanted() == 0);
  // The error sticks.
  buffer = "*x\r\n";
  pos = 0;
  CHECK(parser.parse(buffer, pos, argv) == RequestParser::Result::error);
  CHECK(parser.error() == pe::kInvalidMultibulkLength);
  buffer = mbulk({"PING"});
  pos = 0;
  CHECK(parser.parse(buffer, pos, argv) == RequestParser::Result::error);
  parser.reset();
  CHECK(parser.error().empty());
  CHECK(parser.parse(buffer, pos, argv) == RequestParser::Result::command);
}

TEST_CASE("a 10 MB bulk in 1 KB pieces is parsed in linear time") {
  std::string value(10 * 1024 * 1024, 'v');
  for (std::size_t i = 0; i < value.size(); i += 4093) value[i] = static_cast<char>(i);
  const std::string stream = mbulk({"SET", "big", value}) + "PING\r\n";
  const auto start = std::chrono::steady_clock::now();
  const Outcome got = feed(stream, {1024});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  REQUIRE(got.commands.size() == 2);
  CHECK(got.commands[0][2] == value);
  CHECK(got.commands[1] == Args{"PING"});
  CHECK(elapsed < std::chrono::seconds(2));
  // A 64 KiB inline line byte by byte: no rescanning either.
  const std::string line = "ECHO " + std::string(kInlineMaxSize - 5, 'x') + "\n";
  CHECK(feed(line, {1}).commands.size() == 1);
}

TEST_CASE("writer: every type, RESP2 and RESP3, as redis-server writes them") {
  // CONFIG GET hz
  const Value hz = Value::map({Value::bulk("hz"), Value::bulk("10")});
  CHECK(reply(hz, 2) == "*2\r\n$2\r\nhz\r\n$2\r\n10\r\n");
  CHECK(reply(hz, 3) == "%1\r\n$2\r\nhz\r\n$2\r\n10\r\n");
  // ZSCORE (addReplyDouble)
  CHECK(reply(Value::number(1.1), 2) == "$18\r\n1.1000000000000001\r\n");
  CHECK(reply(Value::number(1.1), 3) == ",1.1000000000000001\r\n");
  CHECK(reply(Value::number(0.1), 2) == "$19\r\n0.10000000000000001\r\n");
  CHECK(reply(Value::number(1e300), 3) == ",1.0000000000000001e+300\r\n");
  CHECK(reply(Value::number(3), 2) == "$1\r\n3\r\n");
  CHECK(reply(Value::number(-2), 3) == ",-2\r\n");
  CHECK(reply(Value::number(INFINITY), 2) == "$3\r\ninf\r\n");
  CHECK(reply(Value::number(-INFINITY), 2) == "$4\r\n-inf\r\n");
  CHECK(reply(Value::number(INFINITY), 3) == ",inf\r\n");
  CHECK(reply(Value::number(-INFINITY), 3) == ",-inf\r\n");
  // EVAL "redis.setresp(3); return {true, false}" 0
  CHECK(reply(Value::array({Value::boolean(true), Value::boolean(false)}), 2) == "*2\r\n:1\r\n:0\r\n");
  CHECK(reply(Value::array({Value::boolean(true), Value::boolean(false)}), 3) == "*2\r\n#t\r\n#f\r\n");
  // GET missing, BLPOP timeout
  CHECK(reply(Value{}, 2) == "$-1\r\n");
  CHECK(reply(Value{}, 3) == "_\r\n");
  CHECK(reply(Value::null_array(), 2) == "*-1\r\n");
  CHECK(reply(Value::null_array(), 3) == "_\r\n");
  // SMEMBERS
  CHECK(reply(Value::set({Value::bulk("x")}), 2) == "*1\r\n$1\r\nx\r\n");
  CHECK(reply(Value::set({Value::bulk("x")}), 3) == "~1\r\n$1\r\nx\r\n");
  // SUBSCRIBE ch
  const Value sub = Value::push({Value::bulk("subscribe"), Value::bulk("ch"), Value::integer(1)});
  CHECK(reply(sub, 2) == "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n");
  CHECK(reply(sub, 3) == ">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n");
  // EVAL "return {verbatim_string={format='txt', string='ab\r\nc'}}" 0
  CHECK(reply(Value::verbatim("txt", "ab\r\nc"), 2) == "$5\r\nab\r\nc\r\n");
  CHECK(reply(Value::verbatim("txt", "ab\r\nc"), 3) == "=9\r\ntxt:ab\r\nc\r\n");
  // EVAL "return {big_number='1234567890123456789012'}" 0
  CHECK(reply(Value::big_number("1234567890123456789012"), 2) == "$22\r\n1234567890123456789012\r\n");
  CHECK(reply(Value::big_number("1234567890123456789012"), 3) == "(1234567890123456789012\r\n");
  // EVAL "return redis.error_reply('MY a\r\nb')" 0: the text keeps its own code, CR LF become spaces.
  CHECK(reply(Value::error("MY a\r\nb"), 2) == "-MY a  b\r\n");
  CHECK(reply(Value::error("MY a\r\nb"), 3) == "-MY a  b\r\n");
  CHECK(reply(Value::error("ERR syntax error"), 3) == "-ERR syntax error\r\n");
  CHECK(reply(Value::error("-ERR x"), 2) == "-ERR x\r\n");
  for (int resp : {2, 3}) {
    CHECK(reply(Value::ok(), resp) == "+OK\r\n");
    CHECK(reply(Value::simple("a\nb"), resp) == "+a b\r\n");
    CHECK(reply(Value::integer(0), resp) == ":0\r\n");
    CHECK(reply(Value::integer(std::numeric_limits<long long>::min()), resp) == ":-9223372036854775808\r\n");
    CHECK(reply(Value::integer(std::numeric_limits<long long>::max()), resp) == ":9223372036854775807\r\n");
    CHECK(reply(Value::bulk(""), resp) == "$0\r\n\r\n");
    CHECK(reply(Value::bulk("a\0\r\nb"sv), resp) == "$5\r\na\0\r\nb\r\n"s);
    CHECK(reply(Value::array(), resp) == "*0\r\n");
  }
  CHECK(reply(Value::map({}), 2) == "*0\r\n");
  CHECK(reply(Value::map({}), 3) == "%0\r\n");
  CHECK(reply(Value::set(), 3) == "~0\r\n");
  // Nested: a map of sets of doubles and nils (down-converted all the way).
  const Value nested = Value::map({Value::bulk("k"), Value::set({Value::number(1.5), Value{}, Value::null_array()})});
  CHECK(reply(nested, 2) == "*2\r\n$1\r\nk\r\n*3\r\n$3\r\n1.5\r\n$-1\r\n*-1\r\n");
  CHECK(reply(nested, 3) == "%1\r\n$1\r\nk\r\n~3\r\n,1.5\r\n_\r\n_\r\n");
}

TEST_CASE("writer fast paths write what write_reply writes, appending") {
  std::string out = "prefix";
  write_integer(out, -12);
  write_bulk(out, "ab");
  write_simple(out, "OK");
  write_error(out, "ERR x");
  write_nil(out, 2);
  write_null_array(out, 3);
  write_double(out, 2.5, 3);
  write_boolean(out, true, 2);
  write_array_header(out, 2);
  write_map_header(out, 2, 2);
  write_map_header(out, 2, 3);
  write_set_header(out, 1, 3);
  write_push_header(out, 1, 2);
  CHECK(out == "prefix:-12\r\n$2\r\nab\r\n+OK\r\n-ERR x\r\n$-1\r\n_\r\n,2.5\r\n:1\r\n*2\r\n*4\r\n%2\r\n~1\r\n*1\r\n");
}

TEST_CASE("writer output parses back as the same command") {
  // A reply array of bulks is a request: the two sides agree on framing.
  std::string out;
  write_reply(out, Value::array({Value::bulk("SET"), Value::bulk("k\0"sv), Value::bulk(std::string(100000, 'z'))}), 2);
  CHECK(feed(out, {7}) == commands({{"SET", "k\0"s, std::string(100000, 'z')}}));
}
