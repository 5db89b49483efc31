// The typed stream methods: the arguments they send (checked on a Pipeline,
// whatever the store knows), and their replies converted, with the values
// redis-server 7.0 gives for the same commands.

#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "harness.hpp"

using namespace test;
using not_redis::StreamEntries;
using not_redis::StreamEntry;
using not_redis::StreamReads;
using not_redis::StreamTrim;
using Strings = std::vector<std::string>;
using Fields = std::vector<std::pair<std::string, std::string>>;

namespace {

const std::string kNotAbove = "ERR The ID specified in XADD is equal or smaller than the target stream top item";
const std::string kSetIdBelow = "ERR The ID specified in XSETID is smaller than the target stream top item";
const std::string kLimitNeedsTilde = "ERR syntax error, LIMIT cannot be used without the special ~ option";

/// The ManualClock's start (2026-01-01T00:00:00Z) in milliseconds, as `*` ids begin.
constexpr long long kStartMs = 1767225600000LL;

StreamEntry entry(std::string id, Fields fields) { return {std::move(id), std::move(fields)}; }

} // namespace

TEST_CASE("typed stream methods write ids, trimming and XREAD's streams as Redis reads them") {
  using P = not_redis::Pipeline;
  CHECK(queued_argv([](P& p) { p.xadd("s", {{"a", "1"}, {"b", "2"}}); }) == Strings{"XADD", "s", "*", "a", "1", "b", "2"});
  // XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] id field value ...
  CHECK(queued_argv([](P& p) {
          p.xadd("s", {{"f", "v"}}, {.id = "5-*", .nomkstream = true, .trim = StreamTrim::maxlen(1000, true, 100)});
        }) == Strings{"XADD", "s", "NOMKSTREAM", "MAXLEN", "~", "1000", "LIMIT", "100", "5-*", "f", "v"});
  CHECK(queued_argv([](P& p) { p.xadd("s", {{"f", "v"}}, {.trim = StreamTrim::minid("7-0")}); }) ==
        Strings{"XADD", "s", "MINID", "7-0", "*", "f", "v"});
  const std::map<std::string, int> numbers{{"x", 1}, {"y", -2}};
  CHECK(queued_argv([&](P& p) { p.xadd("s", numbers, {.id = "1-1"}); }) == Strings{"XADD", "s", "1-1", "x", "1", "y", "-2"});
  const Fields binary{{std::string("f\0", 2), std::string("\r\n\0v", 4)}};
  CHECK(queued_argv([&](P& p) { p.xadd("s", binary); }) ==
        Strings{"XADD", "s", "*", std::string("f\0", 2), std::string("\r\n\0v", 4)});

  CHECK(queued_argv([](P& p) { p.xlen("s"); }) == Strings{"XLEN", "s"});
  CHECK(queued_argv([](P& p) { p.xrange("s"); }) == Strings{"XRANGE", "s", "-", "+"});
  CHECK(queued_argv([](P& p) { p.xrange("s", "(1-1", "5", 10); }) == Strings{"XRANGE", "s", "(1-1", "5", "COUNT", "10"});
  CHECK(queued_argv([](P& p) { p.xrevrange("s"); }) == Strings{"XREVRANGE", "s", "+", "-"});
  CHECK(queued_argv([](P& p) { p.xrevrange("s", "(9-0", "-", 2); }) ==
        Strings{"XREVRANGE", "s", "(9-0", "-", "COUNT", "2"});
  CHECK(queued_argv([](P& p) { p.xdel("s", "1-1", "2-0"); }) == Strings{"XDEL", "s", "1-1", "2-0"});
  CHECK(queued_argv([](P& p) { p.xdel("s", {"1-1"}); }) == Strings{"XDEL", "s", "1-1"});
  CHECK(queued_argv([](P& p) { p.xdel("s", Strings{"1-1", "3-3"}); }) == Strings{"XDEL", "s", "1-1", "3-3"});
  CHECK(queued_argv([](P& p) { p.xtrim("s", StreamTrim::maxlen(0)); }) == Strings{"XTRIM", "s", "MAXLEN", "0"});
  CHECK(queued_argv([](P& p) { p.xtrim("s", StreamTrim::minid("3-0", true, 0)); }) ==
        Strings{"XTRIM", "s", "MINID", "~", "3-0", "LIMIT", "0"});
  CHECK(queued_argv([](P& p) { p.xtrim("s", {.strategy = StreamTrim::Strategy::minid, .threshold = "2"}); }) ==
        Strings{"XTRIM", "s", "MINID", "2"});
  CHECK(queued_argv([](P& p) { p.xsetid("s", "5-0"); }) == Strings{"XSETID", "s", "5-0"});
  CHECK(queued_argv([](P& p) { p.xsetid("s", "5-0", 10, "4-0"); }) ==
        Strings{"XSETID", "s", "5-0", "ENTRIESADDED", "10", "MAXDELETEDID", "4-0"});
  CHECK(queued_argv([](P& p) { p.xsetid("s", "5-0", {}, "4-0"); }) == Strings{"XSETID", "s", "5-0", "MAXDELETEDID", "4-0"});

  // XREAD [COUNT count] [BLOCK ms] STREAMS key ... id ...
  CHECK(queued_argv([](P& p) { p.xread({{"s1", "0"}, {"s2", "$"}}); }) == Strings{"XREAD", "STREAMS", "s1", "s2", "0", "$"});
  CHECK(queued_argv([](P& p) { p.xread({{"s", "1-1"}}, {.count = 10, .block = 1500ms}); }) ==
        Strings{"XREAD", "COUNT", "10", "BLOCK", "1500", "STREAMS", "s", "1-1"});
  const std::vector<std::pair<std::string, std::string>> streams{{"a", "0-1"}, {"b", "0"}, {"c", "$"}};
  CHECK(queued_argv([&](P& p) { p.xread(streams, {.block = 0s}); }) ==
        Strings{"XREAD", "BLOCK", "0", "STREAMS", "a", "b", "c", "0-1", "0", "$"});
}

TEST_CASE("the conversions behind the stream replies, from the RESP3 and RESP2 shapes") {
  // XRANGE: [[id, [field, value, ...]], ...]; an entry that XREADGROUP's
  // history still names but that was deleted is [id, nil]: no fields.
  CHECK(not_redis::from_value<StreamEntries>(array({array({bulk("1-0"), bulks({"a", "1", "b", "2"})}),
                                                    array({bulk("2-0"), nil()}),
                                                    array({bulk("3-0"), Value::null_array()})})) ==
        StreamEntries{entry("1-0", {{"a", "1"}, {"b", "2"}}), entry("2-0", {}), entry("3-0", {})});
  CHECK(not_redis::from_value<StreamEntries>(Value::null_array()).empty());  // XRANGE ... COUNT 0
  CHECK(error_kind([] { not_redis::from_value<StreamEntry>(bulks({"1-0"})); }) == not_redis::Error::Kind::conversion);

  // XREAD to an in-process caller: a RESP3 map of key -> entries.
  const Value resp3 = Value::map({bulk("s1"), array({array({bulk("1-0"), bulks({"f", "v"})})}),
                                  bulk("s2"), array({array({bulk("2-0"), bulks({"g", "w"})})})});
  const StreamReads expected{{"s1", {entry("1-0", {{"f", "v"}})}}, {"s2", {entry("2-0", {{"g", "w"}})}}};
  CHECK(not_redis::from_value<std::optional<StreamReads>>(Value(resp3)) == expected);
  // ... and to a RESP2 network client: an array of [key, entries] pairs.
  const Value resp2 = array({array({bulk("s1"), array({array({bulk("1-0"), bulks({"f", "v"})})})}),
                             array({bulk("s2"), array({array({bulk("2-0"), bulks({"g", "w"})})})})});
  CHECK(not_redis::from_value<std::optional<StreamReads>>(Value(resp2)) == expected);
  using ByKey = std::map<std::string, StreamEntries>;
  CHECK(not_redis::from_value<std::optional<ByKey>>(Value(resp2)) == ByKey(expected.begin(), expected.end()));
  // Nothing to read (or a timeout): a null array.
  CHECK(not_redis::from_value<std::optional<StreamReads>>(Value::null_array()) == std::nullopt);
}

TEST_CASE("typed stream methods give Redis's replies as C++ values") {
  Store store;
  auto& s = store.client();
  // `*` is the clock's milliseconds, then a sequence within the same millisecond.
  CHECK(s.xadd("auto", {{"a", "1"}}).get() == std::to_string(kStartMs) + "-0");
  CHECK(s.xadd("auto", {{"a", "2"}}).get() == std::to_string(kStartMs) + "-1");
  store.clock.advance(5ms);
  CHECK(s.xadd("auto", {{"a", "3"}}).get() == std::to_string(kStartMs + 5) + "-0");
  CHECK(s.xadd("auto", {{"a", "4"}}, {.id = std::to_string(kStartMs + 5) + "-*"}).get() ==
        std::to_string(kStartMs + 5) + "-1");

  // NOMKSTREAM on a missing key: nil, and no key.
  CHECK(s.xadd("nos", {{"a", "1"}}, {.nomkstream = true}).get() == std::nullopt);
  CHECK(s.exists("nos").get() == 0);

  CHECK(s.xadd("s", {{"a", "1"}}, {.id = "1-1"}).get() == "1-1");
  CHECK(reply_error([&] { s.xadd("s", {{"a", "1"}}, {.id = "1-1"}).get(); }) == kNotAbove);
  const Fields two{{"b", "2"}, {"c", "3"}};
  CHECK(s.xadd("s", two, {.id = "2-0"}).get() == "2-0");
  CHECK(s.xadd("s", {{"d", "4"}}, {.id = "3-0", .nomkstream = true}).get() == "3-0");
  CHECK(s.xlen("s").get() == 3);
  CHECK(s.xlen("missing").get() == 0);

  CHECK(s.xrange("s").get() ==
        StreamEntries{entry("1-1", {{"a", "1"}}), entry("2-0", two), entry("3-0", {{"d", "4"}})});
  CHECK(s.xrange("s", "(1-1", "+", 1).get() == StreamEntries{entry("2-0", two)});
  CHECK(s.xrange("s", "2", "2").get() == StreamEntries{entry("2-0", two)});  // 2 is 2-0 .. 2-max
  CHECK(s.xrange("s", "-", "+", 0).get().empty());
  CHECK(s.xrange("missing").get().empty());
  CHECK(s.xrevrange("s", "+", "-", 2).get() == StreamEntries{entry("3-0", {{"d", "4"}}), entry("2-0", two)});
  CHECK(s.xrevrange("s", "(3-0").get() == StreamEntries{entry("2-0", two), entry("1-1", {{"a", "1"}})});
  CHECK(s.xrange<std::vector<std::pair<std::string, Fields>>>("s", "3-0").get() ==
        std::vector<std::pair<std::string, Fields>>{{"3-0", {{"d", "4"}}}});

  CHECK(s.xdel("s", "1-1", "99-0").get() == 1);
  CHECK(s.xlen("s").get() == 2);
  CHECK(s.xtrim("s", StreamTrim::maxlen(1)).get() == 1);
  CHECK(s.xrange("s").get() == StreamEntries{entry("3-0", {{"d", "4"}})});

  // XSETID moves the last id (never below the newest entry); XADD then has to go above it.
  s.xsetid("s", "5-0", 10, "4-0").get();
  CHECK(reply_error([&] { s.xadd("s", {{"x", "y"}}, {.id = "4-0"}).get(); }) == kNotAbove);
  CHECK(s.xadd("s", {{"x", "y"}}, {.id = "5-1"}).get() == "5-1");
  CHECK(reply_error([&] { s.xsetid("s", "1-0").get(); }) == kSetIdBelow);

  // Approximate trimming removes whole nodes only: these three entries share
  // one, so nothing goes; exact trimming refuses LIMIT.
  CHECK(s.xadd("s", {{"e", "5"}}, {.id = "6-0", .trim = StreamTrim::maxlen(1, true, 10)}).get() == "6-0");
  CHECK(s.xlen("s").get() == 3);
  CHECK(s.xtrim("s", StreamTrim::minid("6-0", true, 10)).get() == 0);
  CHECK(reply_error([&] { s.xtrim("s", StreamTrim::minid("6-0", false, 10)).get(); }) == kLimitNeedsTilde);
  CHECK(s.xtrim("s", StreamTrim::minid("6-0")).get() == 2);
  CHECK(s.xadd("s", {{"f", "6"}}, {.id = "7-0", .trim = StreamTrim::maxlen(1)}).get() == "7-0");
  CHECK(s.xrange("s").get() == StreamEntries{entry("7-0", {{"f", "6"}})});

  // Binary-safe fields and values.
  const Fields binary{{std::string("f\0", 2), std::string("\r\n\0v", 4)}, {"", ""}};
  CHECK(s.xadd("bin", binary, {.id = "1-0"}).get() == "1-0");
  CHECK(s.xrange("bin").get() == StreamEntries{entry("1-0", binary)});

  // Wrong types throw the error reply.
  CHECK(s.set("str", "v").get());
  CHECK(reply_error([&] { s.xlen("str").get(); }) == kWrongType);
  CHECK(reply_error([&] { s.xadd("str", {{"a", "1"}}).get(); }) == kWrongType);
  CHECK(reply_error([&] { s.xread({{"str", "0"}}).get(); }) == kWrongType);
  CHECK(error_kind([&] { s.xrange("str").get(); }) == not_redis::Error::Kind::reply);
}

TEST_CASE("typed XREAD reads several streams, in the order asked, and $ waits for new entries") {
  Store store;
  auto& s = store.client();
  s.xadd("s1", {{"f", "v"}}, {.id = "1-0"}).get();
  s.xadd("s1", {{"f", "w"}}, {.id = "2-0"}).get();
  s.xadd("t", {{"g", "x"}}, {.id = "1-0"}).get();
  // The store answers an in-process caller with a RESP3 map.
  CHECK(store.run({"XREAD", "STREAMS", "t", "0"}).type() == Value::Type::map);

  CHECK(s.xread({{"t", "0"}, {"missing", "0"}, {"s1", "1-0"}}).get() ==
        StreamReads{{"t", {entry("1-0", {{"g", "x"}})}}, {"s1", {entry("2-0", {{"f", "w"}})}}});
  CHECK(s.xread({{"s1", "0"}, {"t", "0"}}, {.count = 1}).get() ==
        StreamReads{{"s1", {entry("1-0", {{"f", "v"}})}}, {"t", {entry("1-0", {{"g", "x"}})}}});
  const std::vector<std::pair<std::string, std::string>> asked{{"s1", "2-0"}, {"t", "1-0"}};
  CHECK(s.xread(asked).get() == std::nullopt);
  CHECK(s.xread({{"s1", "$"}, {"missing", "$"}}).get() == std::nullopt);
  using ByKey = std::map<std::string, StreamEntries>;
  CHECK(s.xread<ByKey>({{"s1", "1"}}).get() == ByKey{{"s1", {entry("2-0", {{"f", "w"}})}}});
}

TEST_CASE("a typed blocking XREAD is served by a later XADD, or gives nullopt when its time passes") {
  Store store;
  auto& s = store.client();
  s.xadd("s", {{"old", "1"}}, {.id = "1-0"}).get();

  // Posted from another thread, like an application's reader: it runs at the
  // next run_until_idle(), finds nothing after `$` and waits.
  not_redis::Future<std::optional<StreamReads>> reader;
  std::thread([&] { reader = s.xread({{"other", "$"}, {"s", "$"}}, {.block = 0s}); }).join();
  store->run_until_idle();
  CHECK_FALSE(reader.ready());
  CHECK(info_field(store, "clients", "blocked_clients") == "1");
  CHECK(s.xadd("s", {{"new", "2"}}, {.id = "2-0"}).get() == "2-0");
  REQUIRE(reader.ready());
  CHECK(reader.get() == StreamReads{{"s", {entry("2-0", {{"new", "2"}})}}});

  // A timeout on the store's clock: nothing at 500 ms, nullopt just past it.
  auto waiting = s.xread({{"s", "$"}}, {.count = 5, .block = 500ms});
  store->run_for(500ms);
  CHECK_FALSE(waiting.ready());
  store->run_for(1ms);
  REQUIRE(waiting.ready());
  CHECK(waiting.get() == std::nullopt);
  CHECK(info_field(store, "clients", "blocked_clients") == "0");
}

TEST_CASE("the stream methods work on pipelines, transactions and inside atomically()") {
  Store store;
  not_redis::Pipeline pipeline;
  const auto added = pipeline.xadd("s", {{"a", "1"}}, {.id = "1-0"});
  const auto length = pipeline.xlen("s");
  const auto read = pipeline.xread({{"s", "0"}});
  const not_redis::Replies piped = store->execute(std::move(pipeline)).get();
  CHECK(piped[added] == "1-0");
  CHECK(piped[length] == 1);
  CHECK(piped[read] == StreamReads{{"s", {entry("1-0", {{"a", "1"}})}}});

  not_redis::Transaction tx;
  const auto second = tx.xadd("s", {{"b", "2"}}, {.id = "2-0", .trim = StreamTrim::maxlen(1)});
  const auto range = tx.xrevrange("s");
  tx.xsetid("s", "9-0");
  const not_redis::Replies replies = store->execute(std::move(tx)).get();
  CHECK(replies[second] == "2-0");
  CHECK(replies[range] == StreamEntries{entry("2-0", {{"b", "2"}})});

  auto view = store->atomically([](not_redis::AtomicView& v) {
    v.xdel("s", "2-0");
    // A blocking XREAD answers at once inside atomically(): nothing to wait for.
    return std::make_pair(v.xrange("s"), v.xread({{"s", "$"}}, {.block = 0s}));
  });
  const auto [entries, nothing] = view.get();
  CHECK(entries.empty());
  CHECK(nothing == std::nullopt);
}
