// Consumer groups and introspection: XGROUP, XACK, XPENDING, XCLAIM,
// XAUTOCLAIM and XINFO (t_stream.c). Group changes are notices, not
// modifications, as in Redis: WATCH does not see them, notifications and
// blocked readers do. XREADGROUP is in stream_read.cpp.

#include <algorithm>
#include <climits>
#include <string>
#include <vector>

#include "families/stream_family.hpp"

namespace not_redis::detail {

namespace {

Value invalid_id() { return error_reply(kInvalidStreamId); }

Value no_group(std::string_view key, std::string_view group) {
  return error_reply(fmt::format("NOGROUP No such key '{}' or consumer group '{}'", error_arg(key), error_arg(group)));
}

Value no_group_for_key(std::string_view group, std::string_view key) {
  return error_reply(
      fmt::format("NOGROUP No such consumer group '{}' for key name '{}'", error_arg(group), error_arg(key)));
}

/// An XRANGE-style bound, for XPENDING and XAUTOCLAIM.
std::optional<StreamId> interval_id(std::string_view arg, std::uint64_t missing_seq, bool& exclusive) {
  exclusive = arg.size() > 1 && arg[0] == '(';
  if (exclusive) return parse_stream_id(arg.substr(1), missing_seq, true);
  return parse_stream_id(arg, missing_seq, false);
}

/// Drops the pending entry `it` from the group's and its consumer's PELs.
void forget_pending(StreamGroup& group, std::map<StreamId, PendingEntry>::iterator it) {
  if (it->second.consumer) it->second.consumer->pending.erase(it->first);
  group.pending.erase(it);
}

/// Moves a pending entry to `consumer` (XCLAIM, XAUTOCLAIM).
void give_to(PendingEntry& pending, StreamId id, StreamConsumer& consumer) {
  if (pending.consumer == &consumer) return;
  if (pending.consumer) pending.consumer->pending.erase(id);
  consumer.pending.insert(id);
  pending.consumer = &consumer;
}

Value claimed_reply(const Stream& s, StreamId id) {
  const auto entry = s.find(id);
  return entry ? entry_reply(*entry) : Value{};
}

// --- XGROUP ---------------------------------------------------------------------------------

/// What every XGROUP subcommand but HELP checks first, in Redis's order.
struct XgroupTarget {
  Entry* entry = nullptr;
  StreamGroup* group = nullptr;
};

std::optional<Value> xgroup_target(Context& ctx, bool mkstream, bool needs_group, XgroupTarget& out) {
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[2], ObjectType::stream);
  if (wrong) return wrong_type();
  out.entry = entry;
  if (mkstream) return std::nullopt;
  if (!entry)
    return error_reply(
        "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM "
        "option to create an empty stream automatically.");
  out.group = stream_of(*entry).find_group(ctx.argv[3]);
  if (!out.group && needs_group) return no_group_for_key(ctx.argv[3], ctx.argv[2]);
  return std::nullopt;
}

std::optional<long long> entries_read_arg(const Context& ctx, std::size_t i, Value& error) {
  const auto n = integer_arg(ctx, i);
  if (!n) {
    error = not_integer();
    return std::nullopt;
  }
  if (*n < 0 && *n != StreamGroup::kEntriesReadUnknown) {
    error = error_reply("ERR value for ENTRIESREAD must be positive or -1");
    return std::nullopt;
  }
  return n;
}

// XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD entries-read]
Outcome xgroup_create(Context& ctx) {
  bool mkstream = false;
  long long entries_read = StreamGroup::kEntriesReadUnknown;
  if (ctx.argv.size() > 8) return subcommand_syntax_error(ctx, "XGROUP");
  for (std::size_t i = 5; i < ctx.argv.size(); ++i) {
    if (iequals(ctx.argv[i], "mkstream")) {
      mkstream = true;
    } else if (iequals(ctx.argv[i], "entriesread") && i + 1 < ctx.argv.size()) {
      Value error;
      const auto n = entries_read_arg(ctx, ++i, error);
      if (!n) return error;
      entries_read = *n;
    } else {
      return subcommand_syntax_error(ctx, "XGROUP");
    }
  }
  XgroupTarget target;
  if (auto error = xgroup_target(ctx, mkstream, false, target)) return std::move(*error);
  StreamId id;
  if (ctx.argv[4] == "$") {
    id = target.entry ? stream_of(*target.entry).last_id() : StreamId{};
  } else {
    const auto parsed = parse_stream_id(ctx.argv[4], 0, true);
    if (!parsed) return invalid_id();
    id = *parsed;
  }
  Entry* entry = target.entry;
  if (!entry)
    entry = ctx.db().insert(ctx.argv[2], Object::aggregate(ObjectType::stream, std::make_unique<Stream>()), "xgroup-create")
                .first;
  auto& groups = stream_of(*entry).groups();
  if (groups.contains(ctx.argv[3])) return error_reply("BUSYGROUP Consumer Group name already exists");
  StreamGroup& group = groups[std::string(ctx.argv[3])];
  group.last_id = id;
  group.entries_read = entries_read;
  if (target.entry) ctx.db().notice("xgroup-create", ctx.argv[2]);
  return Value::ok();
}

// XGROUP SETID key group id|$ [ENTRIESREAD entries-read]: the option is
// checked before the key, as CREATE's are.
Outcome xgroup_setid(Context& ctx) {
  if (ctx.argv.size() != 5 && ctx.argv.size() != 7) return subcommand_syntax_error(ctx, "XGROUP");
  long long entries_read = StreamGroup::kEntriesReadUnknown;
  if (ctx.argv.size() == 7) {
    if (!iequals(ctx.argv[5], "entriesread")) return subcommand_syntax_error(ctx, "XGROUP");
    Value error;
    const auto n = entries_read_arg(ctx, 6, error);
    if (!n) return error;
    entries_read = *n;
  }
  XgroupTarget target;
  if (auto error = xgroup_target(ctx, false, true, target)) return std::move(*error);
  Stream& s = stream_of(*target.entry);
  StreamId id;
  if (ctx.argv[4] == "$") {
    id = s.last_id();
  } else {
    const auto parsed = parse_stream_id(ctx.argv[4], 0, false);
    if (!parsed) return invalid_id();
    id = *parsed;
  }
  target.group->last_id = id;
  target.group->entries_read = entries_read;
  ctx.db().notice("xgroup-setid", ctx.argv[2]);
  return Value::ok();
}

// XGROUP DESTROY key group: waiting XREADGROUPs on it get NOGROUP.
Outcome xgroup_destroy(Context& ctx) {
  XgroupTarget target;
  if (auto error = xgroup_target(ctx, false, false, target)) return std::move(*error);
  if (!target.group) return Value::integer(0);
  auto& groups = stream_of(*target.entry).groups();
  groups.erase(groups.find(ctx.argv[3]));
  ctx.db().notice("xgroup-destroy", ctx.argv[2]);
  return Value::integer(1);
}

// XGROUP CREATECONSUMER key group consumer
Outcome xgroup_createconsumer(Context& ctx) {
  XgroupTarget target;
  if (auto error = xgroup_target(ctx, false, true, target)) return std::move(*error);
  bool created = false;
  target.group->consumer(ctx.argv[4], ctx.now_ms(), &created);
  if (created) ctx.db().notice("xgroup-createconsumer", ctx.argv[2]);
  return Value::integer(created ? 1 : 0);
}

// XGROUP DELCONSUMER key group consumer: how many pending entries it had.
Outcome xgroup_delconsumer(Context& ctx) {
  XgroupTarget target;
  if (auto error = xgroup_target(ctx, false, true, target)) return std::move(*error);
  if (!target.group->find_consumer(ctx.argv[4])) return Value::integer(0);
  const std::size_t pending = target.group->delete_consumer(ctx.argv[4]);
  ctx.db().notice("xgroup-delconsumer", ctx.argv[2]);
  return Value::integer(static_cast<long long>(pending));
}

Outcome xgroup_help(Context&) {
  return help_reply("XGROUP",
                    {"CREATE <key> <groupname> <id|$> [option]",
                     "    Create a new consumer group. Options are:",
                     "    * MKSTREAM",
                     "      Create the empty stream if it does not exist.",
                     "    * ENTRIESREAD entries_read",
                     "      Set the group's entries_read counter (internal use).",
                     "CREATECONSUMER <key> <groupname> <consumer>",
                     "    Create a new consumer in the specified group.",
                     "DELCONSUMER <key> <groupname> <consumer>",
                     "    Remove the specified consumer.",
                     "DESTROY <key> <groupname>",
                     "    Remove the specified group.",
                     "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
                     "    Set the current group ID and entries_read counter."});
}

// --- XACK, XPENDING ---------------------------------------------------------------------------

// XACK key group id [id ...]: a missing key or group acknowledges nothing.
Outcome xack(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::stream);
  if (wrong) return wrong_type();
  StreamGroup* group = entry ? stream_of(*entry).find_group(ctx.argv[2]) : nullptr;
  if (!group) return Value::integer(0);
  std::vector<StreamId> ids;
  for (std::size_t i = 3; i < ctx.argv.size(); ++i) {
    const auto id = parse_stream_id(ctx.argv[i], 0, true);
    if (!id) return invalid_id();
    ids.push_back(*id);
  }
  long long acknowledged = 0;
  for (const StreamId& id : ids) {
    const auto it = group->pending.find(id);
    if (it == group->pending.end()) continue;
    forget_pending(*group, it);
    ++acknowledged;
  }
  return Value::integer(acknowledged);
}

// XPENDING key group [[IDLE min-idle-time] start end count [consumer]]
Outcome xpending(Context& ctx) {
  const Argv& argv = ctx.argv;
  const bool summary = argv.size() == 3;
  if (!summary && (argv.size() < 6 || argv.size() > 9)) return syntax_error();
  StreamId start, end;
  long long count = 0;
  long long min_idle = 0;
  std::optional<std::string_view> consumer_name;
  if (!summary) {
    std::size_t at = 3;
    if (iequals(argv[3], "idle")) {
      const auto idle = integer_arg(ctx, 4);
      if (!idle) return not_integer();
      min_idle = *idle;
      if (argv.size() < 8) return syntax_error();
      at += 2;
    }
    const auto n = integer_arg(ctx, at + 2);
    if (!n) return not_integer();
    count = std::max(*n, 0LL);
    bool ex = false;
    auto s = interval_id(argv[at], 0, ex);
    if (!s) return invalid_id();
    if (ex && !(s = s->next())) return error_reply("ERR invalid start ID for the interval");
    auto e = interval_id(argv[at + 1], UINT64_MAX, ex);
    if (!e) return invalid_id();
    if (ex && !(e = e->prev())) return error_reply("ERR invalid end ID for the interval");
    start = *s;
    end = *e;
    if (at + 3 < argv.size()) consumer_name = argv[at + 3];
  }
  auto [entry, wrong] = lookup_read(ctx, argv[1], ObjectType::stream);
  if (wrong) return wrong_type();
  StreamGroup* group = entry ? stream_of(*entry).find_group(argv[2]) : nullptr;
  if (!group) return no_group(argv[1], argv[2]);

  if (summary) {
    if (group->pending.empty())
      return Value::array({Value::integer(0), Value{}, Value{}, Value::null_array()});
    Value::Array consumers;
    for (const auto& [name, consumer] : group->consumers) {
      if (consumer->pending.empty()) continue;
      consumers.push_back(
          Value::array({Value::bulk(name), Value::bulk(std::to_string(consumer->pending.size()))}));
    }
    return Value::array({Value::integer(static_cast<long long>(group->pending.size())),
                         Value::bulk(group->pending.begin()->first.to_string()),
                         Value::bulk(group->pending.rbegin()->first.to_string()), Value::array(std::move(consumers))});
  }
  StreamConsumer* only = nullptr;
  if (consumer_name) {
    only = group->find_consumer(*consumer_name);
    if (!only) return Value::array();
  }
  const std::int64_t now = ctx.now_ms();
  Value::Array out;
  const auto emit = [&](StreamId id, const PendingEntry& pending) {
    if (min_idle && now - pending.delivery_time_ms < min_idle) return;
    out.push_back(Value::array({Value::bulk(id.to_string()), Value::bulk(pending.consumer->name),
                                Value::integer(std::max<std::int64_t>(0, now - pending.delivery_time_ms)),
                                Value::integer(static_cast<long long>(pending.delivery_count))}));
    --count;
  };
  if (only) {
    for (auto it = only->pending.lower_bound(start); count && it != only->pending.end() && *it <= end; ++it)
      emit(*it, group->pending.at(*it));
  } else {
    for (auto it = group->pending.lower_bound(start); count && it != group->pending.end() && it->first <= end; ++it)
      emit(it->first, it->second);
  }
  return Value::array(std::move(out));
}

// --- XCLAIM, XAUTOCLAIM ------------------------------------------------------------------------

// XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-ms] [RETRYCOUNT count] [FORCE]
//        [JUSTID] [LASTID id]
Outcome xclaim(Context& ctx) {
  const Argv& argv = ctx.argv;
  auto [entry, wrong] = lookup_read(ctx, argv[1], ObjectType::stream);
  if (wrong) return wrong_type();
  StreamGroup* group = entry ? stream_of(*entry).find_group(argv[2]) : nullptr;
  if (!group) return no_group(argv[1], argv[2]);
  const auto min_idle_arg = integer_arg(ctx, 4);
  if (!min_idle_arg) return error_reply("ERR Invalid min-idle-time argument for XCLAIM");
  const long long min_idle = std::max(*min_idle_arg, 0LL);
  // The ids run until the first argument that is not one: the options follow.
  std::vector<StreamId> ids;
  std::size_t j = 5;
  for (; j < argv.size(); ++j) {
    const auto id = parse_stream_id(argv[j], 0, true);
    if (!id) break;
    ids.push_back(*id);
  }
  const std::int64_t now = ctx.now_ms();
  long long retry_count = -1;
  long long delivery_time = -1;
  bool force = false;
  bool justid = false;
  StreamId last_id;
  for (; j < argv.size(); ++j) {
    const bool more = j + 1 < argv.size();
    const std::string_view opt = argv[j];
    if (iequals(opt, "force")) {
      force = true;
    } else if (iequals(opt, "justid")) {
      justid = true;
    } else if (iequals(opt, "idle") && more) {
      const auto idle = integer_arg(ctx, ++j);
      if (!idle) return error_reply("ERR Invalid IDLE option argument for XCLAIM");
      delivery_time = now - *idle;
    } else if (iequals(opt, "time") && more) {
      const auto time = integer_arg(ctx, ++j);
      if (!time) return error_reply("ERR Invalid TIME option argument for XCLAIM");
      delivery_time = *time;
    } else if (iequals(opt, "retrycount") && more) {
      const auto n = integer_arg(ctx, ++j);
      if (!n) return error_reply("ERR Invalid RETRYCOUNT option argument for XCLAIM");
      retry_count = *n;
    } else if (iequals(opt, "lastid") && more) {
      const auto id = parse_stream_id(argv[++j], 0, true);
      if (!id) return invalid_id();
      last_id = *id;
    } else {
      return error_reply(fmt::format("ERR Unrecognized XCLAIM option '{}'", error_arg(opt)));
    }
  }
  if (last_id > group->last_id) group->last_id = last_id;
  // A time in the future, or before the epoch, is taken as now, as Redis does.
  if (delivery_time < 0 || delivery_time > now) delivery_time = now;

  Stream& s = stream_of(*entry);
  StreamConsumer* consumer = nullptr;
  Value::Array out;
  for (const StreamId& id : ids) {
    auto it = group->pending.find(id);
    if (!s.find(id)) {
      if (it != group->pending.end()) forget_pending(*group, it);  // deleted from the stream: gone from the PEL
      continue;
    }
    if (force && it == group->pending.end()) it = group->pending.emplace(id, PendingEntry{now, 1, nullptr}).first;
    if (it == group->pending.end()) continue;
    PendingEntry& pending = it->second;
    if (pending.consumer && min_idle && now - pending.delivery_time_ms < min_idle) continue;
    if (!consumer) consumer = &seen_consumer(ctx, argv[1], *group, argv[3]);
    pending.delivery_time_ms = delivery_time;
    if (retry_count >= 0) pending.delivery_count = static_cast<std::uint64_t>(retry_count);
    else if (!justid) ++pending.delivery_count;
    give_to(pending, id, *consumer);
    out.push_back(justid ? Value::bulk(id.to_string()) : claimed_reply(s, id));
  }
  return Value::array(std::move(out));
}

// XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]: 7.0's
// reply, [next cursor, claimed, ids deleted from the stream].
Outcome xautoclaim(Context& ctx) {
  // Unlike XCLAIM, every argument is checked before the key.
  const Argv& argv = ctx.argv;
  const auto min_idle_arg = integer_arg(ctx, 4);
  if (!min_idle_arg) return error_reply("ERR Invalid min-idle-time argument for XAUTOCLAIM");
  const long long min_idle = std::max(*min_idle_arg, 0LL);
  bool ex = false;
  auto start = interval_id(argv[5], 0, ex);
  if (!start) return invalid_id();
  if (ex && !(start = start->next())) return error_reply("ERR invalid start ID for the interval");
  // Redis caps COUNT so that its work (ten attempts per entry) fits a long.
  constexpr long long kAttemptsPerEntry = 10;
  constexpr long long kMaxCount = LONG_MAX / 16;
  long long count = 100;
  bool justid = false;
  for (std::size_t j = 6; j < argv.size(); ++j) {
    if (iequals(argv[j], "count") && j + 1 < argv.size()) {
      const auto n = integer_arg(ctx, ++j);
      if (!n || *n < 1 || *n > kMaxCount) return error_reply("ERR COUNT must be > 0");
      count = *n;
    } else if (iequals(argv[j], "justid")) {
      justid = true;
    } else {
      return syntax_error();
    }
  }
  auto [entry, wrong] = lookup_read(ctx, argv[1], ObjectType::stream);
  if (wrong) return wrong_type();
  StreamGroup* group = entry ? stream_of(*entry).find_group(argv[2]) : nullptr;
  if (!group) return no_group(argv[1], argv[2]);
  Stream& s = stream_of(*entry);
  const std::int64_t now = ctx.now_ms();
  long long attempts = count * kAttemptsPerEntry;
  StreamConsumer* consumer = nullptr;
  Value::Array claimed;
  Value::Array deleted;
  auto it = group->pending.lower_bound(*start);
  while (attempts-- && count && it != group->pending.end()) {
    const StreamId id = it->first;
    if (!s.find(id)) {
      auto next = std::next(it);
      forget_pending(*group, it);
      it = next;
      deleted.push_back(Value::bulk(id.to_string()));
      --count;  // COUNT bounds the reply, deleted ids included
      continue;
    }
    PendingEntry& pending = it->second;
    ++it;
    if (min_idle && now - pending.delivery_time_ms < min_idle) continue;
    if (!consumer) consumer = &seen_consumer(ctx, argv[1], *group, argv[3]);
    pending.delivery_time_ms = now;
    if (!justid) ++pending.delivery_count;
    give_to(pending, id, *consumer);
    claimed.push_back(justid ? Value::bulk(id.to_string()) : claimed_reply(s, id));
    --count;
  }
  const StreamId cursor = it == group->pending.end() ? StreamId{} : it->first;
  return Value::array({Value::bulk(cursor.to_string()), Value::array(std::move(claimed)), Value::array(std::move(deleted))});
}

// --- XINFO ---------------------------------------------------------------------------------------

Value optional_id_or_nil(const std::optional<StreamEntryView>& entry) { return entry ? entry_reply(*entry) : Value{}; }

Value lag_reply(const Stream& s, const StreamGroup& group) {
  const auto lag = s.lag(group);
  return lag ? Value::integer(*lag) : Value{};
}

Value entries_read_reply(const StreamGroup& group) {
  return group.entries_read == StreamGroup::kEntriesReadUnknown ? Value{} : Value::integer(group.entries_read);
}

/// Redis's radix tree keeps a node per distinct key prefix; not_redis has no
/// such tree: this is the count Redis's tree would have at least (one per
/// block, one root).
long long radix_tree_nodes(const Stream& s) { return static_cast<long long>(s.blocks()) + 1; }

/// The fields XINFO STREAM starts with, with and without FULL.
Value::Array stream_header(const Stream& s) {
  return {Value::bulk("length"), Value::integer(static_cast<long long>(s.size())),
          Value::bulk("radix-tree-keys"), Value::integer(static_cast<long long>(s.blocks())),
          Value::bulk("radix-tree-nodes"), Value::integer(radix_tree_nodes(s)),
          Value::bulk("last-generated-id"), Value::bulk(s.last_id().to_string()),
          Value::bulk("max-deleted-entry-id"), Value::bulk(s.max_deleted_id().to_string()),
          Value::bulk("entries-added"), Value::integer(static_cast<long long>(s.entries_added())),
          Value::bulk("recorded-first-entry-id"), Value::bulk(s.first_id().to_string())};
}

Value stream_info(const Stream& s) {
  Value::Array out = stream_header(s);
  std::optional<StreamEntryView> first;
  s.range(StreamId::min(), StreamId::max(), false, [&](const StreamEntryView& e) {
    first = e;
    return false;
  });
  for (Value& v : Value::Array{Value::bulk("groups"), Value::integer(static_cast<long long>(s.groups().size())),
                               Value::bulk("first-entry"), optional_id_or_nil(first), Value::bulk("last-entry"),
                               optional_id_or_nil(s.last_entry())})
    out.push_back(std::move(v));
  return Value::map(std::move(out));
}

Value stream_info_full(const Stream& s, long long count) {
  const auto limit = [&](std::size_t n) { return count == 0 || static_cast<long long>(n) < count; };
  Value::Array entries;
  s.range(StreamId::min(), StreamId::max(), false, [&](const StreamEntryView& e) {
    entries.push_back(entry_reply(e));
    return limit(entries.size());
  });
  Value::Array groups;
  for (const auto& [name, group] : s.groups()) {
    Value::Array pending;
    for (const auto& [id, p] : group.pending) {
      if (!limit(pending.size())) break;
      pending.push_back(Value::array({Value::bulk(id.to_string()), Value::bulk(p.consumer->name),
                                      Value::integer(p.delivery_time_ms),
                                      Value::integer(static_cast<long long>(p.delivery_count))}));
    }
    Value::Array consumers;
    for (const auto& [consumer_name, consumer] : group.consumers) {
      Value::Array own;
      for (const StreamId& id : consumer->pending) {
        if (!limit(own.size())) break;
        const PendingEntry& p = group.pending.at(id);
        own.push_back(Value::array({Value::bulk(id.to_string()), Value::integer(p.delivery_time_ms),
                                    Value::integer(static_cast<long long>(p.delivery_count))}));
      }
      consumers.push_back(Value::map({Value::bulk("name"), Value::bulk(consumer_name), Value::bulk("seen-time"),
                                      Value::integer(consumer->seen_time_ms), Value::bulk("pel-count"),
                                      Value::integer(static_cast<long long>(consumer->pending.size())),
                                      Value::bulk("pending"), Value::array(std::move(own))}));
    }
    groups.push_back(Value::map({Value::bulk("name"), Value::bulk(name), Value::bulk("last-delivered-id"),
                                 Value::bulk(group.last_id.to_string()), Value::bulk("entries-read"),
                                 entries_read_reply(group), Value::bulk("lag"), lag_reply(s, group),
                                 Value::bulk("pel-count"), Value::integer(static_cast<long long>(group.pending.size())),
                                 Value::bulk("pending"), Value::array(std::move(pending)), Value::bulk("consumers"),
                                 Value::array(std::move(consumers))}));
  }
  Value::Array out = stream_header(s);
  out.push_back(Value::bulk("entries"));
  out.push_back(Value::array(std::move(entries)));
  out.push_back(Value::bulk("groups"));
  out.push_back(Value::array(std::move(groups)));
  return Value::map(std::move(out));
}

/// The stream at argv[2] for XINFO: "ERR no such key" when missing.
std::optional<Value> info_target(Context& ctx, Entry*& out) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[2], ObjectType::stream);
  if (wrong) return wrong_type();
  if (!entry) return error_reply(errors::kNoSuchKey);
  out = entry;
  return std::nullopt;
}

// XINFO STREAM key [FULL [COUNT count]]: the key first, then the options.
Outcome xinfo_stream(Context& ctx) {
  const Argv& argv = ctx.argv;
  Entry* entry = nullptr;
  if (auto error = info_target(ctx, entry)) return std::move(*error);
  const std::size_t options = argv.size() - 3;
  long long count = 10;  // Redis's default, so that FULL cannot stall the server
  if (options != 0) {
    if (options != 1 && options != 3) return subcommand_syntax_error(ctx, "XINFO");
    if (!iequals(argv[3], "full")) return subcommand_syntax_error(ctx, "XINFO");
    if (options == 3) {
      if (!iequals(argv[4], "count")) return subcommand_syntax_error(ctx, "XINFO");
      const auto n = integer_arg(ctx, 5);
      if (!n) return not_integer();
      count = std::max(*n, 0LL);
    }
  }
  const Stream& s = stream_of(*entry);
  return options ? stream_info_full(s, count) : stream_info(s);
}

// XINFO GROUPS key
Outcome xinfo_groups(Context& ctx) {
  Entry* entry = nullptr;
  if (auto error = info_target(ctx, entry)) return std::move(*error);
  const Stream& s = stream_of(*entry);
  Value::Array out;
  for (const auto& [name, group] : s.groups())
    out.push_back(Value::map({Value::bulk("name"), Value::bulk(name), Value::bulk("consumers"),
                              Value::integer(static_cast<long long>(group.consumers.size())), Value::bulk("pending"),
                              Value::integer(static_cast<long long>(group.pending.size())),
                              Value::bulk("last-delivered-id"), Value::bulk(group.last_id.to_string()),
                              Value::bulk("entries-read"), entries_read_reply(group), Value::bulk("lag"),
                              lag_reply(s, group)}));
  return Value::array(std::move(out));
}

// XINFO CONSUMERS key group
Outcome xinfo_consumers(Context& ctx) {
  Entry* entry = nullptr;
  if (auto error = info_target(ctx, entry)) return std::move(*error);
  Stream& s = stream_of(*entry);
  StreamGroup* group = s.find_group(ctx.argv[3]);
  if (!group) return no_group_for_key(ctx.argv[3], ctx.argv[2]);
  Value::Array out;
  for (const auto& [name, consumer] : group->consumers)
    out.push_back(Value::map({Value::bulk("name"), Value::bulk(name), Value::bulk("pending"),
                              Value::integer(static_cast<long long>(consumer->pending.size())), Value::bulk("idle"),
                              Value::integer(std::max<std::int64_t>(0, ctx.now_ms() - consumer->seen_time_ms))}));
  return Value::array(std::move(out));
}

Outcome xinfo_help(Context&) {
  return help_reply("XINFO", {"CONSUMERS <key> <groupname>", "    Show consumers of <groupname>.", "GROUPS <key>",
                              "    Show the stream consumer groups.", "STREAM <key> [FULL [COUNT <count>]",
                              "    Show information about the stream."});
}

// --- the table -----------------------------------------------------------------------------

constexpr CommandSpec kXgroupSubcommands[] = {
    {"xgroup|create", -5, kWrite | kDenyOom, 2, 2, 1, &xgroup_create, "@write @stream @slow"},
    {"xgroup|createconsumer", 5, kWrite | kDenyOom, 2, 2, 1, &xgroup_createconsumer, "@write @stream @slow"},
    {"xgroup|delconsumer", 5, kWrite, 2, 2, 1, &xgroup_delconsumer, "@write @stream @slow"},
    {"xgroup|destroy", 4, kWrite, 2, 2, 1, &xgroup_destroy, "@write @stream @slow"},
    {"xgroup|help", 2, kLoading | kStale, 0, 0, 0, &xgroup_help, "@stream @slow"},
    {"xgroup|setid", -5, kWrite, 2, 2, 1, &xgroup_setid, "@write @stream @slow"},
};

constexpr CommandSpec kXinfoSubcommands[] = {
    {"xinfo|consumers", 4, kReadonly, 2, 2, 1, &xinfo_consumers, "@read @stream @slow"},
    {"xinfo|groups", 3, kReadonly, 2, 2, 1, &xinfo_groups, "@read @stream @slow"},
    {"xinfo|help", 2, kLoading | kStale, 0, 0, 0, &xinfo_help, "@stream @slow"},
    {"xinfo|stream", -3, kReadonly, 2, 2, 1, &xinfo_stream, "@read @stream @slow"},
};

constexpr CommandSpec kCommands[] = {
    {"xgroup", -2, 0, 0, 0, 0, nullptr, "@slow", kXgroupSubcommands},
    {"xack", -4, kWrite | kFast, 1, 1, 1, &xack, "@write @stream @fast"},
    {"xpending", -3, kReadonly, 1, 1, 1, &xpending, "@read @stream @slow"},
    {"xclaim", -6, kWrite | kFast, 1, 1, 1, &xclaim, "@write @stream @fast"},
    {"xautoclaim", -6, kWrite | kFast, 1, 1, 1, &xautoclaim, "@write @stream @fast"},
    {"xinfo", -2, 0, 0, 0, 0, nullptr, "@slow", kXinfoSubcommands},
};

} // namespace

std::span<const CommandSpec> stream_group_commands() { return kCommands; }

} // namespace not_redis::detail
