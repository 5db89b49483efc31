// DUMP and RESTORE in Redis 7.0's serialization (cluster.c's dumpCommand
// and restoreCommand; the format itself is in db/rdb_*.cpp).

#include <climits>

#include "db/rdb.hpp"
#include "families/family.hpp"

namespace not_redis::detail {

namespace {

// RESTORE's own error texts (cluster.c).
constexpr std::string_view kBusyKey = "BUSYKEY Target key name already exists.";
constexpr std::string_view kBadPayload = "ERR DUMP payload version or checksum are wrong";
constexpr std::string_view kBadData = "ERR Bad data format";
constexpr std::string_view kBadTtl = "ERR Invalid TTL value, must be >= 0";
constexpr std::string_view kBadIdletime = "ERR Invalid IDLETIME value, must be >= 0";
constexpr std::string_view kBadFreq = "ERR Invalid FREQ value, must be >= 0 and <= 255";

RdbLimits rdb_limits(const Context& ctx) noexcept {
  const Config& c = ctx.store.config;
  RdbLimits limits;
  limits.hash = {static_cast<std::size_t>(c.hash_max_listpack_entries), static_cast<std::size_t>(c.hash_max_listpack_value)};
  limits.zset = {static_cast<std::size_t>(c.zset_max_listpack_entries), static_cast<std::size_t>(c.zset_max_listpack_value)};
  limits.set_max_intset_entries = static_cast<std::size_t>(c.set_max_intset_entries);
  limits.stream = {static_cast<std::size_t>(c.stream_node_max_bytes), static_cast<std::size_t>(c.stream_node_max_entries)};
  limits.list_max_listpack_size = c.list_max_listpack_size;
  return limits;
}

// DUMP key
// A read like GET: it counts a hit or miss and records the access.
Outcome dump(Context& ctx) {
  const Entry* e = ctx.db().find(ctx.argv[1]);
  if (!e) {
    note_miss(ctx, ctx.argv[1]);
    return Value{};
  }
  ++ctx.store.stats.keyspace_hits;
  return Value::bulk(dump_payload(e->second, rdb_limits(ctx)));
}

// RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]
// Checked in Redis's order: options, the key's presence, the TTL, the
// payload's trailer, then its content.
Outcome restore(Context& ctx) {
  bool replace = false;
  bool absttl = false;
  std::optional<long long> idletime;
  std::optional<long long> freq;
  for (std::size_t i = 4; i < ctx.argv.size(); ++i) {
    const bool has_value = i + 1 < ctx.argv.size();
    if (iequals(ctx.argv[i], "replace")) {
      replace = true;
    } else if (iequals(ctx.argv[i], "absttl")) {
      absttl = true;
    } else if (iequals(ctx.argv[i], "idletime") && has_value && !freq) {
      idletime = integer_arg(ctx, ++i);
      if (!idletime) return not_integer();
      if (*idletime < 0) return error_reply(kBadIdletime);
    } else if (iequals(ctx.argv[i], "freq") && has_value && !idletime) {
      freq = integer_arg(ctx, ++i);
      if (!freq) return not_integer();
      if (*freq < 0 || *freq > 255) return error_reply(kBadFreq);
    } else {
      return syntax_error();
    }
  }
  const std::string_view key = ctx.argv[1];
  if (!replace && ctx.db().find(key)) return error_reply(kBusyKey);
  std::optional<long long> ttl = integer_arg(ctx, 2);
  if (!ttl) return not_integer();
  if (*ttl < 0) return error_reply(kBadTtl);
  const std::string_view payload = ctx.argv[3];
  if (!verify_dump_payload(payload)) return error_reply(kBadPayload);
  std::optional<Object> value = restore_payload(payload, rdb_limits(ctx));
  if (!value) return error_reply(kBadData);

  // A relative TTL counts from this command's time; Redis adds the two
  // without an overflow check, and so a huge TTL wraps into the past.
  std::int64_t deadline = 0;
  if (*ttl) {
    deadline = absttl ? *ttl : static_cast<std::int64_t>(static_cast<std::uint64_t>(*ttl) + static_cast<std::uint64_t>(ctx.now_ms()));
    if (deadline <= ctx.now_ms()) {
      // Already expired: the old value goes (reported as a DEL), nothing is made.
      if (replace) ctx.db().erase(key, "del");
      return Value::ok();
    }
  }
  // Redis deletes the replaced value without a notification of its own and
  // adds the restored one, so the key is "new" (class n) and then "restore".
  if (replace) ctx.db().erase(key, "");
  Entry& restored = ctx.db().set(key, std::move(*value), "restore");
  if (deadline) ctx.db().set_expiry(restored, deadline, "");
  // IDLETIME backdates the access time. FREQ sets an LFU counter, which
  // Redis keeps only under an LFU maxmemory-policy: under noeviction, the
  // only policy here, Redis accepts and ignores it, and so do we.
  if (idletime) {
    const long long now_s = ctx.db().now_seconds();
    restored.second.touch(static_cast<std::uint32_t>(std::max(now_s - std::min(*idletime, now_s), 0LL)));
  }
  return Value::ok();
}

// Rows as Redis 7.0 declares them (COMMAND INFO). RESTORE-ASKING's "asking"
// flag only matters to a cluster, which a store is not.
constexpr CommandSpec kCommands[] = {
    {"dump", 2, kReadonly, 1, 1, 1, &dump, "@keyspace @read @slow"},
    {"restore", -4, kWrite | kDenyOom, 1, 1, 1, &restore, "@keyspace @write @slow @dangerous"},
    {"restore-asking", -4, kWrite | kDenyOom, 1, 1, 1, &restore, "@keyspace @write @slow @dangerous"},
};

} // namespace

std::span<const CommandSpec> dump_commands() { return kCommands; }

} // namespace not_redis::detail
