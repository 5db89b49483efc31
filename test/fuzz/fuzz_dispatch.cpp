// libFuzzer target: argv dispatch on a live store.
//
// An input is a little script, one command per line, arguments separated by
// one space (so seeds read like redis-cli sessions; any other byte, NUL
// included, is part of an argument):
//   SET k v
//   ~1500          <- moves the manual clock by 1500 ms (may be negative) and
//                     runs the due timers (active expiry, blocked-call deadlines)
// A first argument of one non-alphanumeric byte picks a command from the table
// by that byte, and so does a second one for a container (OBJECT, CONFIG,
// COMMAND), so mutations land on real handlers instead of "unknown command".
//
// Each input runs on a fresh store (same seed, same start time), so a crash
// reproduces from its input alone. After the script, the keyspace is read
// back through every type's commands, and the counts must agree.

#include <cctype>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <uv.h>

#include <not_redis/fmt.hpp>
#include <not_redis/not_redis.hpp>

#include "cmd/table.hpp"
#include "resp/reply_writer.hpp"

namespace {

using not_redis::Value;

constexpr std::size_t kMaxCommands = 64;
constexpr std::size_t kMaxArgs = 32;
// Bounds what one input may allocate: strings (SETRANGE, APPEND, ...) are
// capped by proto-max-bulk-len, which Redis lets CONFIG SET lower to 1 MB.
constexpr std::string_view kBulkLimit = "1mb";

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_dispatch: %s: %s\n", what, detail.c_str());
  std::abort();
}

std::string_view pick_name(std::string_view arg, std::span<const not_redis::detail::CommandSpec> table,
                           std::string_view fallback) {
  if (arg.size() != 1 || std::isalnum(static_cast<unsigned char>(arg[0])) || table.empty()) return fallback;
  std::string_view name = table[static_cast<unsigned char>(arg[0]) % table.size()].name;
  if (auto bar = name.find('|'); bar != std::string_view::npos) name.remove_prefix(bar + 1);
  return name;
}

// HRANDFIELD/SRANDMEMBER with a negative count reply with that many elements,
// repeats allowed, as Redis does: -9000000 is a valid request for a 9M-element
// reply, which only measures the allocator. Such counts are skipped.
constexpr long long kMaxRandomCount = 10000;
bool huge_random_count(const std::vector<std::string_view>& args) {
  using not_redis::detail::iequals;
  if (args.size() < 3 || !(iequals(args[0], "hrandfield") || iequals(args[0], "srandmember"))) return false;
  const std::string count(args[2]);
  errno = 0;
  const long long n = std::strtoll(count.c_str(), nullptr, 10);
  return n < -kMaxRandomCount || errno == ERANGE;
}

bool touches_bulk_limit(const std::vector<std::string_view>& args) {
  if (args.empty() || !not_redis::detail::iequals(args[0], "config")) return false;
  for (auto a : args)
    if (not_redis::detail::iequals(a, "proto-max-bulk-len")) return true;
  return false;
}

class Harness {
public:
  Harness() {
    uv_loop_init(&loop_);
    not_redis::Options options;
    options.clock = &clock_;
    options.seed = 42;
    client_.emplace(&loop_, options);
    expect_ok(run({"CONFIG", "SET", "proto-max-bulk-len", kBulkLimit}), "config set");
  }
  ~Harness() {
    client_.reset();
    uv_run(&loop_, UV_RUN_NOWAIT);
    if (uv_loop_close(&loop_) != 0) fail("loop", "handles left open after the store was destroyed");
  }
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  /// Runs one command; blocked calls stay pending until data, a deadline, or
  /// the store's destruction.
  std::optional<Value> run(const std::vector<std::string_view>& args) {
    not_redis::Argv argv;
    for (auto a : args) argv.push_back(a);
    auto future = client_->execute(std::move(argv));
    if (!future.ready()) {
      pending_.push_back(std::move(future));
      return std::nullopt;
    }
    Value v = future.get();
    static const bool verbose = std::getenv("FUZZ_VERBOSE") != nullptr;
    if (verbose) {
      std::string line;
      for (auto a : args) line.append(a).append(" ");
      std::fprintf(stderr, "> %s\n%s", line.c_str(), not_redis::to_cli_string(v).substr(0, 300).c_str());
    }
    // Every reply must be writable in both protocols, as the server does.
    wire_.clear();
    not_redis::detail::resp::write_reply(wire_, v, 2);
    not_redis::detail::resp::write_reply(wire_, v, 3);
    return v;
  }
  Value run_sync(const std::vector<std::string_view>& args) {
    auto v = run(args);
    if (!v) fail("blocked", std::string(args[0]));
    return *v;
  }

  void advance_ms(long long ms) {
    clock_.advance(std::chrono::milliseconds(ms));
    client_->run_until_idle();
  }
  void idle() { client_->run_until_idle(); }

  static void expect_ok(const std::optional<Value>& v, const char* what) {
    if (!v || v->is_error()) fail(what, v ? not_redis::to_cli_string(*v) : "blocked");
  }

  /// Reads every key back and checks that the type's size commands agree
  /// with the full reads.
  void check_keyspace() {
    Value keys = run_sync({"KEYS", "*"});
    if (!keys.is_aggregate()) fail("KEYS *", not_redis::to_cli_string(keys));
    Value dbsize = run_sync({"DBSIZE"});
    // As Redis, DBSIZE counts keys whose time is up but that nobody reclaimed yet; KEYS skips them.
    if (!dbsize.is_integer() || static_cast<std::size_t>(dbsize.integer_value()) < keys.elements().size())
      fail("DBSIZE < KEYS *", not_redis::to_cli_string(dbsize));
    for (const Value& k : keys.elements()) {
      const std::string key(k.string());
      const Value type = run_sync({"TYPE", key});
      const std::string t(type.string());
      long long size = -1;
      std::size_t read = 0;
      if (t == "string") {
        size = run_sync({"STRLEN", key}).integer_value();
        read = run_sync({"GET", key}).string().size();
      } else if (t == "list") {
        size = run_sync({"LLEN", key}).integer_value();
        read = run_sync({"LRANGE", key, "0", "-1"}).elements().size();
      } else if (t == "set") {
        size = run_sync({"SCARD", key}).integer_value();
        read = run_sync({"SMEMBERS", key}).size();
      } else if (t == "hash") {
        size = run_sync({"HLEN", key}).integer_value();
        read = run_sync({"HGETALL", key}).size();
      } else if (t == "zset") {
        size = run_sync({"ZCARD", key}).integer_value();
        read = run_sync({"ZRANGE", key, "0", "-1"}).elements().size();
      } else if (t == "stream") {
        size = run_sync({"XLEN", key}).integer_value();
        read = run_sync({"XRANGE", key, "-", "+"}).elements().size();
        const std::size_t backwards = run_sync({"XREVRANGE", key, "+", "-"}).elements().size();
        if (backwards != read) fail("XRANGE and XREVRANGE disagree", key);
        if (size == 0) size = 1, read = 1;  // an empty stream may stay (XADD MAXLEN 0, MKSTREAM)
      } else {
        fail("TYPE", key + " -> " + t);
      }
      if (size <= 0 && t != "string") fail("empty aggregate left in the keyspace", key + " (" + t + ")");
      if (static_cast<std::size_t>(size) != read) fail("size disagrees with the full read", key + " (" + t + ")");
    }
  }

private:
  uv_loop_t loop_;
  not_redis::ManualClock clock_;
  std::optional<not_redis::Client> client_;
  std::vector<not_redis::Future<Value>> pending_;
  std::string wire_;
};

long long parse_ms(std::string_view s) {
  long long v = 0;
  bool negative = !s.empty() && s[0] == '-';
  if (negative) s.remove_prefix(1);
  for (char c : s) {
    if (c < '0' || c > '9') break;
    v = v * 10 + (c - '0');
    if (v > 400LL * 24 * 3600 * 1000) break;  // a year or so is far enough
  }
  if (s.empty()) v = 1000;
  return negative ? -v : v;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto& table = not_redis::detail::CommandTable::instance().all();
  Harness h;

  std::size_t commands = 0;
  std::size_t pos = 0;
  while (pos < input.size() && commands < kMaxCommands) {
    std::size_t eol = input.find('\n', pos);
    if (eol == std::string_view::npos) eol = input.size();
    std::string_view line = input.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty()) continue;
    ++commands;
    if (line[0] == '~') {
      h.advance_ms(parse_ms(line.substr(1)));
      continue;
    }
    std::vector<std::string_view> args;
    std::size_t start = 0;
    while (args.size() < kMaxArgs) {
      std::size_t sp = line.find(' ', start);
      if (sp == std::string_view::npos) {
        args.push_back(line.substr(start));
        break;
      }
      args.push_back(line.substr(start, sp - start));
      start = sp + 1;
    }
    if (!table.empty()) {
      const not_redis::detail::CommandSpec* spec = nullptr;
      if (args[0].size() == 1 && !std::isalnum(static_cast<unsigned char>(args[0][0]))) {
        spec = table[static_cast<unsigned char>(args[0][0]) % table.size()];
        args[0] = spec->name;
      } else {
        spec = not_redis::detail::CommandTable::instance().find(args[0]);
      }
      if (spec && !spec->subcommands.empty() && args.size() > 1)
        args[1] = pick_name(args[1], spec->subcommands, args[1]);
    }
    if (touches_bulk_limit(args) || huge_random_count(args)) continue;
    h.run(args);
  }
  h.idle();
  h.check_keyspace();
  return 0;
}
