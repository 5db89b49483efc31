#pragma once
/// @file
/// Typed stream consumer-group commands (XGROUP, XREADGROUP, XACK, XPENDING,
/// XCLAIM, XAUTOCLAIM, XINFO), mixed into Client.

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/commands/reply.hpp>
#include <not_redis/commands/streams.hpp>  // StreamEntry, StreamReads, detail::StreamsThenIds
#include <not_redis/commands/strings.hpp>  // detail::KeyRange, detail::PairRange
#include <not_redis/convert.hpp>
#include <not_redis/future.hpp>

namespace not_redis {

/// XGROUP CREATE's options; the defaults need the stream to exist and leave
/// the group's entries-read counter unknown (so XINFO GROUPS' lag is nil
/// until Redis can work it out).
struct XgroupCreateOptions {
  bool mkstream = false;                       ///< MKSTREAM: create an empty stream if the key is missing
  std::optional<long long> entries_read = {};  ///< ENTRIESREAD n: the group's entries-read counter
};

/// XREADGROUP's options; unset fields are not sent.
struct XreadgroupOptions {
  std::optional<long long> count = {};  ///< COUNT: at most this many entries per stream
  /// BLOCK: wait this long (zero: forever) for a new entry when there is none
  /// yet (only `>` waits; a history read answers at once).
  std::optional<std::chrono::milliseconds> block = {};
  bool noack = false;  ///< NOACK: deliver without adding the entries to the pending list
};

/// XPENDING key group (the summary form): how many entries are pending, the
/// lowest and highest pending id (std::nullopt when none is), and how many
/// each consumer that has some holds, by consumer name.
struct StreamPendingSummary {
  long long count = 0;
  std::optional<std::string> min_id;
  std::optional<std::string> max_id;
  std::vector<std::pair<std::string, long long>> consumers;
  friend bool operator==(const StreamPendingSummary&, const StreamPendingSummary&) = default;
};

/// XPENDING's range form: the pending entries from `start` to `end`
/// (inclusive; `(id` excludes), at most `count`, optionally only those idle
/// at least `idle` and only those of `consumer`.
///
/// ```
/// store.xpending("events", "workers", {.count = 100, .idle = 30s, .consumer = "w1"}).get();
/// ```
struct XpendingRange {
  std::string start = "-";
  std::string end = "+";
  long long count = 10;                             ///< Redis requires one; 10 unless set
  std::optional<std::chrono::milliseconds> idle = {};  ///< IDLE min-idle-time
  std::optional<std::string> consumer = {};         ///< only this consumer's entries
};

/// One pending entry (XPENDING's range form): its id, the consumer that holds
/// it, how long since it was last delivered, and how many times it was.
struct StreamPendingEntry {
  std::string id;
  std::string consumer;
  std::chrono::milliseconds idle{0};
  long long deliveries = 0;
  friend bool operator==(const StreamPendingEntry&, const StreamPendingEntry&) = default;
};

/// XCLAIM's options; unset fields are not sent. By default a claimed entry's
/// idle time restarts at zero and its delivery count goes up by one (not with
/// xclaim_justid()).
struct XclaimOptions {
  std::optional<std::chrono::milliseconds> idle = {};               ///< IDLE ms: set the idle time
  std::optional<std::chrono::system_clock::time_point> time = {};  ///< TIME unix-ms: as IDLE, from a time point
  std::optional<long long> retrycount = {};                         ///< RETRYCOUNT n: set the delivery count
  bool force = false;  ///< FORCE: claim ids that no consumer holds yet (if they are in the stream)
  std::optional<std::string> lastid = {};  ///< LASTID id: move the group's last-delivered id up to this
};

/// XAUTOCLAIM's reply: the id to start the next call from ("0-0" when the
/// pending list was walked to its end), the entries claimed, and the ids that
/// were pending but had been deleted from the stream (they leave the pending
/// list).
struct StreamAutoClaim {
  std::string next_id;
  StreamEntries entries;
  std::vector<std::string> deleted_ids;
  friend bool operator==(const StreamAutoClaim&, const StreamAutoClaim&) = default;
};

/// XAUTOCLAIM ... JUSTID's reply: as StreamAutoClaim, with the claimed ids only.
struct StreamAutoClaimIds {
  std::string next_id;
  std::vector<std::string> ids;
  std::vector<std::string> deleted_ids;
  friend bool operator==(const StreamAutoClaimIds&, const StreamAutoClaimIds&) = default;
};

/// One group of XINFO GROUPS. `entries_read` and `lag` are std::nullopt when
/// Redis cannot tell (a group created at an arbitrary id, entries deleted...).
struct StreamGroupInfo {
  std::string name;
  long long consumers = 0;
  long long pending = 0;
  std::string last_delivered_id;
  std::optional<long long> entries_read;
  std::optional<long long> lag;
  friend bool operator==(const StreamGroupInfo&, const StreamGroupInfo&) = default;
};

/// One consumer of XINFO CONSUMERS (Redis 7.0's fields): its name, how many
/// entries it holds, and how long since it last read or claimed.
struct StreamConsumerInfo {
  std::string name;
  long long pending = 0;
  std::chrono::milliseconds idle{0};
  friend bool operator==(const StreamConsumerInfo&, const StreamConsumerInfo&) = default;
};

/// XINFO STREAM key (without FULL). `first_entry` and `last_entry` are
/// std::nullopt for an empty stream.
struct StreamInfo {
  long long length = 0;
  long long radix_tree_keys = 0;
  long long radix_tree_nodes = 0;
  std::string last_generated_id;
  std::string max_deleted_entry_id;
  long long entries_added = 0;
  std::string recorded_first_entry_id;
  long long groups = 0;
  std::optional<StreamEntry> first_entry;
  std::optional<StreamEntry> last_entry;
  friend bool operator==(const StreamInfo&, const StreamInfo&) = default;
};

namespace detail {
/// Calls `f(name, value)` for each field of an XINFO record: a RESP3 map or
/// RESP2's flat array. Field names are Redis's (`last-delivered-id`).
template <class F>
void for_each_field(Value&& v, std::string_view to, F&& f) {
  for_each_pair(std::move(v), to, [&](Value&& name, Value&& value) {
    f(from_value<std::string>(std::move(name)), std::move(value));
  });
}

inline std::chrono::milliseconds to_milliseconds(Value&& v) {
  return std::chrono::milliseconds(from_value<long long>(std::move(v)));
}

/// XCLAIM's options with JUSTID, written in Redis's order.
struct XclaimArgs {
  const XclaimOptions& options;
  bool justid;
};
/// XGROUP's optional ENTRIESREAD n.
struct EntriesRead {
  std::optional<long long> n;
};
/// XPENDING's range form after the group.
struct XpendingArgs {
  const XpendingRange& range;
};
/// XAUTOCLAIM's optional COUNT and JUSTID.
struct XautoclaimArgs {
  std::optional<long long> count;
  bool justid;
};
} // namespace detail

template <>
struct FromValue<StreamPendingSummary> {
  static StreamPendingSummary convert(Value&& v) {
    Value::Array e = detail::take_elements(std::move(v), "a pending summary");
    if (e.size() != 4)
      throw Error(Error::Kind::conversion, "cannot convert an aggregate not of size 4 to a pending summary");
    // Each consumer's count comes as a bulk string; the list is a null array when nothing is pending.
    return {from_value<long long>(std::move(e[0])), from_value<std::optional<std::string>>(std::move(e[1])),
            from_value<std::optional<std::string>>(std::move(e[2])),
            from_value<std::vector<std::pair<std::string, long long>>>(std::move(e[3]))};
  }
};

template <>
struct FromValue<StreamPendingEntry> {
  static StreamPendingEntry convert(Value&& v) {
    Value::Array e = detail::take_elements(std::move(v), "a pending entry");
    if (e.size() != 4)
      throw Error(Error::Kind::conversion, "cannot convert an aggregate not of size 4 to a pending entry");
    return {from_value<std::string>(std::move(e[0])), from_value<std::string>(std::move(e[1])),
            detail::to_milliseconds(std::move(e[2])), from_value<long long>(std::move(e[3]))};
  }
};

template <>
struct FromValue<StreamAutoClaim> {
  static StreamAutoClaim convert(Value&& v) {
    auto [next, entries, deleted] =
        from_value<std::tuple<std::string, StreamEntries, std::vector<std::string>>>(std::move(v));
    return {std::move(next), std::move(entries), std::move(deleted)};
  }
};

template <>
struct FromValue<StreamAutoClaimIds> {
  static StreamAutoClaimIds convert(Value&& v) {
    auto [next, ids, deleted] =
        from_value<std::tuple<std::string, std::vector<std::string>, std::vector<std::string>>>(std::move(v));
    return {std::move(next), std::move(ids), std::move(deleted)};
  }
};

template <>
struct FromValue<StreamGroupInfo> {
  static StreamGroupInfo convert(Value&& v) {
    StreamGroupInfo out;
    detail::for_each_field(std::move(v), "a stream group's info", [&](const std::string& name, Value&& value) {
      if (name == "name") out.name = from_value<std::string>(std::move(value));
      else if (name == "consumers") out.consumers = from_value<long long>(std::move(value));
      else if (name == "pending") out.pending = from_value<long long>(std::move(value));
      else if (name == "last-delivered-id") out.last_delivered_id = from_value<std::string>(std::move(value));
      else if (name == "entries-read") out.entries_read = from_value<std::optional<long long>>(std::move(value));
      else if (name == "lag") out.lag = from_value<std::optional<long long>>(std::move(value));
    });
    return out;
  }
};

template <>
struct FromValue<StreamConsumerInfo> {
  static StreamConsumerInfo convert(Value&& v) {
    StreamConsumerInfo out;
    detail::for_each_field(std::move(v), "a stream consumer's info", [&](const std::string& name, Value&& value) {
      if (name == "name") out.name = from_value<std::string>(std::move(value));
      else if (name == "pending") out.pending = from_value<long long>(std::move(value));
      else if (name == "idle") out.idle = detail::to_milliseconds(std::move(value));
    });
    return out;
  }
};

template <>
struct FromValue<StreamInfo> {
  static StreamInfo convert(Value&& v) {
    StreamInfo out;
    detail::for_each_field(std::move(v), "a stream's info", [&](const std::string& name, Value&& value) {
      if (name == "length") out.length = from_value<long long>(std::move(value));
      else if (name == "radix-tree-keys") out.radix_tree_keys = from_value<long long>(std::move(value));
      else if (name == "radix-tree-nodes") out.radix_tree_nodes = from_value<long long>(std::move(value));
      else if (name == "last-generated-id") out.last_generated_id = from_value<std::string>(std::move(value));
      else if (name == "max-deleted-entry-id") out.max_deleted_entry_id = from_value<std::string>(std::move(value));
      else if (name == "entries-added") out.entries_added = from_value<long long>(std::move(value));
      else if (name == "recorded-first-entry-id")
        out.recorded_first_entry_id = from_value<std::string>(std::move(value));
      else if (name == "groups") out.groups = from_value<long long>(std::move(value));
      else if (name == "first-entry") out.first_entry = from_value<std::optional<StreamEntry>>(std::move(value));
      else if (name == "last-entry") out.last_entry = from_value<std::optional<StreamEntry>>(std::move(value));
    });
    return out;
  }
};

template <>
struct ToArgs<detail::EntriesRead> {
  static void append(Argv& out, const detail::EntriesRead& e) {
    if (!e.n) return;
    out.push_back("ENTRIESREAD");
    out.push_integer(*e.n);
  }
};

template <>
struct ToArgs<XgroupCreateOptions> {
  static void append(Argv& out, const XgroupCreateOptions& o) {
    if (o.mkstream) out.push_back("MKSTREAM");
    ToArgs<detail::EntriesRead>::append(out, {o.entries_read});
  }
};

template <>
struct ToArgs<XreadgroupOptions> {
  static void append(Argv& out, const XreadgroupOptions& o) {
    ToArgs<XreadOptions>::append(out, {o.count, o.block});
    if (o.noack) out.push_back("NOACK");
  }
};

template <>
struct ToArgs<detail::XpendingArgs> {
  static void append(Argv& out, const detail::XpendingArgs& a) {
    const XpendingRange& r = a.range;
    if (r.idle) {
      out.push_back("IDLE");
      out.push_integer(r.idle->count());
    }
    out.push_back(r.start);
    out.push_back(r.end);
    out.push_integer(r.count);
    if (r.consumer) out.push_back(*r.consumer);
  }
};

template <>
struct ToArgs<detail::XclaimArgs> {
  static void append(Argv& out, const detail::XclaimArgs& a) {
    const XclaimOptions& o = a.options;
    if (o.idle) {
      out.push_back("IDLE");
      out.push_integer(o.idle->count());
    }
    if (o.time) {
      out.push_back("TIME");
      out.push_integer(std::chrono::duration_cast<std::chrono::milliseconds>(o.time->time_since_epoch()).count());
    }
    if (o.retrycount) {
      out.push_back("RETRYCOUNT");
      out.push_integer(*o.retrycount);
    }
    if (o.force) out.push_back("FORCE");
    if (a.justid) out.push_back("JUSTID");
    if (o.lastid) {
      out.push_back("LASTID");
      out.push_back(*o.lastid);
    }
  }
};

template <>
struct ToArgs<detail::XautoclaimArgs> {
  static void append(Argv& out, const detail::XautoclaimArgs& a) {
    if (a.count) {
      out.push_back("COUNT");
      out.push_integer(*a.count);
    }
    if (a.justid) out.push_back("JUSTID");
  }
};

/// The stream family's consumer groups as typed methods over
/// `Self::command<T>(...)`. Keys, groups, consumers and ids are binary-safe
/// strings; ids are Redis's text (`ms-seq`, `-`, `+`, `(id`, and `$`, `>`
/// where the command takes them). Durations (min-idle times, IDLE, BLOCK)
/// are std::chrono durations sent in milliseconds; idle times come back as
/// std::chrono::milliseconds on the store's clock. Error replies (NOGROUP,
/// BUSYGROUP, WRONGTYPE, an invalid id...) throw not_redis::Error
/// (Kind::reply).
///
/// XREADGROUP with `block` waits like XREAD; wait for its future away from
/// the store's loop thread, or chain with Future::then().
///
/// ```
/// store.xgroup_create("events", "workers", "0", {.mkstream = true}).get();
/// auto batch = store.xreadgroup("workers", "w1", {{"events", ">"}}, {.count = 10}).get();
/// store.xack("events", "workers", batch->front().second.front().id).get();
/// auto stale = store.xautoclaim("events", "workers", "w2", std::chrono::minutes(1), "0").get();
/// ```
template <class Self>
class StreamGroupCommands {
public:
  /// What each method returns: Future<T> for Client (see ReplyOf).
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

private:
  using Strings = std::initializer_list<std::string_view>;
  using Pairs = std::initializer_list<std::pair<std::string_view, std::string_view>>;
  using Ids = std::vector<std::string>;
  using Ms = std::chrono::milliseconds;
  using Claim = detail::XclaimArgs;
  using AutoClaim = detail::XautoclaimArgs;

public:
  /// XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD entries-read]: a
  /// group that will deliver the entries after `id` (`$`: after the stream's
  /// last entry now); throws BUSYGROUP if the group exists, and an error if
  /// the key is missing without `mkstream`.
  Reply<void> xgroup_create(std::string_view key, std::string_view group, std::string_view id = "$",
                            const XgroupCreateOptions& options = {}) {
    return self().template command<void>("XGROUP", "CREATE", key, group, id, options);
  }
  /// XGROUP SETID key group id|$ [ENTRIESREAD entries-read]: moves the group's last-delivered id.
  Reply<void> xgroup_setid(std::string_view key, std::string_view group, std::string_view id,
                           std::optional<long long> entries_read = {}) {
    return self().template command<void>("XGROUP", "SETID", key, group, id, detail::EntriesRead{entries_read});
  }
  /// XGROUP DESTROY key group: whether the group was there.
  Reply<bool> xgroup_destroy(std::string_view key, std::string_view group) {
    return self().template command<bool>("XGROUP", "DESTROY", key, group);
  }
  /// XGROUP CREATECONSUMER key group consumer: whether the consumer is new.
  Reply<bool> xgroup_createconsumer(std::string_view key, std::string_view group, std::string_view consumer) {
    return self().template command<bool>("XGROUP", "CREATECONSUMER", key, group, consumer);
  }
  /// XGROUP DELCONSUMER key group consumer: how many pending entries the
  /// consumer had (they leave the group's pending list); 0 if it did not exist.
  Reply<long long> xgroup_delconsumer(std::string_view key, std::string_view group, std::string_view consumer) {
    return self().template command<long long>("XGROUP", "DELCONSUMER", key, group, consumer);
  }
  /// XREADGROUP GROUP group consumer [COUNT count] [BLOCK ms] [NOACK] STREAMS
  /// key ... id ...: per (key, id) pair, with `>` the entries never delivered
  /// to the group (now pending for `consumer`, unless `noack`), with an id the
  /// consumer's own pending entries after it (history; an entry deleted from
  /// the stream since comes with no fields); std::nullopt if no stream has
  /// any (after `block`, if set).
  template <class Out = StreamReads>
  Reply<std::optional<Out>> xreadgroup(std::string_view group, std::string_view consumer, Pairs streams,
                                       const XreadgroupOptions& options = {}) {
    return self().template command<std::optional<Out>>("XREADGROUP", "GROUP", group, consumer, options,
                                                        detail::StreamsThenIds<Pairs>{streams});
  }
  /// From any range of (key, id) pairs.
  template <class Out = StreamReads, detail::PairRange R>
  Reply<std::optional<Out>> xreadgroup(std::string_view group, std::string_view consumer, const R& streams,
                                       const XreadgroupOptions& options = {}) {
    return self().template command<std::optional<Out>>("XREADGROUP", "GROUP", group, consumer, options,
                                                        detail::StreamsThenIds<R>{streams});
  }
  /// XACK key group id [id ...]: how many of the ids were pending (they no
  /// longer are); 0 for a missing key or group.
  template <detail::Arg I, detail::Arg... More>
  Reply<long long> xack(std::string_view key, std::string_view group, const I& id, const More&... more) {
    return self().template command<long long>("XACK", key, group, id, more...);
  }
  Reply<long long> xack(std::string_view key, std::string_view group, Strings ids) {
    return self().template command<long long>("XACK", key, group, ids);
  }
  /// XPENDING key group: the group's pending entries in summary.
  Reply<StreamPendingSummary> xpending(std::string_view key, std::string_view group) {
    return self().template command<StreamPendingSummary>("XPENDING", key, group);
  }
  /// XPENDING key group [IDLE min-idle-time] start end count [consumer]: the
  /// pending entries in `range`, oldest id first.
  template <class Out = std::vector<StreamPendingEntry>>
  Reply<Out> xpending(std::string_view key, std::string_view group, const XpendingRange& range) {
    return self().template command<Out>("XPENDING", key, group, detail::XpendingArgs{range});
  }
  /// XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME
  /// unix-ms] [RETRYCOUNT count] [FORCE] [LASTID id]: gives `consumer` the
  /// pending entries among `ids` idle at least `min_idle`, and returns them.
  /// Ids deleted from the stream are dropped from the reply (and from the
  /// pending list), as Redis 7.0 does.
  template <class Out = StreamEntries>
  Reply<Out> xclaim(std::string_view key, std::string_view group, std::string_view consumer, Ms min_idle, Strings ids,
                    const XclaimOptions& options = {}) {
    return self().template command<Out>("XCLAIM", key, group, consumer, min_idle.count(), ids, Claim{options, false});
  }
  /// From any range of ids.
  template <class Out = StreamEntries, detail::KeyRange R>
  Reply<Out> xclaim(std::string_view key, std::string_view group, std::string_view consumer, Ms min_idle, const R& ids,
                    const XclaimOptions& options = {}) {
    return self().template command<Out>("XCLAIM", key, group, consumer, min_idle.count(), ids, Claim{options, false});
  }
  /// XCLAIM ... JUSTID: as xclaim(), the claimed ids only; the delivery
  /// counts do not go up (unless `retrycount` sets them).
  Reply<Ids> xclaim_justid(std::string_view key, std::string_view group, std::string_view consumer, Ms min_idle,
                           Strings ids, const XclaimOptions& options = {}) {
    return self().template command<Ids>("XCLAIM", key, group, consumer, min_idle.count(), ids, Claim{options, true});
  }
  template <detail::KeyRange R>
  Reply<Ids> xclaim_justid(std::string_view key, std::string_view group, std::string_view consumer, Ms min_idle,
                           const R& ids, const XclaimOptions& options = {}) {
    return self().template command<Ids>("XCLAIM", key, group, consumer, min_idle.count(), ids, Claim{options, true});
  }
  /// XAUTOCLAIM key group consumer min-idle-time start [COUNT count]: claims
  /// for `consumer` up to `count` (Redis: 100) pending entries idle at least
  /// `min_idle`, from `start` on; see StreamAutoClaim.
  Reply<StreamAutoClaim> xautoclaim(std::string_view key, std::string_view group, std::string_view consumer,
                                    Ms min_idle, std::string_view start, std::optional<long long> count = {}) {
    return self().template command<StreamAutoClaim>("XAUTOCLAIM", key, group, consumer, min_idle.count(), start,
                                                    AutoClaim{count, false});
  }
  /// XAUTOCLAIM ... JUSTID: the claimed ids only; delivery counts do not go up.
  Reply<StreamAutoClaimIds> xautoclaim_justid(std::string_view key, std::string_view group, std::string_view consumer,
                                              Ms min_idle, std::string_view start, std::optional<long long> count = {}) {
    return self().template command<StreamAutoClaimIds>("XAUTOCLAIM", key, group, consumer, min_idle.count(), start,
                                                       AutoClaim{count, true});
  }
  /// XINFO GROUPS key: the stream's groups, by name; throws "ERR no such key" for a missing key.
  template <class Out = std::vector<StreamGroupInfo>>
  Reply<Out> xinfo_groups(std::string_view key) { return self().template command<Out>("XINFO", "GROUPS", key); }
  /// XINFO CONSUMERS key group: the group's consumers, by name.
  template <class Out = std::vector<StreamConsumerInfo>>
  Reply<Out> xinfo_consumers(std::string_view key, std::string_view group) {
    return self().template command<Out>("XINFO", "CONSUMERS", key, group);
  }
  /// XINFO STREAM key: the stream's counters, ids and first and last entries.
  Reply<StreamInfo> xinfo_stream(std::string_view key) {
    return self().template command<StreamInfo>("XINFO", "STREAM", key);
  }
  /// XINFO STREAM key FULL [COUNT count]: everything (entries, groups, their
  /// pending lists and consumers, at most `count` of each; 0: all; Redis:
  /// 10), as the Value Redis gives: a deep, version-dependent shape (7.2 adds
  /// fields to groups and consumers), better read by field name than typed.
  Reply<Value> xinfo_stream_full(std::string_view key, std::optional<long long> count = {}) {
    return self().template command<Value>("XINFO", "STREAM", key, "FULL", detail::StreamCount{count});
  }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
