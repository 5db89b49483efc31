// HyperLogLog: PFADD, PFCOUNT, PFMERGE (and PFDEBUG, PFSELFTEST) on string
// values in Redis's own representation (hyperloglog.c); the algorithms are
// in lib/db/hyperloglog.

#include "db/hyperloglog.hpp"
#include "families/family.hpp"

namespace not_redis::detail {

namespace {

constexpr std::string_view kNotHll = "WRONGTYPE Key is not a valid HyperLogLog string value.";
constexpr std::string_view kCorrupt = "INVALIDOBJ Corrupted HLL object detected";

Value not_hll() { return error_reply(kNotHll); }
Value corrupt() { return error_reply(kCorrupt); }

std::size_t sparse_max_bytes(const Context& ctx) {
  return static_cast<std::size_t>(ctx.store.config.hll_sparse_max_bytes);
}

/// The bytes of a string value.
std::string_view bytes_of(const Entry& entry, char (&scratch)[24]) { return entry.second.string_view(scratch); }

/// Redis's isHLLObjectOrReply for a found key: nullopt if it holds an HLL,
/// else the error reply (another type, or a string that is not an HLL).
std::optional<Value> check_hll(const Lookup& found) {
  if (found.wrong_type) return wrong_type();
  char scratch[24];
  if (!hll::is_hll(bytes_of(*found.entry, scratch))) return not_hll();
  return std::nullopt;
}

// PFADD key [element [element ...]]
Outcome pfadd(Context& ctx) {
  const std::string_view key = ctx.argv[1];
  Lookup found = lookup_write(ctx, key, ObjectType::string);
  const bool created = !found.entry;
  bool updated = created;
  if (created) {
    found.entry = &ctx.db().set(key, hll::make_empty(), "pfadd");
  } else if (auto error = check_hll(found)) {
    return *error;
  }
  Object& value = found.entry->second;
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    switch (hll::add(value, ctx.argv[i], sparse_max_bytes(ctx))) {
    case hll::Update::changed: updated = true; break;
    case hll::Update::unchanged: break;
    case hll::Update::corrupt: return corrupt();  // what changed before stays, unreported, as in Redis
    }
  }
  // Unshared even when nothing changed, as Redis's dbUnshareStringValue
  // (OBJECT ENCODING turns "raw").
  char* bytes = value.mutable_string(value.string_size());
  if (updated) {
    hll::invalidate_cache(bytes);
    if (!created) ctx.db().modified(*found.entry, "pfadd");
  }
  return Value::integer(updated ? 1 : 0);
}

// PFCOUNT key [key ...]
Outcome pfcount(Context& ctx) {
  if (ctx.argv.size() > 2) {
    // The union of several keys: merged into one register per byte, the
    // keys themselves left as they are (no cache is read or written).
    hll::Registers registers{};
    for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
      const Lookup found = lookup_read(ctx, ctx.argv[i], ObjectType::string);
      if (!found.entry) continue;
      if (auto error = check_hll(found)) return *error;
      char scratch[24];
      if (!hll::merge_into(registers, bytes_of(*found.entry, scratch))) return corrupt();
    }
    return Value::integer(static_cast<long long>(hll::count(registers)));
  }
  const Lookup found = lookup_read(ctx, ctx.argv[1], ObjectType::string);
  if (!found.entry) return Value::integer(0);
  if (auto error = check_hll(found)) return *error;
  Object& value = found.entry->second;
  char* bytes = value.mutable_string(value.string_size());
  const std::string_view view(bytes, value.string_size());
  if (const auto cached = hll::cached_cardinality(view)) return Value::integer(static_cast<long long>(*cached));
  const auto counted = hll::count(view);
  if (!counted) return corrupt();
  hll::store_cardinality(bytes, *counted);
  // The value changed, so WATCH must see it (Redis's signalModifiedKey), but
  // Redis sends no keyspace notification for it: an event without a name.
  ctx.db().modified(*found.entry, "");
  return Value::integer(static_cast<long long>(*counted));
}

// PFMERGE destkey [sourcekey [sourcekey ...]]
Outcome pfmerge(Context& ctx) {
  hll::Registers registers{};
  bool any_dense = false;
  // The destination is a source too (argv[1] on).
  for (std::size_t i = 1; i < ctx.argv.size(); ++i) {
    const Lookup found = lookup_read(ctx, ctx.argv[i], ObjectType::string);
    if (!found.entry) continue;
    if (auto error = check_hll(found)) return *error;
    char scratch[24];
    const std::string_view bytes = bytes_of(*found.entry, scratch);
    any_dense |= hll::encoding_of(bytes) == hll::Encoding::dense;
    if (!hll::merge_into(registers, bytes)) return corrupt();
  }
  const std::string_view key = ctx.argv[1];
  Entry* entry = ctx.db().find(key);
  const bool created = !entry;
  if (created) entry = &ctx.db().set(key, hll::make_empty(), "pfadd");
  Object& value = entry->second;
  // Redis makes the destination dense only when a source was.
  if (any_dense && !hll::to_dense(value)) return corrupt();
  for (std::size_t i = 0; i < hll::kRegisters; ++i) {
    if (registers[i]) hll::raise_register(value, static_cast<std::uint32_t>(i), registers[i], sparse_max_bytes(ctx));
  }
  hll::invalidate_cache(value.mutable_string(value.string_size()));
  // Redis reports a merge as "pfadd": in effect many elements were added.
  if (!created) ctx.db().modified(*entry, "pfadd");
  return Value::simple("OK");
}

// PFDEBUG <GETREG|DECODE|ENCODING|TODENSE> key
Outcome pfdebug(Context& ctx) {
  const std::string_view sub = ctx.argv[1];
  const Lookup found = lookup_write(ctx, ctx.argv[2], ObjectType::string);
  if (!found.entry) return error_reply("ERR The specified key does not exist");
  if (auto error = check_hll(found)) return *error;
  Object& value = found.entry->second;
  value.mutable_string(value.string_size());  // unshared, as Redis's dbUnshareStringValue
  char scratch[24];
  const hll::Encoding encoding = hll::encoding_of(bytes_of(*found.entry, scratch));
  // GETREG and TODENSE rewrite a sparse value as dense without reporting it
  // (Redis counts it dirty for replication only; WATCH does not see it).
  if (iequals(sub, "getreg")) {
    if (encoding == hll::Encoding::sparse && !hll::to_dense(value)) return corrupt();
    const std::string_view bytes = bytes_of(*found.entry, scratch);
    Value::Array registers;
    registers.reserve(hll::kRegisters);
    for (std::size_t i = 0; i < hll::kRegisters; ++i) registers.push_back(Value::integer(hll::dense_register(bytes, i)));
    return Value::array(std::move(registers));
  }
  if (iequals(sub, "decode")) {
    if (encoding != hll::Encoding::sparse) return error_reply("ERR HLL encoding is not sparse");
    return Value::bulk(hll::decode_sparse(bytes_of(*found.entry, scratch)));
  }
  if (iequals(sub, "encoding")) return Value::simple(encoding == hll::Encoding::dense ? "dense" : "sparse");
  if (iequals(sub, "todense")) {
    if (encoding == hll::Encoding::dense) return Value::integer(0);
    if (!hll::to_dense(value)) return corrupt();
    return Value::integer(1);
  }
  return error_reply(fmt::format("ERR Unknown PFDEBUG subcommand '{}'", error_arg(sub)));
}

// PFSELFTEST
Outcome pfselftest(Context& ctx) {
  if (auto failure = hll::self_test(ctx.store.rng(), sparse_max_bytes(ctx))) return error_reply(*failure);
  return Value::simple("OK");
}

constexpr CommandSpec kCommands[] = {
    {"pfadd", -2, kWrite | kDenyOom | kFast, 1, 1, 1, &pfadd, "@write @hyperloglog @fast"},
    {"pfcount", -2, kReadonly, 1, -1, 1, &pfcount, "@read @hyperloglog @slow"},
    {"pfmerge", -2, kWrite | kDenyOom, 1, -1, 1, &pfmerge, "@write @hyperloglog @slow"},
    {"pfdebug", 3, kWrite | kDenyOom | kAdmin, 2, 2, 1, &pfdebug, "@write @hyperloglog @admin @slow @dangerous"},
    {"pfselftest", 1, kAdmin, 0, 0, 0, &pfselftest, "@hyperloglog @admin @slow @dangerous"},
};

} // namespace

std::span<const CommandSpec> hyperloglog_commands() { return kCommands; }

} // namespace not_redis::detail
