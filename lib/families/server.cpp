// Server and connection commands: PING, ECHO, TIME, SELECT, INFO, COMMAND,
// CONFIG (Redis's server.c, config.c and the connection commands of networking.c).

#include <malloc.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cmd/command_docs.hpp"
#include "families/family.hpp"
#include "util/glob.hpp"

namespace not_redis::detail {

namespace {

// ---------------------------------------------------------------------------
// INFO: the sections, each a list of "field:value" lines.

constexpr std::string_view kRedisVersion = "7.0.15";

/// Redis's bytesToHuman ("1.13M"), for the *_human fields.
std::string bytes_to_human(unsigned long long n) {
  constexpr std::array<char, 5> kUnits = {'K', 'M', 'G', 'T', 'P'};
  if (n < 1024) return fmt::format("{}B", n);
  double scaled = static_cast<double>(n) / 1024;
  for (char unit : kUnits) {
    if (scaled < 1024) return fmt::format("{:.2f}{}", scaled, unit);
    scaled /= 1024;
  }
  return fmt::format("{}B", n);  // beyond petabytes Redis prints bytes again
}

class InfoWriter {
public:
  void section(std::string_view title) {
    if (!out_.empty()) out_ += "\r\n";
    fmt::format_to(std::back_inserter(out_), "# {}\r\n", title);
  }
  template <class T>
  void field(std::string_view name, const T& value) {
    fmt::format_to(std::back_inserter(out_), "{}:{}\r\n", name, value);
  }
  std::string take() { return std::move(out_); }

private:
  std::string out_;
};

std::string os_name() {
  utsname name{};
  if (uname(&name) != 0) return "unknown";
  return fmt::format("{} {} {}", name.sysname, name.release, name.machine);
}

std::string executable_path() {
  std::array<char, 4096> path{};
  const ssize_t n = readlink("/proc/self/exe", path.data(), path.size() - 1);
  return n > 0 ? std::string(path.data(), static_cast<std::size_t>(n)) : std::string();
}

void info_server(Context& ctx, InfoWriter& w) {
  const std::int64_t uptime_s = (ctx.now_us - ctx.store.start_time_us) / 1'000'000;
  w.section("Server");
  w.field("redis_version", kRedisVersion);
  w.field("redis_git_sha1", "00000000");
  w.field("redis_git_dirty", 0);
  w.field("redis_mode", "standalone");
  w.field("os", os_name());
  w.field("arch_bits", sizeof(void*) * 8);
#ifdef __GNUC__
  w.field("gcc_version", fmt::format("{}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__));
#else
  w.field("gcc_version", "0.0.0");
#endif
  w.field("process_id", getpid());
  w.field("process_supervised", "no");
  w.field("tcp_port", ctx.store.config.port);  // 0 while no server listens
  w.field("server_time_usec", ctx.now_us);
  w.field("uptime_in_seconds", uptime_s);
  w.field("uptime_in_days", uptime_s / 86400);
  // CONFIG SET clamps hz into 1..500 before storing it, so both agree (as in Redis 7.0.15).
  w.field("hz", ctx.store.config.hz);
  w.field("configured_hz", ctx.store.config.hz);
  w.field("lru_clock", (ctx.now_ms() / 1000) & ((1 << 24) - 1));  // Redis's LRU_CLOCK_MAX, 1 s resolution
  w.field("executable", executable_path());
  w.field("config_file", "");
  w.field("io_threads_active", 0);
}

// The process's resident set size, from /proc/self/statm.
unsigned long long resident_bytes() {
  unsigned long long pages_total = 0, pages_resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%llu %llu", &pages_total, &pages_resident) != 2) pages_resident = 0;
    std::fclose(f);
  }
  return pages_resident * static_cast<unsigned long long>(sysconf(_SC_PAGESIZE));
}

void info_clients(Context& ctx, InfoWriter& w) {
  // Network connections only: in-process callers are not clients (their
  // blocked calls are counted all the same).
  std::size_t connected = 0, max_input = 0, max_output = 0;
  if (ctx.store.sessions) {
    for (const Session* s : ctx.store.sessions->sessions()) {
      ++connected;
      max_input = std::max(max_input, s->query_buffer);
      max_output = std::max(max_output, s->output_bytes);
    }
  }
  w.section("Clients");
  w.field("connected_clients", connected);
  w.field("cluster_connections", 0);
  w.field("maxclients", ctx.store.config.maxclients);
  w.field("client_recent_max_input_buffer", max_input);
  w.field("client_recent_max_output_buffer", max_output);
  w.field("blocked_clients", ctx.store.blocked_clients);
  w.field("tracking_clients", 0);
  w.field("clients_in_timeout_table", ctx.store.blocked_clients);
}

void info_memory(Context& ctx, InfoWriter& w) {
  // glibc's view of the heap (bytes in use by malloc'ed chunks plus mmap'ed
  // blocks): the whole process, not only the keyspace, as Redis's used_memory
  // is everything its allocator handed out.
  const struct mallinfo2 heap = mallinfo2();
  unsigned long long used = heap.uordblks + heap.hblkhd;
  if (used == 0) used = resident_bytes();  // a replacement allocator (sanitizers) answers mallinfo2 with zeros
  const unsigned long long system =
      static_cast<unsigned long long>(sysconf(_SC_PHYS_PAGES)) * static_cast<unsigned long long>(sysconf(_SC_PAGESIZE));
  const Config& config = ctx.store.config;
  w.section("Memory");
  w.field("used_memory", used);
  w.field("used_memory_human", bytes_to_human(used));
  w.field("total_system_memory", system);
  w.field("total_system_memory_human", bytes_to_human(system));
  w.field("maxmemory", config.maxmemory);
  w.field("maxmemory_human", bytes_to_human(config.maxmemory));
  w.field("maxmemory_policy", config.maxmemory_policy);
  w.field("mem_allocator", "libc");
}

void info_stats(Context& ctx, InfoWriter& w) {
  const Stats& stats = ctx.store.stats;
  w.section("Stats");
  w.field("total_connections_received", stats.connections_received);
  w.field("total_commands_processed", stats.commands_processed);
  w.field("rejected_connections", stats.rejected_connections);
  w.field("expired_keys", ctx.db().expired_keys());
  w.field("expire_cycle_cpu_milliseconds", stats.expire_cycle_time_us / 1000);
  w.field("evicted_keys", 0);
  w.field("keyspace_hits", stats.keyspace_hits);
  w.field("keyspace_misses", stats.keyspace_misses);
  // not_redis's own: the active-expiry cycle has no sampling, so these say
  // how often it ran and its longest run.
  w.field("expire_cycles", stats.expire_cycles);
  w.field("expire_cycle_max_tick_us", stats.expire_cycle_max_us);
}

void info_keyspace(Context& ctx, InfoWriter& w) {
  w.section("Keyspace");
  // avg_ttl is a sampled estimate in Redis; we do not sample, so it stays 0.
  if (const std::size_t keys = ctx.db().size())
    w.field("db0", fmt::format("keys={},expires={},avg_ttl=0", keys, ctx.db().volatile_size()));
}

void info_commandstats(Context& ctx, InfoWriter& w) {
  // Table order (Redis's is its hash table's), each container's subcommands
  // after it; only commands that were called, rejected or failed.
  const auto& stats = ctx.store.stats.commands;
  const auto write = [&](const CommandSpec& spec) {
    const auto it = stats.find(&spec);
    if (it == stats.end()) return;
    const CommandStats& c = it->second;
    if (!c.calls && !c.rejected_calls && !c.failed_calls) return;
    // Redis divides in float, then prints with %.2f.
    const float per_call = c.calls ? static_cast<float>(c.usec) / static_cast<float>(c.calls) : 0.0f;
    w.field(fmt::format("cmdstat_{}", spec.name),
            fmt::format("calls={},usec={},usec_per_call={:.2f},rejected_calls={},failed_calls={}", c.calls, c.usec,
                        static_cast<double>(per_call), c.rejected_calls, c.failed_calls));
  };
  w.section("Commandstats");
  for (const CommandSpec* spec : CommandTable::instance().all()) {
    write(*spec);
    for (const CommandSpec& sub : spec->subcommands) write(sub);
  }
}

void info_errorstats(Context& ctx, InfoWriter& w) {
  w.section("Errorstats");
  for (const auto& [code, count] : ctx.store.stats.errors) w.field(fmt::format("errorstat_{}", code), fmt::format("count={}", count));
}

struct InfoSection {
  std::string_view name;
  void (*write)(Context&, InfoWriter&);
  bool in_default;  ///< else only when named, or with "all" / "everything"
};

// In Redis's order.
constexpr InfoSection kInfoSections[] = {
    {"server", &info_server, true},
    {"clients", &info_clients, true},
    {"memory", &info_memory, true},
    {"stats", &info_stats, true},
    {"commandstats", &info_commandstats, false},
    {"errorstats", &info_errorstats, true},
    {"keyspace", &info_keyspace, true},
};

// ---------------------------------------------------------------------------
// COMMAND: describing the table's rows as Redis's COMMAND INFO does.

// COMMAND INFO's flag names, in Redis's order; flags Redis hides
// (may_replicate, sentinel, only_sentinel, protected) are left out.
constexpr std::pair<CommandFlag, std::string_view> kFlagNames[] = {
    {kWrite, "write"},
    {kReadonly, "readonly"},
    {kDenyOom, "denyoom"},
    {kAdmin, "admin"},
    {kPubsub, "pubsub"},
    {kNoscript, "noscript"},
    {kBlocking, "blocking"},
    {kLoading, "loading"},
    {kStale, "stale"},
    {kSkipMonitor, "skip_monitor"},
    {kSkipSlowlog, "skip_slowlog"},
    {kFast, "fast"},
    {kNoAuth, "no_auth"},
    {kNoMandatoryKeys, "no_mandatory_keys"},
    {kNoAsyncLoading, "no_async_loading"},
    {kNoMulti, "no_multi"},
    {kMovableKeys, "movablekeys"},
    {kAllowBusy, "allow_busy"},
};

/// The words of an acl-categories string ("@read @string @fast").
std::vector<std::string_view> acl_categories(const CommandSpec& spec) {
  std::vector<std::string_view> out;
  std::string_view rest = spec.acl_categories;
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    if (space != 0) out.push_back(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return out;
}

// One COMMAND INFO entry: name, arity, flags, first key, last key, step, ACL
// categories, tips, key specs, subcommands (Redis's addReplyCommandInfo). The
// tips and key specs come from Redis's command specs, with COMMAND DOCS's data.
Value command_entry(const CommandSpec& spec) {
  Value::Array flags;
  for (const auto& [flag, name] : kFlagNames)
    if (spec.flags & flag) flags.push_back(Value::simple(std::string(name)));
  Value::Array categories;
  for (std::string_view category : acl_categories(spec)) categories.push_back(Value::simple(std::string(category)));
  Value subcommands = Value::set();
  if (!spec.subcommands.empty()) {
    Value::Array entries;
    for (const CommandSpec& sub : spec.subcommands) entries.push_back(command_entry(sub));
    subcommands = Value::array(std::move(entries));
  }
  Value::Array entry;
  entry.reserve(10);
  entry.push_back(Value::bulk(spec.name));
  entry.push_back(Value::integer(spec.arity));
  entry.push_back(Value::set(std::move(flags)));
  entry.push_back(Value::integer(spec.first_key));
  entry.push_back(Value::integer(spec.last_key));
  entry.push_back(Value::integer(spec.key_step));
  entry.push_back(Value::set(std::move(categories)));
  entry.push_back(command_tips(spec));
  entry.push_back(command_key_specs(spec));
  entry.push_back(std::move(subcommands));
  return Value::array(std::move(entry));
}

/// The row that would run `argv` (Redis's lookupCommand), or nullptr.
const CommandSpec* find_for_argv(std::span<const std::string_view> argv) {
  const CommandSpec* spec = CommandTable::instance().find(argv[0]);
  if (!spec || spec->subcommands.empty() || argv.size() == 1) return spec;
  return CommandTable::find_subcommand(*spec, argv[1]);
}

/// Whether COMMAND LIST FILTERBY keeps `spec`.
struct ListFilter {
  enum class Kind { none, module, aclcat, pattern } kind = Kind::none;
  std::string_view arg;

  bool keeps(const CommandSpec& spec) const {
    switch (kind) {
    case Kind::none: return true;
    case Kind::module: return false;  // no command comes from a module
    case Kind::aclcat: {
      const auto categories = acl_categories(spec);
      return std::any_of(categories.begin(), categories.end(),
                         [&](std::string_view c) { return iequals(c.substr(1), arg); });
    }
    case Kind::pattern: return glob_match(arg, spec.name, true);
    }
    return false;
  }
};

// ---------------------------------------------------------------------------
// CONFIG: the settings, parsed and reported as Redis's config.c does.

/// Why a value was refused (Redis's text after " - "), or nullopt if set.
using SetError = std::optional<std::string>;

SetError out_of_bounds(long long min, long long max) {
  return fmt::format(fmt::runtime(errors::kConfigOutOfBounds), min, max);
}

/// An integer setting (Redis's numeric configs without the memory flag: string2ll).
SetError set_integer(std::string_view value, long long min, long long max, long long& out) {
  const auto n = parse_integer(value);
  if (!n) return std::string(errors::kConfigNotInteger);
  if (*n < min || *n > max) return out_of_bounds(min, max);
  out = *n;
  return std::nullopt;
}

SetError set_int(std::string_view value, int min, int& field) {
  long long n = 0;
  if (SetError e = set_integer(value, min, INT_MAX, n)) return e;
  field = static_cast<int>(n);
  return std::nullopt;
}

/// Redis 7.0's memtoull: digits then an optional unit (b, k, kb, m, mb, g, gb;
/// k = 1000, kb = 1024), no sign. Like Redis, a digit string past 2^64
/// saturates and the unit's multiplication wraps.
std::optional<unsigned long long> parse_memory(std::string_view s) {
  if (!s.empty() && s.front() == '-') return std::nullopt;
  const std::size_t digits = std::find_if_not(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) - s.begin();
  const std::string_view unit = s.substr(digits);
  constexpr std::pair<std::string_view, unsigned long long> kUnits[] = {
      {"", 1},          {"b", 1},           {"k", 1000},           {"kb", 1024},
      {"m", 1000'000},  {"mb", 1024 * 1024}, {"g", 1000'000'000}, {"gb", 1024ULL * 1024 * 1024},
  };
  const auto* match = std::find_if(std::begin(kUnits), std::end(kUnits), [&](const auto& u) { return iequals(u.first, unit); });
  if (match == std::end(kUnits) || digits >= 128) return std::nullopt;
  const std::string number(s.substr(0, digits));
  return std::strtoull(number.c_str(), nullptr, 10) * match->second;  // "" reads as 0, as in Redis
}

SetError set_bool(std::string_view value, bool& field) {
  if (iequals(value, "yes")) field = true;
  else if (iequals(value, "no")) field = false;
  else return std::string(errors::kConfigNotYesNo);
  return std::nullopt;
}

constexpr std::string_view kMaxmemoryPolicies[] = {"volatile-lru",  "volatile-lfu", "volatile-random",
                                                    "volatile-ttl",  "allkeys-lru",  "allkeys-lfu",
                                                    "allkeys-random", "noeviction"};

// Redis's NOTIFY_* classes and their letters, in the order keyspaceEventsFlagsToString writes them.
enum NotifyClass : int {
  kNotifyKeyspace = 1 << 0,   // K
  kNotifyKeyevent = 1 << 1,   // E
  kNotifyGeneric = 1 << 2,    // g
  kNotifyString = 1 << 3,     // $
  kNotifyList = 1 << 4,       // l
  kNotifySet = 1 << 5,        // s
  kNotifyHash = 1 << 6,       // h
  kNotifyZset = 1 << 7,       // z
  kNotifyExpired = 1 << 8,    // x
  kNotifyEvicted = 1 << 9,    // e
  kNotifyStream = 1 << 10,    // t
  kNotifyKeyMiss = 1 << 11,   // m
  kNotifyModule = 1 << 13,    // d
  kNotifyNew = 1 << 14,       // n
  kNotifyAll = kNotifyGeneric | kNotifyString | kNotifyList | kNotifySet | kNotifyHash | kNotifyZset |
               kNotifyExpired | kNotifyEvicted | kNotifyStream | kNotifyModule,  // A (not n)
};
constexpr std::pair<char, int> kNotifyLetters[] = {
    {'g', kNotifyGeneric}, {'$', kNotifyString}, {'l', kNotifyList},    {'s', kNotifySet},
    {'h', kNotifyHash},    {'z', kNotifyZset},   {'x', kNotifyExpired}, {'e', kNotifyEvicted},
    {'t', kNotifyStream},  {'d', kNotifyModule}, {'n', kNotifyNew},
};

SetError set_notify_events(std::string_view value, int& field) {
  int flags = 0;
  for (char c : value) {
    if (c == 'A') flags |= kNotifyAll;
    else if (c == 'K') flags |= kNotifyKeyspace;
    else if (c == 'E') flags |= kNotifyKeyevent;
    else if (c == 'm') flags |= kNotifyKeyMiss;
    else {
      const auto* letter = std::find_if(std::begin(kNotifyLetters), std::end(kNotifyLetters),
                                        [c](const auto& l) { return l.first == c; });
      if (letter == std::end(kNotifyLetters)) return std::string(errors::kConfigInvalidEvents);
      flags |= letter->second;
    }
  }
  field = flags;
  return std::nullopt;
}

std::string notify_events_string(int flags) {
  std::string out;
  if ((flags & kNotifyAll) == kNotifyAll) {
    out += 'A';  // as Redis: "A" hides the classes outside it (n) too
  } else {
    for (const auto& [letter, flag] : kNotifyLetters)
      if (flags & flag) out += letter;
  }
  if (flags & kNotifyKeyspace) out += 'K';
  if (flags & kNotifyKeyevent) out += 'E';
  if (flags & kNotifyKeyMiss) out += 'm';
  return out;
}

/// "seconds changes [seconds changes ...]" split on single spaces, as Redis
/// 7.0 does: seconds >= 1, changes >= 0 (strtoll, so "+5" is fine and
/// doubled spaces are not).
SetError set_save(std::string_view value, std::string& field) {
  std::vector<long long> numbers;
  std::size_t start = 0;
  while (!value.empty()) {
    const std::size_t space = value.find(' ', start);
    const std::string token(value.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start));
    char* end = nullptr;
    const long long n = std::strtoll(token.c_str(), &end, 10);
    if (*end != '\0' || n < (numbers.size() % 2 == 0 ? 1 : 0)) return std::string(errors::kConfigInvalidSave);
    numbers.push_back(n);
    if (space == std::string_view::npos) break;
    start = space + 1;
  }
  if (numbers.size() % 2 != 0) return std::string(errors::kConfigInvalidSave);
  std::string canonical;
  for (std::size_t i = 0; i < numbers.size(); i += 2)
    fmt::format_to(std::back_inserter(canonical), "{}{} {}", i ? " " : "", numbers[i], static_cast<int>(numbers[i + 1]));
  field = std::move(canonical);
  return std::nullopt;
}

struct Setting {
  std::string_view name;
  std::string (*get)(const Config&);
  SetError (*set)(Config&, std::string_view value);  ///< nullptr: immutable
};

/// A count setting (Redis's size_t configs): 0 up to LONG_MAX.
SetError set_size(std::string_view value, long long& field) { return set_integer(value, 0, LLONG_MAX, field); }

/// A byte-size setting (size_t configs with the memory flag): 0 up to LONG_MAX, with units.
SetError set_memory_size(std::string_view value, long long& field) {
  const auto n = parse_memory(value);
  if (!n) return std::string(errors::kConfigNotMemory);
  if (*n > static_cast<unsigned long long>(LLONG_MAX)) return out_of_bounds(0, LLONG_MAX);
  field = static_cast<long long>(*n);
  return std::nullopt;
}

SetError set_int_range(std::string_view value, int min, int max, int& field) {
  long long n = 0;
  if (SetError e = set_integer(value, min, max, n)) return e;
  field = static_cast<int>(n);
  return std::nullopt;
}

// The encoding thresholds, each under Redis 7's name and its ziplist alias.
constexpr auto kGetHashEntries = [](const Config& c) { return std::to_string(c.hash_max_listpack_entries); };
constexpr auto kSetHashEntries = [](Config& c, std::string_view v) { return set_size(v, c.hash_max_listpack_entries); };
constexpr auto kGetHashValue = [](const Config& c) { return std::to_string(c.hash_max_listpack_value); };
constexpr auto kSetHashValue = [](Config& c, std::string_view v) { return set_memory_size(v, c.hash_max_listpack_value); };
constexpr auto kGetListSize = [](const Config& c) { return std::to_string(c.list_max_listpack_size); };
constexpr auto kSetListSize = [](Config& c, std::string_view v) {
  return set_int_range(v, INT_MIN, INT_MAX, c.list_max_listpack_size);
};
constexpr auto kGetZsetEntries = [](const Config& c) { return std::to_string(c.zset_max_listpack_entries); };
constexpr auto kSetZsetEntries = [](Config& c, std::string_view v) { return set_size(v, c.zset_max_listpack_entries); };
constexpr auto kGetZsetValue = [](const Config& c) { return std::to_string(c.zset_max_listpack_value); };
constexpr auto kSetZsetValue = [](Config& c, std::string_view v) { return set_memory_size(v, c.zset_max_listpack_value); };

constexpr Setting kSettings[] = {
    {"active-expire-effort", [](const Config& c) { return std::to_string(c.active_expire_effort); },
     [](Config& c, std::string_view v) {
       long long n = 0;
       if (SetError e = set_integer(v, 1, 10, n)) return e;
       c.active_expire_effort = static_cast<int>(n);
       return SetError{};
     }},
    {"appendonly", [](const Config& c) { return std::string(c.appendonly ? "yes" : "no"); },
     [](Config& c, std::string_view v) { return set_bool(v, c.appendonly); }},
    // Redis's default, reported for clients that read it; the store has one
    // database all the same (SELECT accepts only 0).
    // Where the server listens: it cannot move, so unlike Redis these are immutable.
    {"bind", [](const Config& c) { return c.bind; }, nullptr},
    {"databases", [](const Config&) { return std::string("16"); }, nullptr},
    {"hash-max-listpack-entries", kGetHashEntries, kSetHashEntries},
    {"hash-max-listpack-value", kGetHashValue, kSetHashValue},
    {"hash-max-ziplist-entries", kGetHashEntries, kSetHashEntries},
    {"hash-max-ziplist-value", kGetHashValue, kSetHashValue},
    {"hz", [](const Config& c) { return std::to_string(c.hz); },
     [](Config& c, std::string_view v) {
       long long n = 0;
       if (SetError e = set_integer(v, 0, INT_MAX, n)) return e;
       // As Redis's updateHZ: a hint, accepted out of range but capped.
       c.hz = static_cast<int>(std::clamp(n, 1LL, 500LL));
       return SetError{};
     }},
    {"list-compress-depth", [](const Config& c) { return std::to_string(c.list_compress_depth); },
     [](Config& c, std::string_view v) { return set_int_range(v, 0, INT_MAX, c.list_compress_depth); }},
    {"list-max-listpack-size", kGetListSize, kSetListSize},
    {"list-max-ziplist-size", kGetListSize, kSetListSize},
    {"maxclients", [](const Config& c) { return std::to_string(c.maxclients); },
     [](Config& c, std::string_view v) {
       long long n = 0;
       if (SetError e = set_integer(v, 1, UINT_MAX, n)) return e;
       c.maxclients = static_cast<unsigned long long>(n);
       return SetError{};
     }},
    {"maxmemory", [](const Config& c) { return std::to_string(c.maxmemory); },
     [](Config& c, std::string_view v) {
       const auto n = parse_memory(v);
       if (!n) return SetError(std::string(errors::kConfigNotMemory));
       c.maxmemory = *n;  // the range is all of unsigned long long
       return SetError{};
     }},
    {"maxmemory-policy", [](const Config& c) { return c.maxmemory_policy; },
     [](Config& c, std::string_view v) {
       for (std::string_view policy : kMaxmemoryPolicies) {
         if (iequals(policy, v)) {
           c.maxmemory_policy = policy;
           return SetError{};
         }
       }
       return SetError(fmt::format(fmt::runtime(errors::kConfigNotInEnum), fmt::join(kMaxmemoryPolicies, ", ")));
     }},
    {"maxmemory-samples", [](const Config& c) { return std::to_string(c.maxmemory_samples); },
     [](Config& c, std::string_view v) { return set_int(v, 1, c.maxmemory_samples); }},
    {"notify-keyspace-events", [](const Config& c) { return notify_events_string(c.notify_keyspace_events); },
     [](Config& c, std::string_view v) { return set_notify_events(v, c.notify_keyspace_events); }},
    {"port", [](const Config& c) { return std::to_string(c.port); }, nullptr},
    {"proto-max-bulk-len", [](const Config& c) { return std::to_string(c.proto_max_bulk_len); },
     [](Config& c, std::string_view v) {
       const auto n = parse_memory(v);
       if (!n) return SetError(std::string(errors::kConfigNotMemory));
       const auto bytes = static_cast<long long>(*n);  // past LLONG_MAX turns negative, then out of range
       if (bytes < 1024 * 1024) return out_of_bounds(1024 * 1024, LLONG_MAX);
       c.proto_max_bulk_len = bytes;
       return SetError{};
     }},
    {"requirepass", [](const Config& c) { return c.requirepass; },
     [](Config& c, std::string_view v) {
       c.requirepass = v;  // "" turns authentication off
       return SetError{};
     }},
    {"save", [](const Config& c) { return c.save; }, [](Config& c, std::string_view v) { return set_save(v, c.save); }},
    {"set-max-intset-entries", [](const Config& c) { return std::to_string(c.set_max_intset_entries); },
     [](Config& c, std::string_view v) { return set_size(v, c.set_max_intset_entries); }},
    {"timeout", [](const Config& c) { return std::to_string(c.timeout); },
     [](Config& c, std::string_view v) { return set_int(v, 0, c.timeout); }},
    {"unixsocket", [](const Config& c) { return c.unixsocket; }, nullptr},
    {"zset-max-listpack-entries", kGetZsetEntries, kSetZsetEntries},
    {"zset-max-listpack-value", kGetZsetValue, kSetZsetValue},
    {"zset-max-ziplist-entries", kGetZsetEntries, kSetZsetEntries},
    {"zset-max-ziplist-value", kGetZsetValue, kSetZsetValue},
};

const Setting* find_setting(std::string_view name) {
  const auto* it = std::find_if(std::begin(kSettings), std::end(kSettings), [&](const Setting& s) { return iequals(s.name, name); });
  return it == std::end(kSettings) ? nullptr : it;
}

/// An argument as Redis's "%s" shows it in an error: up to a NUL, on one line.
std::string error_arg(std::string_view arg) {
  std::string out(arg.substr(0, arg.find('\0')));
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return out;
}

Value config_set_failed(std::string_view name, std::string_view reason) {
  return Value::error(fmt::format(fmt::runtime(errors::kConfigSetFailed), name, reason));
}

// ---------------------------------------------------------------------------
// Command handlers.

// PING [message]
Outcome ping(Context& ctx) {
  // Arity -1 lets PING alone through; Redis's handler refuses more than one argument.
  if (ctx.argv.size() > 2) return error_reply(errors::wrong_arity(ctx.command.name));
  if (ctx.argv.size() == 2) return Value::bulk(ctx.argv[1]);
  return Value::simple("PONG");
}

// ECHO message
Outcome echo(Context& ctx) { return Value::bulk(ctx.argv[1]); }

// TIME
Outcome time(Context& ctx) {
  // The store's clock, so a ManualClock moves TIME too.
  return Value::array({Value::bulk(std::to_string(ctx.now_us / 1'000'000)),
                       Value::bulk(std::to_string(ctx.now_us % 1'000'000))});
}

// SELECT index
Outcome select(Context& ctx) {
  const auto index = integer_arg(ctx, 1);
  if (!index) return not_integer();
  if (*index < INT_MIN || *index > INT_MAX) return error_reply(errors::kIntOutOfRange);
  // A store holds one database. Redis (databases 16) would accept 1..15; we
  // answer those as out of range too rather than pretend to switch.
  if (*index != 0) return error_reply(errors::kDbIndexOutOfRange);
  return Value::ok();
}

// INFO [section [section ...]]
Outcome info(Context& ctx) {
  std::array<bool, std::size(kInfoSections)> wanted{};
  const auto add_default = [&] {
    for (std::size_t s = 0; s < wanted.size(); ++s) wanted[s] = wanted[s] || kInfoSections[s].in_default;
  };
  if (ctx.argv.size() == 1) add_default();
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    const std::string_view arg = ctx.argv[i];
    if (iequals(arg, "default")) add_default();
    if (iequals(arg, "all") || iequals(arg, "everything")) wanted.fill(true);
    for (std::size_t s = 0; s < wanted.size(); ++s)
      if (iequals(arg, kInfoSections[s].name)) wanted[s] = true;
    // Unknown sections are skipped, as Redis does.
  }
  InfoWriter w;
  for (std::size_t s = 0; s < wanted.size(); ++s)
    if (wanted[s]) kInfoSections[s].write(ctx, w);
  return Value::verbatim("txt", w.take());  // RESP3's reply for INFO; RESP2 sees a bulk string
}

// COMMAND (every command's COMMAND INFO entry)
Outcome command(Context&) {
  Value::Array entries;
  for (const CommandSpec* spec : CommandTable::instance().all()) entries.push_back(command_entry(*spec));
  return Value::array(std::move(entries));
}

// COMMAND COUNT
Outcome command_count(Context&) {
  return Value::integer(static_cast<long long>(CommandTable::instance().all().size()));
}

// COMMAND INFO [command-name ...]
Outcome command_info(Context& ctx) {
  if (ctx.argv.size() == 2) return command(ctx);
  Value::Array entries;
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const CommandSpec* spec = CommandTable::instance().find_full_name(ctx.argv[i]);
    entries.push_back(spec ? command_entry(*spec) : Value{});
  }
  return Value::array(std::move(entries));
}

// COMMAND LIST [FILTERBY MODULE module-name|ACLCAT category|PATTERN pattern]
Outcome command_list(Context& ctx) {
  ListFilter filter;
  if (ctx.argv.size() == 5 && iequals(ctx.argv[2], "filterby")) {
    const std::string_view kind = ctx.argv[3];
    if (iequals(kind, "module")) filter.kind = ListFilter::Kind::module;
    else if (iequals(kind, "aclcat")) filter.kind = ListFilter::Kind::aclcat;
    else if (iequals(kind, "pattern")) filter.kind = ListFilter::Kind::pattern;
    else return syntax_error();
    filter.arg = ctx.argv[4];
  } else if (ctx.argv.size() != 2) {
    return syntax_error();
  }
  Value::Array names;
  for (const CommandSpec* spec : CommandTable::instance().all()) {
    if (filter.keeps(*spec)) names.push_back(Value::bulk(spec->name));
    for (const CommandSpec& sub : spec->subcommands)
      if (filter.keeps(sub)) names.push_back(Value::bulk(sub.name));
  }
  return Value::array(std::move(names));
}

// COMMAND GETKEYS command [arg ...]
Outcome command_getkeys(Context& ctx) {
  std::vector<std::string_view> argv;
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) argv.push_back(ctx.argv[i]);
  const CommandSpec* spec = find_for_argv(argv);
  if (!spec) return error_reply(errors::kGetKeysInvalidCommand);
  if (spec->first_key <= 0 && !(spec->flags & kMovableKeys)) return error_reply(errors::kGetKeysNoKeys);
  const auto argc = static_cast<long long>(argv.size());
  if ((spec->arity > 0 && spec->arity != argc) || argc < -spec->arity) return error_reply(errors::kGetKeysInvalidArity);
  if (spec->numkeys_at > 0) {
    // Redis's keynum key spec: a count, then that many keys.
    const auto at = static_cast<std::size_t>(spec->numkeys_at);
    const auto count = at < argv.size() ? parse_integer(argv[at]) : std::nullopt;
    if (!count || *count <= 0 || *count > static_cast<long long>(argv.size() - at - 1))
      return error_reply(errors::kGetKeysInvalidArguments);
    Value::Array keys;
    for (long long i = 1; i <= *count; ++i) keys.push_back(Value::bulk(argv[at + static_cast<std::size_t>(i)]));
    return Value::array(std::move(keys));
  }
  // Keys come from the row's first/last/step triple (Redis's range key spec).
  const long long first = spec->first_key;
  const long long last = spec->last_key >= 0 ? spec->last_key : argc + spec->last_key;
  if (first <= 0 || first >= argc || last >= argc || last < first || spec->key_step <= 0) {
    if (spec->flags & kNoMandatoryKeys) return Value::array();
    return error_reply(errors::kGetKeysInvalidArguments);
  }
  Value::Array keys;
  for (long long i = first; i <= last; i += spec->key_step) keys.push_back(Value::bulk(argv[static_cast<std::size_t>(i)]));
  return Value::array(std::move(keys));
}

// COMMAND HELP
Outcome command_help(Context&) {
  // Redis's text, less GETKEYSANDFLAGS, which we do not have.
  return help_reply("COMMAND", {
                                   "(no subcommand)",
                                   "    Return details about all Redis commands.",
                                   "COUNT",
                                   "    Return the total number of commands in this Redis server.",
                                   "LIST",
                                   "    Return a list of all commands in this Redis server.",
                                   "INFO [<command-name> ...]",
                                   "    Return details about multiple Redis commands.",
                                   "    If no command names are given, documentation details for all",
                                   "    commands are returned.",
                                   "DOCS [<command-name> ...]",
                                   "    Return documentation details about multiple Redis commands.",
                                   "    If no command names are given, documentation details for all",
                                   "    commands are returned.",
                                   "GETKEYS <full-command>",
                                   "    Return the keys from a full Redis command.",
                               });
}

// CONFIG GET parameter [parameter ...]
Outcome config_get(Context& ctx) {
  // Each setting once, under the name that matched it first: a name given
  // without glob characters is echoed as given (CONFIG GET HZ → "HZ"), as Redis does.
  std::vector<std::pair<const Setting*, std::string>> matches;
  const auto matched = [&](const Setting& s) {
    return std::any_of(matches.begin(), matches.end(), [&](const auto& m) { return m.first == &s; });
  };
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const std::string_view pattern = ctx.argv[i];
    if (pattern.find_first_of("[*?") == std::string_view::npos) {
      if (const Setting* s = find_setting(pattern); s && !matched(*s)) matches.emplace_back(s, std::string(pattern));
      continue;
    }
    for (const Setting& s : kSettings)
      if (!matched(s) && glob_match(pattern, s.name, true)) matches.emplace_back(&s, std::string(s.name));
  }
  Value::Array flat;
  for (auto& [setting, name] : matches) {
    flat.push_back(Value::bulk(std::move(name)));
    flat.push_back(Value::bulk(setting->get(ctx.store.config)));
  }
  return Value::map(std::move(flat));
}

// CONFIG SET parameter value [parameter value ...]
Outcome config_set(Context& ctx) {
  if (ctx.argv.size() % 2 != 0) return syntax_error();
  // As Redis: find every setting first (the first unknown, immutable or
  // repeated name fails the call), then set them all or none.
  std::vector<const Setting*> settings;
  for (std::size_t i = 2; i < ctx.argv.size(); i += 2) {
    const std::string_view name = ctx.argv[i];
    const Setting* s = find_setting(name);
    if (!s) return Value::error(fmt::format(fmt::runtime(errors::kConfigSetUnknown), error_arg(name)));
    if (!s->set) return config_set_failed(error_arg(name), errors::kConfigImmutable);
    if (std::find(settings.begin(), settings.end(), s) != settings.end())
      return config_set_failed(error_arg(name), errors::kConfigDuplicate);
    settings.push_back(s);
  }
  Config next = ctx.store.config;
  for (std::size_t k = 0; k < settings.size(); ++k) {
    if (SetError e = settings[k]->set(next, ctx.argv[3 + 2 * k]))
      return config_set_failed(settings[k]->name, *e);
  }
  const bool hz_changed = next.hz != ctx.store.config.hz;
  ctx.store.config = std::move(next);
  // The engine re-arms its active-expiry timer for the new rate.
  if (hz_changed && ctx.store.on_config_changed) ctx.store.on_config_changed(ctx.store.engine);
  return Value::ok();
}

// CONFIG RESETSTAT
Outcome config_resetstat(Context& ctx) {
  ctx.store.stats = Stats{};
  ctx.db().reset_stats();
  return Value::ok();
}

// CONFIG HELP
Outcome config_help(Context&) {
  // Redis's text, less REWRITE: an embedded store has no configuration file.
  return help_reply("CONFIG", {
                                  "GET <pattern>",
                                  "    Return parameters matching the glob-like <pattern> and their values.",
                                  "SET <directive> <value>",
                                  "    Set the configuration <directive> to <value>.",
                                  "RESETSTAT",
                                  "    Reset statistics reported by the INFO command.",
                              });
}

// ---------------------------------------------------------------------------
// The family's rows.

constexpr std::uint32_t kCommandFlags = kLoading | kStale | kSentinel;
constexpr std::uint32_t kConfigFlags = kAdmin | kNoscript | kLoading | kStale;

constexpr CommandSpec kCommandSubcommands[] = {
    {"command|count", 2, kCommandFlags, 0, 0, 0, &command_count, "@slow @connection"},
    {"command|docs", -2, kCommandFlags, 0, 0, 0, &command_docs, "@slow @connection"},
    {"command|getkeys", -4, kCommandFlags, 0, 0, 0, &command_getkeys, "@slow @connection"},
    {"command|help", 2, kCommandFlags, 0, 0, 0, &command_help, "@slow @connection"},
    {"command|info", -2, kCommandFlags, 0, 0, 0, &command_info, "@slow @connection"},
    {"command|list", -2, kCommandFlags, 0, 0, 0, &command_list, "@slow @connection"},
};

constexpr CommandSpec kConfigSubcommands[] = {
    {"config|get", -3, kConfigFlags, 0, 0, 0, &config_get, "@admin @slow @dangerous"},
    {"config|help", 2, kLoading | kStale, 0, 0, 0, &config_help, "@slow"},
    {"config|resetstat", 2, kConfigFlags, 0, 0, 0, &config_resetstat, "@admin @slow @dangerous"},
    {"config|set", -4, kConfigFlags, 0, 0, 0, &config_set, "@admin @slow @dangerous"},
};

constexpr CommandSpec kCommands[] = {
    {"command", -1, kCommandFlags, 0, 0, 0, &command, "@slow @connection", kCommandSubcommands},
    {"config", -2, 0, 0, 0, 0, nullptr, "@slow", kConfigSubcommands},
    {"echo", 2, kLoading | kStale | kFast, 0, 0, 0, &echo, "@fast @connection"},
    {"info", -1, kLoading | kStale | kSentinel, 0, 0, 0, &info, "@slow @dangerous"},
    {"ping", -1, kFast | kSentinel, 0, 0, 0, &ping, "@fast @connection"},
    {"select", 2, kLoading | kStale | kFast, 0, 0, 0, &select, "@fast @connection"},
    {"time", 1, kLoading | kStale | kFast, 0, 0, 0, &time, "@fast"},
};

} // namespace

std::span<const CommandSpec> server_commands() { return kCommands; }

} // namespace not_redis::detail
