// The stream family's entries: XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM
// and XSETID (t_stream.c). XREAD and XREADGROUP are in stream_read.cpp, the
// consumer groups' other commands in stream_groups.cpp.

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "families/stream_family.hpp"

namespace not_redis::detail {

namespace {

/// Redis's string2ull: string2ll's strict form, else strtoull over the C
/// string (so leading blanks and '+' pass, and " -1" wraps), which must
/// consume it all.
std::optional<std::uint64_t> id_part(const std::string& text) {
  if (const auto v = parse_integer(text)) {
    if (*v < 0) return std::nullopt;
    return static_cast<std::uint64_t>(*v);
  }
  if (text.empty()) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (errno == EINVAL || errno == ERANGE || *end != '\0') return std::nullopt;
  return v;
}

} // namespace

std::optional<StreamId> parse_stream_id(std::string_view arg, std::uint64_t missing_seq, bool strict,
                                        bool* seq_given) noexcept {
  // Redis copies the argument into a 128-byte C string: longer is invalid,
  // and a NUL ends it.
  if (arg.size() > 127) return std::nullopt;
  arg = arg.substr(0, arg.find('\0'));
  if (strict && (arg == "-" || arg == "+")) return std::nullopt;
  if (seq_given) *seq_given = true;
  if (arg == "-") return StreamId::min();
  if (arg == "+") return StreamId::max();
  try {
    const std::size_t dash = arg.find('-');
    const auto ms = id_part(std::string(arg.substr(0, dash)));
    if (!ms) return std::nullopt;
    if (dash == std::string_view::npos) return StreamId{*ms, missing_seq};
    const std::string_view seq_text = arg.substr(dash + 1);
    if (seq_given && seq_text == "*") {
      *seq_given = false;
      return StreamId{*ms, 0};
    }
    const auto seq = id_part(std::string(seq_text));
    if (!seq) return std::nullopt;
    return StreamId{*ms, *seq};
  } catch (const std::bad_alloc&) {
    return std::nullopt;
  }
}

Value entry_reply(const StreamEntryView& entry) {
  Value::Array fields;
  fields.reserve(entry.fields.size() * 2);
  for (const auto& [field, value] : entry.fields) {
    fields.push_back(Value::bulk(field));
    fields.push_back(Value::bulk(value));
  }
  Value::Array pair;  // not an initializer list, which would copy the fields
  pair.reserve(2);
  pair.push_back(Value::bulk(entry.id.to_string()));
  pair.push_back(Value::array(std::move(fields)));
  return Value::array(std::move(pair));
}

Stream& stream_of(Entry& entry) { return entry.second.as<Stream>(); }

StreamNodeLimits stream_limits(const Context& ctx) noexcept {
  return {static_cast<std::size_t>(ctx.store.config.stream_node_max_bytes),
          static_cast<std::size_t>(ctx.store.config.stream_node_max_entries)};
}

StreamConsumer& seen_consumer(Context& ctx, std::string_view key, StreamGroup& group, std::string_view name) {
  bool created = false;
  StreamConsumer& consumer = group.consumer(name, ctx.now_ms(), &created);
  if (created) ctx.db().notice("xgroup-createconsumer", key);
  consumer.seen_time_ms = ctx.now_ms();
  return consumer;
}

namespace {

Value invalid_id() { return error_reply(kInvalidStreamId); }

/// The trimming options of XADD and XTRIM (streamAddTrimArgs).
struct TrimArgs {
  enum class Strategy : std::uint8_t { none, maxlen, minid } strategy = Strategy::none;
  bool approx = false;
  long long limit = 0;
  long long maxlen = 0;
  StreamId minid;
  // XADD only.
  bool no_mkstream = false;
  bool id_given = false;
  bool seq_given = true;
  StreamId id;
};

/// Redis's streamParseAddOrTrimArgsOrReply: the position of the id (XADD),
/// or nullopt and the error in `error`.
std::optional<std::size_t> parse_trim_args(const Context& ctx, bool xadd, TrimArgs& args, Value& error) {
  const Argv& argv = ctx.argv;
  bool limit_given = false;
  std::size_t i = 2;
  for (; i < argv.size(); ++i) {
    const std::size_t more = argv.size() - 1 - i;
    const std::string_view opt = argv[i];
    if (xadd && opt == "*") break;
    if ((iequals(opt, "maxlen") || iequals(opt, "minid")) && more) {
      const bool maxlen = iequals(opt, "maxlen");
      if (args.strategy != TrimArgs::Strategy::none) {
        error = error_reply("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
        return std::nullopt;
      }
      args.approx = false;
      const std::string_view next = argv[i + 1];
      if (more >= 2 && next == "~") {
        args.approx = true;
        ++i;
      } else if (more >= 2 && next == "=") {
        ++i;
      }
      if (maxlen) {
        const auto n = parse_integer(argv[i + 1]);
        if (!n) {
          error = not_integer();
          return std::nullopt;
        }
        if (*n < 0) {
          error = error_reply("ERR The MAXLEN argument must be >= 0.");
          return std::nullopt;
        }
        args.maxlen = *n;
        args.strategy = TrimArgs::Strategy::maxlen;
      } else {
        const auto id = parse_stream_id(argv[i + 1], 0, true);
        if (!id) {
          error = invalid_id();
          return std::nullopt;
        }
        args.minid = *id;
        args.strategy = TrimArgs::Strategy::minid;
      }
      ++i;
    } else if (iequals(opt, "limit") && more) {
      const auto n = parse_integer(argv[i + 1]);
      if (!n) {
        error = not_integer();
        return std::nullopt;
      }
      if (*n < 0) {
        error = error_reply("ERR The LIMIT argument must be >= 0.");
        return std::nullopt;
      }
      args.limit = *n;
      limit_given = true;
      ++i;
    } else if (xadd && iequals(opt, "nomkstream")) {
      args.no_mkstream = true;
    } else if (xadd) {
      const auto id = parse_stream_id(opt, 0, true, &args.seq_given);
      if (!id) {
        error = invalid_id();
        return std::nullopt;
      }
      args.id = *id;
      args.id_given = true;
      break;
    } else {
      error = syntax_error();
      return std::nullopt;
    }
  }
  if (args.limit && args.strategy == TrimArgs::Strategy::none) {
    error = error_reply("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
    return std::nullopt;
  }
  if (!xadd && args.strategy == TrimArgs::Strategy::none) {
    error = error_reply("ERR syntax error, XTRIM must be called with a trimming strategy");
    return std::nullopt;
  }
  if (limit_given) {
    if (!args.approx) {
      error = error_reply("ERR syntax error, LIMIT cannot be used without the special ~ option");
      return std::nullopt;
    }
  } else {
    // Redis bounds an approximate trim's work to 100 nodes; exact trims are unbounded.
    args.limit = args.approx ? 100 * ctx.store.config.stream_node_max_entries : 0;
  }
  return i;
}

std::size_t trim(Stream& s, const TrimArgs& args) {
  const auto limit = static_cast<std::size_t>(args.limit);
  if (args.strategy == TrimArgs::Strategy::maxlen)
    return s.trim_to_length(static_cast<std::size_t>(args.maxlen), args.approx, limit);
  if (args.strategy == TrimArgs::Strategy::minid) return s.trim_before(args.minid, args.approx, limit);
  return 0;
}

// XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...]
Outcome xadd(Context& ctx) {
  TrimArgs args;
  Value error;
  const auto id_at = parse_trim_args(ctx, true, args, error);
  if (!id_at) return error;
  const std::size_t first_field = *id_at + 1;
  const std::size_t nfields = ctx.argv.size() - first_field;
  if (nfields < 2 || nfields % 2 == 1) return error_reply("ERR wrong number of arguments for 'xadd' command");
  if (args.id_given && args.seq_given && args.id.is_zero())
    return error_reply("ERR The ID specified in XADD must be greater than 0-0");

  const std::string_view key = ctx.argv[1];
  auto [entry, wrong] = lookup_write(ctx, key, ObjectType::stream);
  if (wrong) return wrong_type();
  if (!entry && args.no_mkstream) return Value{};
  std::unique_ptr<Stream> created;
  Stream* s = nullptr;
  if (entry) {
    s = &stream_of(*entry);
  } else {
    created = std::make_unique<Stream>();
    s = created.get();
  }
  const StreamId last = s->last_id();
  if (last == StreamId::max())
    return error_reply("ERR The stream has exhausted the last possible ID, unable to add more items");

  StreamId id;
  if (!args.id_given) {
    const auto now = static_cast<std::uint64_t>(ctx.now_ms());
    id = now > last.ms ? StreamId{now, 0} : *last.next();
  } else if (!args.seq_given && args.id.ms == last.ms) {
    // Redis 7.0.15's answer when the sequence cannot grow (its errno is ERANGE).
    if (last.seq == UINT64_MAX) return error_reply("ERR Elements are too large to be stored");
    id = {last.ms, last.seq + 1};
  } else {
    id = args.id;
  }
  if (id <= last) return error_reply(errors::kStreamIdTooSmall);

  std::vector<std::string_view> fields;
  fields.reserve(nfields);
  for (std::size_t i = first_field; i < ctx.argv.size(); ++i) fields.push_back(ctx.argv[i]);
  s->append(id, fields, stream_limits(ctx));
  Entry* e = entry;
  if (created) e = ctx.db().insert(key, Object::aggregate(ObjectType::stream, std::move(created)), "xadd").first;
  else ctx.db().modified(*e, "xadd");
  if (trim(stream_of(*e), args)) ctx.db().modified(*e, "xtrim");
  return Value::bulk(id.to_string());
}

// XLEN key
Outcome xlen(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::stream);
  if (wrong) return wrong_type();
  return Value::integer(entry ? static_cast<long long>(stream_of(*entry).size()) : 0);
}

/// An XRANGE bound (streamParseIntervalIDOrReply): "(" makes it exclusive,
/// and then only a strict id is accepted.
std::optional<StreamId> parse_interval_id(std::string_view arg, std::uint64_t missing_seq, bool& exclusive) {
  exclusive = arg.size() > 1 && arg[0] == '(';
  if (exclusive) return parse_stream_id(arg.substr(1), missing_seq, true);
  return parse_stream_id(arg, missing_seq, false);
}

Outcome range_generic(Context& ctx, bool reverse) {
  const std::string_view start_arg = ctx.argv[reverse ? 3 : 2];
  const std::string_view end_arg = ctx.argv[reverse ? 2 : 3];
  bool start_ex = false;
  bool end_ex = false;
  auto start = parse_interval_id(start_arg, 0, start_ex);
  if (!start) return invalid_id();
  if (start_ex) {
    start = start->next();
    if (!start) return error_reply("ERR invalid start ID for the interval");
  }
  auto end = parse_interval_id(end_arg, UINT64_MAX, end_ex);
  if (!end) return invalid_id();
  if (end_ex) {
    end = end->prev();
    if (!end) return error_reply("ERR invalid end ID for the interval");
  }
  long long count = -1;
  for (std::size_t i = 4; i < ctx.argv.size(); ++i) {
    if (iequals(ctx.argv[i], "count") && i + 1 < ctx.argv.size()) {
      const auto n = integer_arg(ctx, i + 1);
      if (!n) return not_integer();
      count = *n < 0 ? 0 : *n;
      ++i;
    } else {
      return syntax_error();
    }
  }
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::stream);
  if (wrong) return wrong_type();
  // A missing key answers an empty array; then COUNT 0 (or a negative
  // COUNT) a null array, as Redis 7.0.
  if (!entry) return Value::array();
  if (count == 0) return Value::null_array();
  Value::Array out;
  stream_of(*entry).range(*start, *end, reverse, [&](const StreamEntryView& e) {
    out.push_back(entry_reply(e));
    return count < 0 || static_cast<long long>(out.size()) < count;
  });
  return Value::array(std::move(out));
}

// XRANGE key start end [COUNT count]
Outcome xrange(Context& ctx) { return range_generic(ctx, false); }
// XREVRANGE key end start [COUNT count]
Outcome xrevrange(Context& ctx) { return range_generic(ctx, true); }

// XDEL key id [id ...]: ids are all checked before anything is deleted.
Outcome xdel(Context& ctx) {
  // As Redis: the key first (a missing one answers 0 whatever the ids).
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::stream);
  if (wrong) return wrong_type();
  if (!entry) return Value::integer(0);
  std::vector<StreamId> ids;
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const auto id = parse_stream_id(ctx.argv[i], 0, true);
    if (!id) return invalid_id();
    ids.push_back(*id);
  }
  Stream& s = stream_of(*entry);
  long long deleted = 0;
  for (const StreamId& id : ids) {
    if (!s.erase(id)) continue;
    ++deleted;
    if (id > s.max_deleted_id()) s.set_max_deleted_id(id);
  }
  if (deleted) ctx.db().modified(*entry, "xdel");
  return Value::integer(deleted);
}

// XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]
Outcome xtrim(Context& ctx) {
  TrimArgs args;
  Value error;
  if (!parse_trim_args(ctx, false, args, error)) return error;
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::stream);
  if (wrong) return wrong_type();
  if (!entry) return Value::integer(0);
  const std::size_t deleted = trim(stream_of(*entry), args);
  if (deleted) ctx.db().modified(*entry, "xtrim");
  return Value::integer(static_cast<long long>(deleted));
}

// XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]
Outcome xsetid(Context& ctx) {
  const auto id = parse_stream_id(ctx.argv[2], 0, true);
  if (!id) return invalid_id();
  std::optional<long long> entries_added;
  std::optional<StreamId> max_deleted;
  for (std::size_t i = 3; i < ctx.argv.size(); i += 2) {
    if (i + 1 >= ctx.argv.size()) return syntax_error();
    if (iequals(ctx.argv[i], "entriesadded")) {
      entries_added = integer_arg(ctx, i + 1);
      if (!entries_added) return not_integer();
      if (*entries_added < 0) return error_reply("ERR entries_added must be positive");
    } else if (iequals(ctx.argv[i], "maxdeletedid")) {
      max_deleted = parse_stream_id(ctx.argv[i + 1], 0, true);
      if (!max_deleted) return invalid_id();
      if (*id < *max_deleted)
        return error_reply("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
    } else {
      return syntax_error();
    }
  }
  auto [entry, wrong] = lookup_write(ctx, ctx.argv[1], ObjectType::stream);
  if (wrong) return wrong_type();
  if (!entry) return error_reply(errors::kNoSuchKey);
  Stream& s = stream_of(*entry);
  // Below the last live entry is refused; an emptied stream takes any id.
  if (const auto last = s.last_entry_id(); last && *id < *last)
    return error_reply("ERR The ID specified in XSETID is smaller than the target stream top item");
  if (entries_added && static_cast<std::uint64_t>(*entries_added) < s.size())
    return error_reply("ERR The entries_added specified in XSETID is smaller than the target stream length");
  s.set_last_id(*id);
  if (entries_added) s.set_entries_added(static_cast<std::uint64_t>(*entries_added));
  if (max_deleted) s.set_max_deleted_id(*max_deleted);
  // Redis 7.0.15 notifies it but does not count it as a change (WATCH misses it).
  ctx.db().notice("xsetid", ctx.argv[1]);
  return Value::ok();
}

// --- the table -----------------------------------------------------------------------------

constexpr CommandSpec kCommands[] = {
    {"xadd", -5, kWrite | kDenyOom | kFast, 1, 1, 1, &xadd, "@write @stream @fast"},
    {"xlen", 2, kReadonly | kFast, 1, 1, 1, &xlen, "@read @stream @fast"},
    {"xrange", -4, kReadonly, 1, 1, 1, &xrange, "@read @stream @slow"},
    {"xrevrange", -4, kReadonly, 1, 1, 1, &xrevrange, "@read @stream @slow"},
    {"xdel", -3, kWrite | kFast, 1, 1, 1, &xdel, "@write @stream @fast"},
    {"xtrim", -4, kWrite, 1, 1, 1, &xtrim, "@write @stream @slow"},
    {"xsetid", -3, kWrite | kDenyOom | kFast, 1, 1, 1, &xsetid, "@write @stream @fast"},
};

} // namespace

std::span<const CommandSpec> stream_commands() { return kCommands; }

} // namespace not_redis::detail
