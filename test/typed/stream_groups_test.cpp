// The typed consumer-group methods (XGROUP, XREADGROUP, XACK, XPENDING,
// XCLAIM, XAUTOCLAIM, XINFO): the arguments they send (checked on a
// Pipeline), their replies converted from the RESP3 and RESP2 shapes, and
// the values redis-server 7.0.15 gives for the same commands (idle times,
// which depend on the clock, are exact here under the harness's ManualClock).

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "harness.hpp"

using namespace test;
using not_redis::StreamAutoClaim;
using not_redis::StreamAutoClaimIds;
using not_redis::StreamConsumerInfo;
using not_redis::StreamEntries;
using not_redis::StreamEntry;
using not_redis::StreamGroupInfo;
using not_redis::StreamInfo;
using not_redis::StreamPendingEntry;
using not_redis::StreamPendingSummary;
using not_redis::StreamReads;
using Strings = std::vector<std::string>;
using Fields = std::vector<std::pair<std::string, std::string>>;
using Pending = std::vector<StreamPendingEntry>;

namespace {

const std::string kBusyGroup = "BUSYGROUP Consumer Group name already exists";
const std::string kNeedsKey =
    "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM "
    "option to create an empty stream automatically.";

/// The ManualClock's start (2026-01-01T00:00:00Z) in milliseconds.
constexpr long long kStartMs = 1767225600000LL;

StreamEntry entry(std::string id, Fields fields) { return {std::move(id), std::move(fields)}; }
StreamPendingEntry pending(std::string id, std::string consumer, std::chrono::milliseconds idle, long long n) {
  return {std::move(id), std::move(consumer), idle, n};
}

} // namespace

TEST_CASE("typed consumer-group methods write their arguments in Redis's order") {
  using P = not_redis::Pipeline;
  // XGROUP CREATE key group id|$ [MKSTREAM] [ENTRIESREAD entries-read]
  CHECK(queued_argv([](P& p) { p.xgroup_create("s", "g"); }) == Strings{"XGROUP", "CREATE", "s", "g", "$"});
  CHECK(queued_argv([](P& p) { p.xgroup_create("s", "g", "0", {.mkstream = true, .entries_read = 3}); }) ==
        Strings{"XGROUP", "CREATE", "s", "g", "0", "MKSTREAM", "ENTRIESREAD", "3"});
  CHECK(queued_argv([](P& p) { p.xgroup_create("s", "g", "1-1", {.entries_read = -1}); }) ==
        Strings{"XGROUP", "CREATE", "s", "g", "1-1", "ENTRIESREAD", "-1"});
  CHECK(queued_argv([](P& p) { p.xgroup_setid("s", "g", "5-0"); }) == Strings{"XGROUP", "SETID", "s", "g", "5-0"});
  CHECK(queued_argv([](P& p) { p.xgroup_setid("s", "g", "$", 2); }) ==
        Strings{"XGROUP", "SETID", "s", "g", "$", "ENTRIESREAD", "2"});
  CHECK(queued_argv([](P& p) { p.xgroup_destroy("s", "g"); }) == Strings{"XGROUP", "DESTROY", "s", "g"});
  CHECK(queued_argv([](P& p) { p.xgroup_createconsumer("s", "g", "c"); }) ==
        Strings{"XGROUP", "CREATECONSUMER", "s", "g", "c"});
  CHECK(queued_argv([](P& p) { p.xgroup_delconsumer("s", "g", "c"); }) ==
        Strings{"XGROUP", "DELCONSUMER", "s", "g", "c"});

  // XREADGROUP GROUP group consumer [COUNT count] [BLOCK ms] [NOACK] STREAMS key ... id ...
  CHECK(queued_argv([](P& p) { p.xreadgroup("g", "c", {{"s", ">"}}); }) ==
        Strings{"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"});
  CHECK(queued_argv([](P& p) {
          p.xreadgroup("g", "c", {{"a", ">"}, {"b", "0"}}, {.count = 2, .block = 1500ms, .noack = true});
        }) == Strings{"XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "BLOCK", "1500", "NOACK", "STREAMS", "a", "b", ">", "0"});
  const std::vector<std::pair<std::string, std::string>> streams{{"a", ">"}, {"b", ">"}};
  CHECK(queued_argv([&](P& p) { p.xreadgroup("g", "c", streams, {.block = 0s}); }) ==
        Strings{"XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "a", "b", ">", ">"});

  // XACK key group id [id ...]: variadic, braced, any range.
  CHECK(queued_argv([](P& p) { p.xack("s", "g", "1-0", "2-0"); }) == Strings{"XACK", "s", "g", "1-0", "2-0"});
  CHECK(queued_argv([](P& p) { p.xack("s", "g", {"1-0"}); }) == Strings{"XACK", "s", "g", "1-0"});
  CHECK(queued_argv([](P& p) { p.xack("s", "g", Strings{"1-0", "3-0"}); }) == Strings{"XACK", "s", "g", "1-0", "3-0"});

  // XPENDING key group [[IDLE min-idle-time] start end count [consumer]]
  CHECK(queued_argv([](P& p) { p.xpending("s", "g"); }) == Strings{"XPENDING", "s", "g"});
  CHECK(queued_argv([](P& p) { p.xpending("s", "g", {}); }) == Strings{"XPENDING", "s", "g", "-", "+", "10"});
  CHECK(queued_argv([](P& p) {
          p.xpending("s", "g", {.start = "(1-0", .end = "9", .count = 5, .idle = 1500ms, .consumer = "alice"});
        }) == Strings{"XPENDING", "s", "g", "IDLE", "1500", "(1-0", "9", "5", "alice"});

  // XCLAIM key group consumer min-idle-time id... [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id]
  CHECK(queued_argv([](P& p) { p.xclaim("s", "g", "c", 1000ms, {"1-0"}); }) ==
        Strings{"XCLAIM", "s", "g", "c", "1000", "1-0"});
  const auto time = std::chrono::system_clock::time_point(std::chrono::milliseconds(kStartMs));
  CHECK(queued_argv([&](P& p) {
          p.xclaim("s", "g", "c", 1min, {"1-0", "2-0"},
                   {.idle = 5ms, .time = time, .retrycount = 3, .force = true, .lastid = "9-0"});
        }) == Strings{"XCLAIM", "s", "g", "c", "60000", "1-0", "2-0", "IDLE", "5", "TIME", std::to_string(kStartMs),
                      "RETRYCOUNT", "3", "FORCE", "LASTID", "9-0"});
  CHECK(queued_argv([](P& p) { p.xclaim_justid("s", "g", "c", 0ms, Strings{"1-0"}, {.force = true, .lastid = "2-0"}); }) ==
        Strings{"XCLAIM", "s", "g", "c", "0", "1-0", "FORCE", "JUSTID", "LASTID", "2-0"});
  CHECK(queued_argv([](P& p) { p.xclaim("s", "g", "c", 0ms, Strings{"1-0", "2-0"}); }) ==
        Strings{"XCLAIM", "s", "g", "c", "0", "1-0", "2-0"});
  CHECK(queued_argv([](P& p) { p.xclaim_justid("s", "g", "c", 2s, {"1-0"}); }) ==
        Strings{"XCLAIM", "s", "g", "c", "2000", "1-0", "JUSTID"});

  // XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]
  CHECK(queued_argv([](P& p) { p.xautoclaim("s", "g", "c", 1000ms, "0-0"); }) ==
        Strings{"XAUTOCLAIM", "s", "g", "c", "1000", "0-0"});
  CHECK(queued_argv([](P& p) { p.xautoclaim("s", "g", "c", 1000ms, "0", 5); }) ==
        Strings{"XAUTOCLAIM", "s", "g", "c", "1000", "0", "COUNT", "5"});
  CHECK(queued_argv([](P& p) { p.xautoclaim_justid("s", "g", "c", 0ms, "(1-0", 2); }) ==
        Strings{"XAUTOCLAIM", "s", "g", "c", "0", "(1-0", "COUNT", "2", "JUSTID"});

  CHECK(queued_argv([](P& p) { p.xinfo_groups("s"); }) == Strings{"XINFO", "GROUPS", "s"});
  CHECK(queued_argv([](P& p) { p.xinfo_consumers("s", "g"); }) == Strings{"XINFO", "CONSUMERS", "s", "g"});
  CHECK(queued_argv([](P& p) { p.xinfo_stream("s"); }) == Strings{"XINFO", "STREAM", "s"});
  CHECK(queued_argv([](P& p) { p.xinfo_stream_full("s"); }) == Strings{"XINFO", "STREAM", "s", "FULL"});
  CHECK(queued_argv([](P& p) { p.xinfo_stream_full("s", 0); }) ==
        Strings{"XINFO", "STREAM", "s", "FULL", "COUNT", "0"});
}

TEST_CASE("the conversions behind the consumer-group replies, from the RESP3 and RESP2 shapes") {
  using not_redis::from_value;
  // XPENDING's summary: the counts per consumer are bulk strings; an empty
  // pending list gives nil ids and a null array of consumers.
  CHECK(from_value<StreamPendingSummary>(array({integer(3), bulk("1-0"), bulk("5-0"),
                                                array({bulks({"alice", "2"}), bulks({"bob", "1"})})})) ==
        StreamPendingSummary{3, "1-0", "5-0", {{"alice", 2}, {"bob", 1}}});
  CHECK(from_value<StreamPendingSummary>(array({integer(0), nil(), nil(), Value::null_array()})) ==
        StreamPendingSummary{0, std::nullopt, std::nullopt, {}});
  CHECK(error_kind([] { from_value<StreamPendingSummary>(array({integer(0)})); }) ==
        not_redis::Error::Kind::conversion);
  CHECK(from_value<Pending>(array({array({bulk("1-0"), bulk("alice"), integer(1500), integer(2)})})) ==
        Pending{pending("1-0", "alice", 1500ms, 2)});

  // XAUTOCLAIM: [next id, entries, deleted ids].
  CHECK(from_value<StreamAutoClaim>(array({bulk("4-0"), array({array({bulk("1-0"), bulks({"f", "1"})})}),
                                           bulks({"3-0"})})) ==
        StreamAutoClaim{"4-0", {entry("1-0", {{"f", "1"}})}, {"3-0"}});
  CHECK(from_value<StreamAutoClaimIds>(array({bulk("0-0"), bulks({"4-0", "5-0"}), array({})})) ==
        StreamAutoClaimIds{"0-0", {"4-0", "5-0"}, {}});

  // XINFO records are read by field name: a RESP3 map in-process, a flat
  // array for RESP2; the order does not matter and unknown fields are skipped.
  const StreamGroupInfo group{"g", 3, 1, "4-0", 4, 0};
  CHECK(from_value<StreamGroupInfo>(Value::map({bulk("name"), bulk("g"), bulk("consumers"), integer(3),
                                                bulk("pending"), integer(1), bulk("last-delivered-id"), bulk("4-0"),
                                                bulk("entries-read"), integer(4), bulk("lag"), integer(0)})) == group);
  CHECK(from_value<StreamGroupInfo>(array({bulk("lag"), integer(0), bulk("future-field"), bulk("x"),
                                           bulk("entries-read"), integer(4), bulk("last-delivered-id"), bulk("4-0"),
                                           bulk("pending"), integer(1), bulk("consumers"), integer(3), bulk("name"),
                                           bulk("g")})) == group);
  CHECK(from_value<StreamGroupInfo>(array({bulk("name"), bulk("g2"), bulk("entries-read"), nil(), bulk("lag"), nil()})) ==
        StreamGroupInfo{"g2", 0, 0, "", std::nullopt, std::nullopt});
  // Redis 7.2 adds inactive; 7.0 has name, pending, idle.
  CHECK(from_value<std::vector<StreamConsumerInfo>>(array({array({bulk("name"), bulk("c"), bulk("pending"), integer(2),
                                                                  bulk("idle"), integer(75), bulk("inactive"),
                                                                  integer(75)})})) ==
        std::vector<StreamConsumerInfo>{{"c", 2, 75ms}});
  const Value info = array({bulk("length"), integer(0), bulk("radix-tree-keys"), integer(0), bulk("radix-tree-nodes"),
                            integer(1), bulk("last-generated-id"), bulk("0-0"), bulk("max-deleted-entry-id"),
                            bulk("0-0"), bulk("entries-added"), integer(0), bulk("recorded-first-entry-id"),
                            bulk("0-0"), bulk("groups"), integer(1), bulk("first-entry"), nil(), bulk("last-entry"),
                            nil()});
  CHECK(from_value<StreamInfo>(Value(info)) == StreamInfo{0, 0, 1, "0-0", "0-0", 0, "0-0", 1, std::nullopt, std::nullopt});
  CHECK(error_kind([] { from_value<StreamInfo>(integer(1)); }) == not_redis::Error::Kind::conversion);
}

TEST_CASE("typed groups: create, read new entries then history, acknowledge, manage consumers") {
  Store store;
  auto& s = store.client();
  s.xgroup_create("s", "g", "$", {.mkstream = true}).get();
  CHECK(s.exists("s").get() == 1);
  CHECK(reply_error([&] { s.xgroup_create("s", "g").get(); }) == kBusyGroup);
  CHECK(error_kind([&] { s.xgroup_create("s", "g").get(); }) == not_redis::Error::Kind::reply);
  CHECK(reply_error([&] { s.xgroup_create("missing", "g").get(); }) == kNeedsKey);
  s.xadd("s", {{"a", "1"}}, {.id = "1-0"}).get();
  s.xadd("s", {{"b", "2"}}, {.id = "2-0"}).get();
  s.xadd("s", {{"c", "3"}}, {.id = "3-0"}).get();

  // `>`: entries never delivered to the group; then nothing new: nullopt.
  CHECK(s.xreadgroup("g", "alice", {{"s", ">"}}, {.count = 2}).get() ==
        StreamReads{{"s", {entry("1-0", {{"a", "1"}}), entry("2-0", {{"b", "2"}})}}});
  CHECK(s.xreadgroup("g", "bob", {{"s", ">"}}).get() == StreamReads{{"s", {entry("3-0", {{"c", "3"}})}}});
  CHECK(s.xreadgroup("g", "bob", {{"s", ">"}}).get() == std::nullopt);
  // An id: the consumer's own pending entries after it; one deleted since
  // comes with no fields; none after the id is the stream with no entries.
  CHECK(s.xreadgroup("g", "alice", {{"s", "0"}}).get() ==
        StreamReads{{"s", {entry("1-0", {{"a", "1"}}), entry("2-0", {{"b", "2"}})}}});
  CHECK(s.xdel("s", "1-0").get() == 1);
  CHECK(s.xreadgroup("g", "alice", {{"s", "0"}}).get() ==
        StreamReads{{"s", {entry("1-0", {}), entry("2-0", {{"b", "2"}})}}});
  CHECK(s.xreadgroup("g", "alice", {{"s", "2-0"}}).get() == StreamReads{{"s", {}}});

  CHECK(s.xack("s", "g", "1-0", "2-0", "9-0").get() == 2);
  CHECK(s.xack("s", "g", {"1-0"}).get() == 0);
  CHECK(s.xack("s", "nogroup", Strings{"1-0"}).get() == 0);

  // NOACK: delivered, but not pending.
  s.xadd("s", {{"d", "4"}}, {.id = "4-0"}).get();
  CHECK(s.xreadgroup("g", "carol", {{"s", ">"}}, {.noack = true}).get() ==
        StreamReads{{"s", {entry("4-0", {{"d", "4"}})}}});
  CHECK(s.xpending("s", "g").get() == StreamPendingSummary{1, "3-0", "3-0", {{"bob", 1}}});

  CHECK(s.xgroup_createconsumer("s", "g", "dave").get());
  CHECK_FALSE(s.xgroup_createconsumer("s", "g", "dave").get());
  CHECK(s.xgroup_delconsumer("s", "g", "bob").get() == 1);  // the pending entry it had
  CHECK(s.xgroup_delconsumer("s", "g", "nobody").get() == 0);
  CHECK(s.xpending("s", "g").get() == StreamPendingSummary{0, std::nullopt, std::nullopt, {}});

  // entries-read and lag, as XINFO GROUPS gives them.
  CHECK(s.xinfo_groups("s").get() == std::vector<StreamGroupInfo>{{"g", 3, 0, "4-0", 4, 0}});
  s.xgroup_create("s", "g2", "0", {.entries_read = 1}).get();
  CHECK(s.xinfo_groups("s").get() ==
        std::vector<StreamGroupInfo>{{"g", 3, 0, "4-0", 4, 0}, {"g2", 0, 0, "0-0", 1, 3}});
  s.xgroup_setid("s", "g", "0", 0).get();
  s.xgroup_setid("s", "g2", "2-0").get();
  CHECK(s.xinfo_groups("s").get() ==
        std::vector<StreamGroupInfo>{{"g", 3, 0, "0-0", 0, 4}, {"g2", 0, 0, "2-0", std::nullopt, 2}});
  CHECK(s.xgroup_destroy("s", "g2").get());
  CHECK_FALSE(s.xgroup_destroy("s", "g2").get());

  CHECK(s.xinfo_stream("s").get() == StreamInfo{3, 1, 2, "4-0", "1-0", 4, "2-0", 1, entry("2-0", {{"b", "2"}}),
                                                entry("4-0", {{"d", "4"}})});
  s.xgroup_create("e", "g", "$", {.mkstream = true}).get();
  CHECK(s.xinfo_stream("e").get() == StreamInfo{0, 0, 1, "0-0", "0-0", 0, "0-0", 1, std::nullopt, std::nullopt});
  // FULL is a Value: a map with the entries and the groups in depth.
  const Value full = s.xinfo_stream_full("s").get();
  REQUIRE(full.type() == Value::Type::map);
  CHECK(not_redis::to_cli_string(full).find("last-delivered-id") != std::string::npos);
}

TEST_CASE("typed XPENDING, XCLAIM and XAUTOCLAIM with idle times on the store's clock") {
  Store store;
  auto& s = store.client();
  for (const char* id : {"1-0", "2-0", "3-0", "4-0"}) s.xadd("q", {{"f", std::string(1, id[0])}}, {.id = id}).get();
  s.xgroup_create("q", "g", "0").get();
  CHECK(s.xreadgroup("g", "alice", {{"q", ">"}}, {.count = 2}).get().has_value());
  store.advance(1500ms);
  CHECK(s.xreadgroup("g", "bob", {{"q", ">"}}).get().has_value());

  CHECK(s.xpending("q", "g", {}).get() == Pending{pending("1-0", "alice", 1500ms, 1), pending("2-0", "alice", 1500ms, 1),
                                                  pending("3-0", "bob", 0ms, 1), pending("4-0", "bob", 0ms, 1)});
  CHECK(s.xpending("q", "g", {.idle = 1000ms}).get() ==
        Pending{pending("1-0", "alice", 1500ms, 1), pending("2-0", "alice", 1500ms, 1)});
  CHECK(s.xpending("q", "g", {.consumer = "bob"}).get() ==
        Pending{pending("3-0", "bob", 0ms, 1), pending("4-0", "bob", 0ms, 1)});
  CHECK(s.xpending("q", "g", {.start = "(1-0", .count = 1}).get() == Pending{pending("2-0", "alice", 1500ms, 1)});
  CHECK(s.xpending("q", "g", {.consumer = "nobody"}).get().empty());
  CHECK(s.xpending("q", "g").get() == StreamPendingSummary{4, "1-0", "4-0", {{"alice", 2}, {"bob", 2}}});

  // min-idle-time: 1-0 has been idle 1500 ms.
  CHECK(s.xclaim("q", "g", "carol", 2000ms, {"1-0"}).get().empty());
  CHECK(s.xclaim("q", "g", "carol", 1000ms, {"1-0"}).get() == StreamEntries{entry("1-0", {{"f", "1"}})});
  // JUSTID does not count a delivery; RETRYCOUNT sets the count.
  CHECK(s.xclaim_justid("q", "g", "carol", 0ms, Strings{"2-0", "3-0"}, {.retrycount = 5}).get() == Strings{"2-0", "3-0"});
  CHECK(s.xclaim("q", "g", "carol", 0ms, {"4-0"}, {.idle = 700ms}).get() == StreamEntries{entry("4-0", {{"f", "4"}})});
  const auto now = std::chrono::system_clock::time_point(std::chrono::milliseconds(kStartMs + 1500));
  CHECK(s.xclaim_justid("q", "g", "carol", 0ms, {"3-0"}, {.time = now - 300ms}).get() == Strings{"3-0"});
  CHECK(s.xpending("q", "g", {}).get() == Pending{pending("1-0", "carol", 0ms, 2), pending("2-0", "carol", 0ms, 5),
                                                  pending("3-0", "carol", 300ms, 5), pending("4-0", "carol", 700ms, 2)});

  // FORCE claims an id no consumer holds (it counts one delivery, then the
  // claim another, as Redis does); LASTID moves the group's last-delivered id.
  s.xadd("q", {{"f", "5"}}, {.id = "5-0"}).get();
  CHECK(s.xclaim("q", "g", "dave", 0ms, {"5-0"}).get().empty());
  CHECK(s.xclaim("q", "g", "dave", 0ms, {"5-0"}, {.force = true, .lastid = "5-0"}).get() ==
        StreamEntries{entry("5-0", {{"f", "5"}})});
  CHECK(s.xinfo_groups("q").get() == std::vector<StreamGroupInfo>{{"g", 4, 5, "5-0", 4, 1}});

  // An id deleted from the stream: Redis 7.0 drops it from the reply and from
  // the pending list (no nil element).
  CHECK(s.xdel("q", "2-0").get() == 1);
  CHECK(store.run({"XCLAIM", "q", "g", "dave", "0", "2-0", "4-0"}) ==
        array({array({bulk("4-0"), bulks({"f", "4"})})}));
  CHECK(s.xpending("q", "g").get() == StreamPendingSummary{4, "1-0", "5-0", {{"carol", 2}, {"dave", 2}}});
  CHECK(s.xpending("q", "g", {.consumer = "dave"}).get() ==
        Pending{pending("4-0", "dave", 0ms, 3), pending("5-0", "dave", 0ms, 2)});

  // XAUTOCLAIM: an id deleted from the stream is reported (and leaves the
  // pending list) even when nothing is idle enough to claim; COUNT bounds the
  // reply and the cursor goes on from the next pending id, then ends at 0-0.
  CHECK(s.xdel("q", "3-0").get() == 1);
  store.advance(100ms);
  CHECK(s.xautoclaim("q", "g", "erin", 1000ms, "0").get() == StreamAutoClaim{"0-0", {}, {"3-0"}});
  CHECK(s.xautoclaim("q", "g", "erin", 0ms, "0", 2).get() ==
        StreamAutoClaim{"5-0", {entry("1-0", {{"f", "1"}}), entry("4-0", {{"f", "4"}})}, {}});
  CHECK(s.xautoclaim_justid("q", "g", "erin", 50ms, "5-0").get() == StreamAutoClaimIds{"0-0", {"5-0"}, {}});
  CHECK(s.xpending("q", "g", {}).get() == Pending{pending("1-0", "erin", 0ms, 3), pending("4-0", "erin", 0ms, 4),
                                                  pending("5-0", "erin", 0ms, 2)});

  // XINFO CONSUMERS: idle since each consumer last read or claimed.
  store.advance(250ms);
  CHECK(s.xinfo_consumers("q", "g").get() ==
        std::vector<StreamConsumerInfo>{{"alice", 0, 1850ms}, {"bob", 0, 350ms}, {"carol", 0, 350ms},
                                        {"dave", 0, 350ms}, {"erin", 3, 250ms}});
}

TEST_CASE("typed consumer-group errors throw not_redis::Error with Redis's text") {
  Store store;
  auto& s = store.client();
  s.xadd("s", {{"a", "1"}}, {.id = "1-0"}).get();
  CHECK(reply_error([&] { s.xreadgroup("nope", "c", {{"s", ">"}}).get(); }) ==
        "NOGROUP No such key 's' or consumer group 'nope' in XREADGROUP with GROUP option");
  CHECK(reply_error([&] { s.xpending("s", "nope").get(); }) == "NOGROUP No such key 's' or consumer group 'nope'");
  CHECK(reply_error([&] { s.xpending("nokey", "g", {}).get(); }) == "NOGROUP No such key 'nokey' or consumer group 'g'");
  CHECK(reply_error([&] { s.xclaim("s", "nope", "c", 0ms, {"1-0"}).get(); }) ==
        "NOGROUP No such key 's' or consumer group 'nope'");
  CHECK(reply_error([&] { s.xautoclaim("s", "nope", "c", 0ms, "0").get(); }) ==
        "NOGROUP No such key 's' or consumer group 'nope'");
  CHECK(reply_error([&] { s.xinfo_consumers("s", "nope").get(); }) ==
        "NOGROUP No such consumer group 'nope' for key name 's'");
  CHECK(reply_error([&] { s.xgroup_setid("s", "nope", "0").get(); }) ==
        "NOGROUP No such consumer group 'nope' for key name 's'");
  CHECK(reply_error([&] { s.xgroup_createconsumer("s", "nope", "c").get(); }) ==
        "NOGROUP No such consumer group 'nope' for key name 's'");
  CHECK(reply_error([&] { s.xinfo_groups("nokey").get(); }) == "ERR no such key");
  CHECK(reply_error([&] { s.xinfo_stream("nokey").get(); }) == "ERR no such key");
  CHECK(s.set("str", "v").get());
  CHECK(reply_error([&] { s.xgroup_create("str", "g").get(); }) == kWrongType);
  CHECK(error_kind([&] { s.xack("str", "g", "1-0").get(); }) == not_redis::Error::Kind::reply);
}

TEST_CASE("a typed blocking XREADGROUP is served by a later XADD, or gives nullopt when its time passes") {
  Store store;
  auto& s = store.client();
  s.xgroup_create("s", "g", "$", {.mkstream = true}).get();

  not_redis::Future<std::optional<StreamReads>> reader;
  std::thread([&] { reader = s.xreadgroup("g", "alice", {{"s", ">"}}, {.block = 0s}); }).join();
  store->run_until_idle();
  CHECK_FALSE(reader.ready());
  CHECK(info_field(store, "clients", "blocked_clients") == "1");
  CHECK(s.xadd("s", {{"new", "1"}}, {.id = "1-0"}).get() == "1-0");
  REQUIRE(reader.ready());
  CHECK(reader.get() == StreamReads{{"s", {entry("1-0", {{"new", "1"}})}}});
  CHECK(s.xpending("s", "g").get() == StreamPendingSummary{1, "1-0", "1-0", {{"alice", 1}}});

  auto waiting = s.xreadgroup("g", "bob", {{"s", ">"}}, {.count = 5, .block = 500ms, .noack = true});
  store->run_for(500ms);
  CHECK_FALSE(waiting.ready());
  store->run_for(1ms);
  REQUIRE(waiting.ready());
  CHECK(waiting.get() == std::nullopt);
  CHECK(info_field(store, "clients", "blocked_clients") == "0");

  // A waiting reader whose group goes, or whose key goes, gets Redis's error.
  not_redis::Future<std::optional<StreamReads>> orphan;
  std::thread([&] { orphan = s.xreadgroup("g", "carol", {{"s", ">"}}, {.block = 0s}); }).join();
  store->run_until_idle();
  CHECK_FALSE(orphan.ready());
  CHECK(s.xgroup_destroy("s", "g").get());
  REQUIRE(orphan.ready());
  CHECK(reply_error([&] { orphan.get(); }) == "NOGROUP the consumer group this client was blocked on no longer exists");
  s.xgroup_create("s", "g").get();
  std::thread([&] { orphan = s.xreadgroup("g", "carol", {{"s", ">"}}, {.block = 0s}); }).join();
  store->run_until_idle();
  CHECK_FALSE(orphan.ready());
  CHECK(s.del("s").get() == 1);
  REQUIRE(orphan.ready());
  CHECK(reply_error([&] { orphan.get(); }) == "UNBLOCKED the stream key no longer exists");
}

TEST_CASE("the consumer-group methods work on pipelines, transactions and inside atomically()") {
  Store store;
  auto& s = store.client();
  s.xadd("s", {{"a", "1"}}, {.id = "1-0"}).get();

  not_redis::Pipeline pipeline;
  pipeline.xgroup_create("s", "g", "0");
  const auto read = pipeline.xreadgroup("g", "alice", {{"s", ">"}});
  const auto summary = pipeline.xpending("s", "g");
  const not_redis::Replies piped = store->execute(std::move(pipeline)).get();
  CHECK(piped[read] == StreamReads{{"s", {entry("1-0", {{"a", "1"}})}}});
  CHECK(piped[summary] == StreamPendingSummary{1, "1-0", "1-0", {{"alice", 1}}});

  not_redis::Transaction tx;
  const auto claimed = tx.xclaim_justid("s", "g", "bob", 0ms, {"1-0"});
  const auto groups = tx.xinfo_groups("s");
  const not_redis::Replies replies = store->execute(std::move(tx)).get();
  CHECK(replies[claimed] == Strings{"1-0"});
  CHECK(replies[groups] == std::vector<StreamGroupInfo>{{"g", 2, 1, "1-0", 1, 0}});

  auto view = store->atomically([](not_redis::AtomicView& v) {
    const long long acked = v.xack("s", "g", "1-0");
    // A blocking XREADGROUP answers at once inside atomically().
    return std::make_pair(acked, v.xreadgroup("g", "bob", {{"s", ">"}}, {.block = 0s}));
  });
  const auto [acked, nothing] = view.get();
  CHECK(acked == 1);
  CHECK(nothing == std::nullopt);
}
