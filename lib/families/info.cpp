// INFO: the report of Redis's genRedisInfoString (server.c), section by
// section, from the store's Config and Stats and the process's own figures.

#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "cmd/output_limit.hpp"
#include "util/process_memory.hpp"
#include "families/family.hpp"

namespace not_redis::detail {

namespace {

// ---------------------------------------------------------------------------
// The sections, each a list of "field:value" lines.

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

/// Redis's run_id and master_replid: 40 hex digits, drawn once (from the
/// store's seeded generator, so deterministic tests see the same ones).
const std::string& random_hex_id(Store& store, std::string& id) {
  if (id.empty()) {
    std::uniform_int_distribution<int> digit(0, 15);
    for (int i = 0; i < 40; ++i) id += "0123456789abcdef"[digit(store.rng)];
  }
  return id;
}

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
  w.field("redis_build_id", "0");
  w.field("redis_mode", "standalone");
  w.field("os", os_name());
  w.field("arch_bits", sizeof(void*) * 8);
  w.field("monotonic_clock", "POSIX clock_gettime");
  w.field("multiplexing_api", "epoll");  // libuv's, on Linux
  w.field("atomicvar_api", "c11-builtin");  // std::atomic
#ifdef __GNUC__
  w.field("gcc_version", fmt::format("{}.{}.{}", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__));
#else
  w.field("gcc_version", "0.0.0");
#endif
  w.field("process_id", getpid());
  w.field("process_supervised", "no");
  w.field("run_id", random_hex_id(ctx.store, ctx.store.run_id));
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

void info_clients(Context& ctx, InfoWriter& w) {
  // Network connections only: in-process callers are not clients (their
  // blocked calls are counted all the same).
  // Peaks over the last 8 seconds, as Redis's clientsCron keeps them, with
  // every client's present buffers counted in as well. Output is the output
  // limits' measure (omem); input, the unparsed query buffer.
  const std::int64_t now_s = ctx.store.clock->now().count() / 1'000'000;
  std::size_t connected = 0;
  if (ctx.store.sessions) {
    for (const Session* s : ctx.store.sessions->sessions()) {
      ++connected;
      ctx.store.client_peaks.record(now_s, s->query_buffer, output_list_bytes(s->output_bytes));
    }
  }
  const std::size_t max_input = ctx.store.client_peaks.max_input(now_s);
  const std::size_t max_output = ctx.store.client_peaks.max_output(now_s);
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
  // The process's allocator (glibc) and kernel figures, as Redis's are its
  // allocator's: used_memory is everything handed out, the host program's
  // allocations included. The overhead is what Redis counts in it: the memory
  // at start, client buffers, and the keyspace's own tables.
  const HeapFigures heap = heap_figures();
  const std::size_t used = used_memory();
  const std::size_t rss = resident_bytes();
  const std::size_t active = heap.active != 0 ? heap.active : used;
  Stats& stats = ctx.store.stats;
  stats.used_memory_peak = std::max(stats.used_memory_peak, used);
  std::size_t clients = 0;
  if (ctx.store.sessions) {
    for (const Session* s : ctx.store.sessions->sessions()) clients += sizeof(Session) + s->query_buffer + s->output_bytes;
  }
  const std::size_t startup = std::min(ctx.store.used_memory_startup, used);
  const std::size_t overhead = std::min(used, startup + clients + ctx.db().index_bytes());
  const std::size_t dataset = used - overhead;
  const std::size_t net = used > startup ? used - startup : 1;
  const auto percent = [](double part, double whole) { return fmt::format("{:.2f}%", whole > 0 ? part * 100 / whole : 0.0); };
  const auto ratio = [](double a, double b) { return fmt::format("{:.2f}", b > 0 ? a / b : 0.0); };
  const auto difference = [](std::size_t a, std::size_t b) { return static_cast<long long>(a) - static_cast<long long>(b); };
  const unsigned long long system =
      static_cast<unsigned long long>(sysconf(_SC_PHYS_PAGES)) * static_cast<unsigned long long>(sysconf(_SC_PAGESIZE));
  const Config& config = ctx.store.config;
  w.section("Memory");
  w.field("used_memory", used);
  w.field("used_memory_human", bytes_to_human(used));
  w.field("used_memory_rss", rss);
  w.field("used_memory_rss_human", bytes_to_human(rss));
  w.field("used_memory_peak", stats.used_memory_peak);
  w.field("used_memory_peak_human", bytes_to_human(stats.used_memory_peak));
  w.field("used_memory_peak_perc", percent(static_cast<double>(used), static_cast<double>(stats.used_memory_peak)));
  w.field("used_memory_overhead", overhead);
  w.field("used_memory_startup", startup);
  w.field("used_memory_dataset", dataset);
  w.field("used_memory_dataset_perc", percent(static_cast<double>(dataset), static_cast<double>(net)));
  // glibc reports no resident size of its own: its active bytes stand in.
  w.field("allocator_allocated", used);
  w.field("allocator_active", active);
  w.field("allocator_resident", active);
  w.field("total_system_memory", system);
  w.field("total_system_memory_human", bytes_to_human(system));
  // No Lua and no functions: their engines take no memory at all.
  for (std::string_view name : {"used_memory_lua", "used_memory_vm_eval"}) w.field(name, 0);
  w.field("used_memory_lua_human", "0B");
  for (std::string_view name : {"used_memory_scripts_eval", "number_of_cached_scripts", "number_of_functions",
                                "number_of_libraries", "used_memory_vm_functions", "used_memory_vm_total"})
    w.field(name, 0);
  w.field("used_memory_vm_total_human", "0B");
  w.field("used_memory_functions", 0);
  w.field("used_memory_scripts", 0);
  w.field("used_memory_scripts_human", "0B");
  w.field("maxmemory", config.maxmemory);
  w.field("maxmemory_human", bytes_to_human(config.maxmemory));
  w.field("maxmemory_policy", config.maxmemory_policy);
  w.field("allocator_frag_ratio", ratio(static_cast<double>(active), static_cast<double>(used)));
  w.field("allocator_frag_bytes", difference(active, used));
  w.field("allocator_rss_ratio", "1.00");
  w.field("allocator_rss_bytes", 0);
  w.field("rss_overhead_ratio", ratio(static_cast<double>(rss), static_cast<double>(active)));
  w.field("rss_overhead_bytes", difference(rss, active));
  w.field("mem_fragmentation_ratio", ratio(static_cast<double>(rss), static_cast<double>(used)));
  w.field("mem_fragmentation_bytes", difference(rss, used));
  for (std::string_view name : {"mem_not_counted_for_evict", "mem_replication_backlog", "mem_total_replication_buffers",
                                "mem_clients_slaves"})
    w.field(name, 0);
  w.field("mem_clients_normal", clients);
  w.field("mem_cluster_links", 0);
  w.field("mem_aof_buffer", 0);
  w.field("mem_allocator", "libc");
  w.field("active_defrag_running", 0);
  w.field("lazyfree_pending_objects", ctx.store.lazy_free.pending());
  w.field("lazyfreed_objects", ctx.store.lazy_free.freed());
}

void info_stats(Context& ctx, InfoWriter& w) {
  const Stats& stats = ctx.store.stats;
  const auto zeros = [&](std::initializer_list<std::string_view> names) {
    for (std::string_view name : names) w.field(name, 0);
  };
  const auto kbps = [](const InstantaneousMetric& m) { return fmt::format("{:.2f}", m.per_second() / 1024); };
  w.section("Stats");
  w.field("total_connections_received", stats.connections_received);
  w.field("total_commands_processed", stats.commands_processed);
  w.field("instantaneous_ops_per_sec", static_cast<long long>(stats.ops.per_second()));
  w.field("total_net_input_bytes", stats.net_input_bytes);
  w.field("total_net_output_bytes", stats.net_output_bytes);
  zeros({"total_net_repl_input_bytes", "total_net_repl_output_bytes"});
  w.field("instantaneous_input_kbps", kbps(stats.net_input));
  w.field("instantaneous_output_kbps", kbps(stats.net_output));
  w.field("instantaneous_input_repl_kbps", "0.00");
  w.field("instantaneous_output_repl_kbps", "0.00");
  w.field("rejected_connections", stats.rejected_connections);
  zeros({"sync_full", "sync_partial_ok", "sync_partial_err"});
  w.field("expired_keys", ctx.db().expired_keys());
  // The active cycle pops due keys off a heap: none is ever stale, and it
  // stops on its time budget only with due keys left.
  w.field("expired_stale_perc", "0.00");
  w.field("expired_time_cap_reached_count", stats.expire_cycles_capped);
  w.field("expire_cycle_cpu_milliseconds", stats.expire_cycle_time_us / 1000);
  zeros({"evicted_keys", "evicted_clients", "total_eviction_exceeded_time", "current_eviction_exceeded_time"});
  w.field("keyspace_hits", stats.keyspace_hits);
  w.field("keyspace_misses", stats.keyspace_misses);
  // Nothing below exists in the store yet (pub/sub, forks, defrag,
  // tracking, replication): Redis's values for a server that has none.
  w.field("pubsub_channels", ctx.store.pubsub.count(SubscriptionKind::channel));
  w.field("pubsub_patterns", ctx.store.pubsub.count(SubscriptionKind::pattern));
  w.field("pubsubshard_channels", ctx.store.pubsub.count(SubscriptionKind::shard));
  w.field("latest_fork_usec", 0);
  zeros({"total_forks", "migrate_cached_sockets", "slave_expires_tracked_keys", "active_defrag_hits",
         "active_defrag_misses", "active_defrag_key_hits", "active_defrag_key_misses", "total_active_defrag_time",
         "current_active_defrag_time", "tracking_total_keys", "tracking_total_items", "tracking_total_prefixes",
         "unexpected_error_replies"});
  w.field("total_error_replies", stats.error_replies);
  w.field("dump_payload_sanitizations", 0);
  w.field("total_reads_processed", stats.reads_processed);
  w.field("total_writes_processed", stats.writes_processed);
  zeros({"io_threaded_reads_processed", "io_threaded_writes_processed", "reply_buffer_shrinks", "reply_buffer_expands"});
  // not_redis's own: the active-expiry cycle has no sampling, so these say
  // how often it ran and its longest run.
  w.field("expire_cycles", stats.expire_cycles);
  w.field("expire_cycle_max_tick_us", stats.expire_cycle_max_us);
}

// Nothing is ever saved or loaded: Redis's fields, with the values of a
// server that has persistence off (the last save is the start, as in Redis).
void info_persistence(Context& ctx, InfoWriter& w) {
  w.section("Persistence");
  for (std::string_view zero : {"loading", "async_loading", "current_cow_peak", "current_cow_size",
                                "current_cow_size_age"})
    w.field(zero, 0);
  w.field("current_fork_perc", "0.00");
  for (std::string_view zero : {"current_save_keys_processed", "current_save_keys_total", "rdb_changes_since_last_save",
                                "rdb_bgsave_in_progress"})
    w.field(zero, 0);
  w.field("rdb_last_save_time", ctx.store.start_time_us / 1'000'000);
  w.field("rdb_last_bgsave_status", "ok");
  w.field("rdb_last_bgsave_time_sec", -1);
  w.field("rdb_current_bgsave_time_sec", -1);
  for (std::string_view zero : {"rdb_saves", "rdb_last_cow_size", "rdb_last_load_keys_expired",
                                "rdb_last_load_keys_loaded", "aof_enabled", "aof_rewrite_in_progress",
                                "aof_rewrite_scheduled"})
    w.field(zero, 0);
  w.field("aof_last_rewrite_time_sec", -1);
  w.field("aof_current_rewrite_time_sec", -1);
  w.field("aof_last_bgrewrite_status", "ok");
  w.field("aof_rewrites", 0);
  w.field("aof_rewrites_consecutive_failures", 0);
  w.field("aof_last_write_status", "ok");
  w.field("aof_last_cow_size", 0);
  w.field("module_fork_in_progress", 0);
  w.field("module_fork_last_cow_size", 0);
}

// A lone master, as Redis reports itself with no replicas.
void info_replication(Context& ctx, InfoWriter& w) {
  const std::string& id = random_hex_id(ctx.store, ctx.store.replication_id);
  w.section("Replication");
  w.field("role", "master");
  w.field("connected_slaves", 0);
  w.field("master_failover_state", "no-failover");
  w.field("master_replid", id);
  w.field("master_replid2", std::string(40, '0'));
  w.field("master_repl_offset", 0);
  w.field("second_repl_offset", -1);
  w.field("repl_backlog_active", 0);
  w.field("repl_backlog_size", 1048576);
  w.field("repl_backlog_first_byte_offset", 0);
  w.field("repl_backlog_histlen", 0);
}

std::string seconds(const timeval& t) { return fmt::format("{}.{:06}", t.tv_sec, t.tv_usec); }

// The process's CPU time, as Redis reports its own: embedded, that is the
// host program's; the main thread is the store's loop thread (INFO runs on it).
void info_cpu(Context&, InfoWriter& w) {
  rusage self{}, children{}, loop{};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  getrusage(RUSAGE_THREAD, &loop);
  w.section("CPU");
  w.field("used_cpu_sys", seconds(self.ru_stime));
  w.field("used_cpu_user", seconds(self.ru_utime));
  w.field("used_cpu_sys_children", seconds(children.ru_stime));
  w.field("used_cpu_user_children", seconds(children.ru_utime));
  w.field("used_cpu_sys_main_thread", seconds(loop.ru_stime));
  w.field("used_cpu_user_main_thread", seconds(loop.ru_utime));
}

void info_modules(Context&, InfoWriter& w) { w.section("Modules"); }

void info_cluster(Context&, InfoWriter& w) {
  w.section("Cluster");
  w.field("cluster_enabled", 0);
}

// Redis's latency-tracking-info-percentiles default.
constexpr std::array<std::pair<double, std::string_view>, 3> kLatencyPercentiles = {
    {{50.0, "p50"}, {99.0, "p99"}, {99.9, "p99.9"}}};

void info_latencystats(Context& ctx, InfoWriter& w) {
  const auto& stats = ctx.store.stats.commands;
  const auto write = [&](const CommandSpec& spec) {
    const auto it = stats.find(&spec);
    if (it == stats.end() || it->second.latency.total() == 0) return;
    std::string value;
    for (const auto& [percentile, label] : kLatencyPercentiles)
      fmt::format_to(std::back_inserter(value), "{}{}={:.3f}", value.empty() ? "" : ",", label,
                     static_cast<double>(it->second.latency.value_at_percentile(percentile)) / 1000.0);
    w.field(fmt::format("latency_percentiles_usec_{}", spec.name), value);
  };
  w.section("Latencystats");
  for (const CommandSpec* spec : CommandTable::instance().all()) {
    write(*spec);
    for (const CommandSpec& sub : spec->subcommands) write(sub);
  }
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
    {"persistence", &info_persistence, true},
    {"stats", &info_stats, true},
    {"replication", &info_replication, true},
    {"cpu", &info_cpu, true},
    {"modules", &info_modules, true},
    {"commandstats", &info_commandstats, false},
    {"errorstats", &info_errorstats, true},
    {"latencystats", &info_latencystats, false},
    {"cluster", &info_cluster, true},
    {"keyspace", &info_keyspace, true},
};

// ---------------------------------------------------------------------------
// Command handlers.

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

// ---------------------------------------------------------------------------
// The family's rows.

constexpr CommandSpec kCommands[] = {
    {"info", -1, kLoading | kStale | kSentinel, 0, 0, 0, &info, "@slow @dangerous"},
};

} // namespace

std::span<const CommandSpec> info_commands() { return kCommands; }

} // namespace not_redis::detail
