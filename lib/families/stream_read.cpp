// XREAD and XREADGROUP, blocking included (t_stream.c's xreadCommand and
// blocked.c's serveClientsBlockedOnStreamKey). A blocked call is re-run by
// the engine when a key it waits on changes: CallMode::reprocessing then
// selects what Redis does when it serves a blocked reader.

#include <climits>
#include <memory>
#include <string>
#include <vector>

#include "families/stream_family.hpp"

namespace not_redis::detail {

namespace {

constexpr StreamId kNewEntries = StreamId::max();  // ">": what the group has not delivered yet

struct ReadArgs {
  long long count = 0;  ///< 0: no limit
  std::optional<long long> block_ms;
  std::size_t streams_at = 0;
  std::size_t nkeys = 0;
  std::optional<std::string_view> group;
  std::string_view consumer;
  bool noack = false;
};

std::optional<ReadArgs> parse_read_args(const Context& ctx, bool xreadgroup, Value& error) {
  const Argv& argv = ctx.argv;
  ReadArgs args;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::size_t more = argv.size() - 1 - i;
    const std::string_view opt = argv[i];
    if (iequals(opt, "block") && more) {
      const auto ms = parse_integer(argv[++i]);
      if (!ms) {
        error = error_reply("ERR timeout is not an integer or out of range");
        return std::nullopt;
      }
      if (*ms < 0) {
        error = error_reply(errors::kTimeoutNegative);
        return std::nullopt;
      }
      args.block_ms = *ms;
    } else if (iequals(opt, "count") && more) {
      const auto n = parse_integer(argv[++i]);
      if (!n) {
        error = not_integer();
        return std::nullopt;
      }
      args.count = *n < 0 ? 0 : *n;
    } else if (iequals(opt, "streams") && more) {
      args.streams_at = i + 1;
      const std::size_t rest = argv.size() - args.streams_at;
      if (rest % 2 != 0) {
        // Redis 7.0.15 names XREAD and '$' for XREADGROUP too.
        error = error_reply(
            "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
        return std::nullopt;
      }
      args.nkeys = rest / 2;
      break;
    } else if (iequals(opt, "group") && more >= 2) {
      if (!xreadgroup) {
        error = error_reply("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
        return std::nullopt;
      }
      args.group = argv[i + 1];
      args.consumer = argv[i + 2];
      i += 2;
    } else if (iequals(opt, "noack")) {
      if (!xreadgroup) {
        error = error_reply("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
        return std::nullopt;
      }
      args.noack = true;
    } else {
      error = syntax_error();
      return std::nullopt;
    }
  }
  if (args.streams_at == 0) {
    error = syntax_error();
    return std::nullopt;
  }
  if (xreadgroup && !args.group) {
    error = error_reply("ERR Missing GROUP option for XREADGROUP");
    return std::nullopt;
  }
  return args;
}

/// Delivers new entries (id >= start) to `consumer` of `group`, as Redis's
/// streamReplyWithRange with a group: the group's last id and read counter
/// advance, and each entry joins the PELs unless `noack`.
Value::Array deliver_new(Context& ctx, Stream& s, StreamGroup& group, StreamConsumer& consumer, StreamId start,
                         long long count, bool noack) {
  Value::Array entries;
  s.range(start, StreamId::max(), false, [&](const StreamEntryView& e) {
    if (e.id > group.last_id) {
      if (group.entries_read != StreamGroup::kEntriesReadUnknown && !s.range_has_tombstones(e.id, StreamId::max()))
        ++group.entries_read;
      else if (s.entries_added())
        group.entries_read = s.estimate_distance(e.id).value_or(StreamGroup::kEntriesReadUnknown);
      group.last_id = e.id;
    }
    entries.push_back(entry_reply(e));
    if (!noack) {
      const std::int64_t now = ctx.now_ms();
      auto [it, inserted] = group.pending.try_emplace(e.id, PendingEntry{now, 1, &consumer});
      if (!inserted) {
        // Delivered before (XGROUP SETID moved the group back): it changes hands.
        it->second.consumer->pending.erase(e.id);
        it->second = PendingEntry{now, 1, &consumer};
      }
      consumer.pending.insert(e.id);
    }
    return count == 0 || static_cast<long long>(entries.size()) < count;
  });
  return entries;
}

/// A consumer's own pending entries from `start` (XREADGROUP with an id):
/// each delivered again, a deleted one as [id, nil].
Value::Array deliver_history(Context& ctx, Stream& s, StreamGroup& group, StreamConsumer& consumer, StreamId start,
                             long long count) {
  Value::Array entries;
  for (auto it = consumer.pending.lower_bound(start); it != consumer.pending.end(); ++it) {
    if (count && static_cast<long long>(entries.size()) >= count) break;
    if (const auto entry = s.find(*it)) {
      entries.push_back(entry_reply(*entry));
      PendingEntry& pending = group.pending.at(*it);
      pending.delivery_time_ms = ctx.now_ms();
      ++pending.delivery_count;
    } else {
      entries.push_back(Value::array({Value::bulk(it->to_string()), Value::null_array()}));
    }
  }
  return entries;
}

Outcome read_generic(Context& ctx, bool xreadgroup) {
  Value error;
  const auto parsed = parse_read_args(ctx, xreadgroup, error);
  if (!parsed) return error;
  const ReadArgs& args = *parsed;
  const Argv& argv = ctx.argv;
  const bool woken = ctx.mode.reprocessing;
  const std::size_t nkeys = args.nkeys;
  std::vector<StreamId> ids(nkeys);
  std::vector<StreamGroup*> groups(nkeys, nullptr);
  // Ids are resolved first, each after a read lookup of its key (a missing
  // key is a miss here and again when served, as in Redis).
  for (std::size_t k = 0; k < nkeys; ++k) {
    const std::string_view key = argv[args.streams_at + k];
    const std::string_view arg = argv[args.streams_at + nkeys + k];
    auto [entry, wrong] = lookup_read(ctx, key, ObjectType::stream);
    if (wrong) {
      if (woken && xreadgroup) return error_reply("UNBLOCKED the stream key no longer exists");
      return wrong_type();
    }
    if (xreadgroup) {
      if (woken && !entry) return error_reply("UNBLOCKED the stream key no longer exists");
      StreamGroup* group = entry ? stream_of(*entry).find_group(*args.group) : nullptr;
      if (!group) {
        if (woken) return error_reply("NOGROUP the consumer group this client was blocked on no longer exists");
        return error_reply(fmt::format("NOGROUP No such key '{}' or consumer group '{}' in XREADGROUP with GROUP option",
                                       error_arg(key), error_arg(*args.group)));
      }
      groups[k] = group;
    }
    if (arg == "$") {
      if (xreadgroup)
        return error_reply(
            "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer "
            "by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty "
            "result set.");
      ids[k] = entry ? stream_of(*entry).last_id() : StreamId{};
      continue;
    }
    if (arg == ">") {
      if (!xreadgroup)
        return error_reply(
            "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.");
      ids[k] = kNewEntries;
      continue;
    }
    const auto id = parse_stream_id(arg, 0, true);
    if (!id) return error_reply(kInvalidStreamId);
    ids[k] = *id;
  }

  Value::Array out;
  for (std::size_t k = 0; k < nkeys; ++k) {
    const std::string_view key = argv[args.streams_at + k];
    auto [entry, wrong] = lookup_read(ctx, key, ObjectType::stream);
    if (!entry || wrong) continue;
    Stream& s = stream_of(*entry);
    StreamId gt = ids[k];
    bool serve = false;
    bool history = false;
    StreamConsumer* consumer = nullptr;
    // Served at once when there is something after `gt`; a woken reader is
    // served once the stream's last id passes it, as Redis's
    // serveClientsBlockedOnStreamKey (even if those entries were trimmed).
    const auto has_after = [&](StreamId id) {
      if (woken) return s.last_id() > id;
      const auto last = s.last_entry_id();
      return last && *last > id;
    };
    if (xreadgroup) {
      StreamGroup& group = *groups[k];
      if (gt != kNewEntries) {
        serve = history = true;
      } else if (has_after(group.last_id)) {
        serve = true;
        gt = group.last_id;
      }
      // Only a consumer that is served is made (or seen), as in Redis 7.0.15.
      if (serve) consumer = &seen_consumer(ctx, key, group, args.consumer);
    } else {
      serve = has_after(gt);
    }
    if (!serve) continue;
    const std::optional<StreamId> start = gt.next();
    Value::Array entries;
    if (start) {
      if (history) entries = deliver_history(ctx, s, *groups[k], *consumer, *start, args.count);
      else if (xreadgroup) entries = deliver_new(ctx, s, *groups[k], *consumer, *start, args.count, args.noack);
      else
        s.range(*start, StreamId::max(), false, [&](const StreamEntryView& e) {
          entries.push_back(entry_reply(e));
          return args.count == 0 || static_cast<long long>(entries.size()) < args.count;
        });
    }
    // Built in place: an initializer list would copy every entry of the reply.
    Value::Array pair;
    pair.reserve(2);
    pair.push_back(Value::bulk(std::string(key)));
    pair.push_back(Value::array(std::move(entries)));
    out.push_back(Value::array(std::move(pair)));
  }
  if (!out.empty()) {
    if (ctx.resp() != 3) return Value::array(std::move(out));
    Value::Array flat;
    flat.reserve(out.size() * 2);
    for (Value& pair : out) {
      auto& parts = pair.elements();
      flat.push_back(std::move(parts[0]));
      flat.push_back(std::move(parts[1]));
    }
    return Value::map(std::move(flat));
  }
  if (!args.block_ms) return Value::null_array();
  // Blocking: woken by a write to one of the keys. XREAD's `$` stays what it
  // meant now; XREADGROUP's `>` follows the group, so it runs as given.
  std::int64_t deadline = 0;
  if (*args.block_ms > 0) {
    if (*args.block_ms > LLONG_MAX - ctx.now_ms()) return error_reply(errors::kTimeoutOutOfRange);
    deadline = ctx.now_ms() + *args.block_ms;
  }
  std::vector<std::string_view> keys;
  for (std::size_t k = 0; k < nkeys; ++k) keys.push_back(argv[args.streams_at + k]);
  Outcome blocked = ctx.block(keys, deadline, Value::null_array(), ObjectType::stream);
  if (!blocked.blocked() || woken) return blocked;
  std::unique_ptr<Block> request = blocked.take_block();
  if (xreadgroup) {
    request->unblock_when_gone = true;
  } else {
    Argv resume;
    for (std::size_t i = 0; i < args.streams_at + nkeys; ++i) resume.push_back(argv[i]);
    for (const StreamId& id : ids) resume.push_back(id.to_string());
    request->resume = std::move(resume);
  }
  return Outcome(std::move(request));
}

// XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]
Outcome xread(Context& ctx) { return read_generic(ctx, false); }
// XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]
Outcome xreadgroup(Context& ctx) { return read_generic(ctx, true); }

constexpr CommandSpec kCommands[] = {
    {"xread", -4, kReadonly | kBlocking | kMovableKeys, 0, 0, 0, &xread, "@read @stream @slow @blocking"},
    {"xreadgroup", -7, kWrite | kBlocking | kMovableKeys, 0, 0, 0, &xreadgroup, "@write @stream @slow @blocking"},
};

} // namespace

std::span<const CommandSpec> stream_read_commands() { return kCommands; }

} // namespace not_redis::detail
