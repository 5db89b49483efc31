// DUMP and RESTORE, against what redis-server 7.0 replies: every error text
// and option below was checked against Debian's redis-server 7.0 (and the
// notification order with PSUBSCRIBE __keyevent@0__:*). The payload format
// is checked three ways: round trips inside not_redis for every type and
// encoding; malformed payloads (every truncation, every bit flip, with the
// trailer recomputed so the decoder sees them); and exchanges with a real
// redis-server in both directions (REDIS_SERVER names its binary).

#include <algorithm>
#include <chrono>
#include <functional>
#include <mutex>

#include <not_redis/subscriber.hpp>

#include "harness.hpp"
#include "parity/redis_process.hpp"
#include "util/crc64.hpp"

using namespace test;
using namespace std::chrono_literals;

namespace {

const std::string kBusyKey = "BUSYKEY Target key name already exists.";
const std::string kBadPayload = "ERR DUMP payload version or checksum are wrong";
const std::string kBadData = "ERR Bad data format";

std::string payload_of(const Value& dumped) {
  REQUIRE(dumped.is_string());
  return dumped.string();
}

/// `body` (a type byte and an object) with a fresh trailer: RDB version
/// `version` and the CRC-64 of everything before it.
std::string with_trailer(std::string body, unsigned version = 10) {
  body.push_back(static_cast<char>(version & 0xff));
  body.push_back(static_cast<char>(version >> 8));
  const std::uint64_t crc = not_redis::detail::crc64(0, body);
  for (int i = 0; i < 8; ++i) body.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
  return body;
}

std::string body_of(const std::string& payload) { return payload.substr(0, payload.size() - 10); }

/// Runs a command somewhere and returns its RESP2 reply bytes.
using Exec = std::function<std::string(const std::vector<std::string>&)>;

Value run(Store& store, const std::vector<std::string>& argv) {
  not_redis::Argv args;
  for (const std::string& a : argv) args.push_back(a);
  return store->execute(std::move(args)).get();
}

Exec exec_on(Store& store) {
  return [&store](const std::vector<std::string>& argv) {
    return wire(run(store, argv), 2);
  };
}

Exec exec_on(parity::Connection& redis) {
  return [&redis](const std::vector<std::string>& argv) { return redis.call(argv); };
}

/// An aggregate reply's children, sorted (sets and hashes come in an
/// order of the encoding's choosing); a hash's pairs stay together.
std::string sorted_reply(const std::string& raw, std::size_t group) {
  const parity::Reply reply = parity::parse_reply(raw);
  std::vector<std::string> items;
  for (std::size_t i = 0; i < reply.children.size(); i += group) {
    std::string item;
    for (std::size_t j = i; j < i + group && j < reply.children.size(); ++j) item += reply.children[j].serialize();
    items.push_back(item);
  }
  std::sort(items.begin(), items.end());
  std::string out = reply.head;
  for (const std::string& item : items) out += item;
  return out;
}

/// The leaves of a reply, in order: ZRANGE WITHSCORES's pairs as RESP2
/// sends them (the in-process reply nests them, as RESP3 would).
std::string flattened(const std::string& raw) {
  std::string out;
  std::function<void(const parity::Reply&)> walk = [&](const parity::Reply& r) {
    if (!r.is_aggregate()) out += r.serialize();
    for (const parity::Reply& c : r.children) walk(c);
  };
  walk(parity::parse_reply(raw));
  return out;
}

/// XINFO STREAM FULL without radix-tree-nodes (the inner nodes of Redis's
/// rax, which not_redis does not have).
std::string stream_view(const std::string& raw) {
  parity::Reply reply = parity::parse_reply(raw);
  std::string out;
  for (std::size_t i = 0; i + 1 < reply.children.size(); i += 2) {
    if (reply.children[i].text() == "radix-tree-nodes") continue;
    out += reply.children[i].serialize() + reply.children[i + 1].serialize();
  }
  return out;
}

/// Everything a client can see of `key`: its type, encoding and contents.
std::string view(const Exec& exec, const std::string& key) {
  const std::string type = exec({"TYPE", key});
  std::string out = type + exec({"OBJECT", "ENCODING", key});
  if (type == "+string\r\n") out += exec({"GET", key});
  else if (type == "+list\r\n") out += exec({"LRANGE", key, "0", "-1"});
  else if (type == "+set\r\n") out += sorted_reply(exec({"SMEMBERS", key}), 1);
  else if (type == "+hash\r\n") out += sorted_reply(exec({"HGETALL", key}), 2);
  else if (type == "+zset\r\n") out += flattened(exec({"ZRANGE", key, "0", "-1", "WITHSCORES"}));
  else if (type == "+stream\r\n") out += stream_view(exec({"XINFO", "STREAM", key, "FULL"}));
  return out;
}

std::vector<std::string> numbered(std::string_view prefix, int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(std::string(prefix) + std::to_string(i));
  return out;
}

/// A command with `items` appended.
std::vector<std::string> with(std::vector<std::string> argv, const std::vector<std::string>& items) {
  argv.insert(argv.end(), items.begin(), items.end());
  return argv;
}

/// Values of every type and encoding, each built by the same commands on
/// whatever `exec` runs them: key name -> expected OBJECT ENCODING.
std::vector<std::pair<std::string, std::string>> build_samples(const Exec& exec) {
  std::vector<std::pair<std::string, std::string>> keys;
  auto run = [&](const std::vector<std::string>& argv) {
    const std::string reply = exec(argv);
    CAPTURE(argv[0]);
    REQUIRE(reply.substr(0, 1) != "-");
  };
  const std::string long_text(300, 'a');  // compressible: Redis writes it LZF
  std::string noise;
  for (int i = 0; i < 100; ++i) noise += std::to_string(i * 7919 % 1000);
  const std::string binary("a\0b\r\n\xff", 6);
  const std::pair<std::string, std::string> strings[] = {
      {"s:int8", "-12"},         {"s:int16", "3000"},        {"s:int32", "-2000000000"},
      {"s:int64", "9223372036854775807"}, {"s:short", "hello"}, {"s:binary", binary},
      {"s:notcanonical", "007"}, {"s:long", long_text},       {"s:noise", noise},
      {"s:empty", ""},
  };
  for (const auto& [key, value] : strings) {
    run({"SET", key, value});
    keys.emplace_back(key, "");
  }
  run({"SET", "s:raw", "x"});
  run({"APPEND", "s:raw", "yz"});
  keys.emplace_back("s:raw", "raw");

  run({"RPUSH", "l:small", "a", "1", "-70000", binary, ""});
  run(with({"RPUSH", "l:big"}, numbered("element-", 5000)));
  run(with({"RPUSH", "l:wide"}, {std::string(10000, 'w'), "x", std::string(9000, 'v'), std::string(70000, 'u')}));
  for (const char* k : {"l:small", "l:big", "l:wide"}) keys.emplace_back(k, "quicklist");

  run({"SADD", "set:int16", "1", "-5", "300"});
  run({"SADD", "set:int32", "1", "-5", "70000"});
  run({"SADD", "set:int64", "1", "-5", "-9223372036854775808"});
  run(with({"SADD", "set:bigints"}, numbered("", 600)));
  run({"SADD", "set:table", "a", "1", binary});
  for (const char* k : {"set:int16", "set:int32", "set:int64"}) keys.emplace_back(k, "intset");
  keys.emplace_back("set:bigints", "hashtable");
  keys.emplace_back("set:table", "hashtable");

  run({"HSET", "h:small", "f", "v", "1", "2", binary, "-300", "e", ""});
  std::vector<std::string> pairs;
  for (int i = 0; i < 600; ++i) pairs.insert(pairs.end(), {"field" + std::to_string(i), std::to_string(i * 31)});
  run(with({"HSET", "h:many"}, pairs));
  run({"HSET", "h:longvalue", "f", std::string(100, 'z')});
  keys.emplace_back("h:small", "listpack");
  keys.emplace_back("h:many", "hashtable");
  keys.emplace_back("h:longvalue", "hashtable");

  run({"ZADD", "z:small", "1", "a", "1.5", "b", "-inf", "c", "inf", "d", "-0", "e", "3e100", "f", "0.1", "g", "7", "8"});
  std::vector<std::string> scored;
  for (int i = 0; i < 300; ++i) scored.insert(scored.end(), {std::to_string(i % 17) + ".25", "m" + std::to_string(i)});
  run(with({"ZADD", "z:big"}, scored));
  run({"ZADD", "z:longmember", "1", std::string(100, 'q'), "2", "x"});
  keys.emplace_back("z:small", "listpack");
  keys.emplace_back("z:big", "skiplist");
  keys.emplace_back("z:longmember", "skiplist");

  // Streams: several nodes, deletions, other fields than the master's,
  // groups with pending entries and consumers.
  for (int i = 1; i <= 250; ++i) {
    const std::string id = std::to_string(1000 + i / 3) + "-" + std::to_string(i % 3);
    if (i % 10 == 0) run({"XADD", "x:full", id, "other", std::to_string(i), "more", "x"});
    else run({"XADD", "x:full", id, "name", "n" + std::to_string(i), "value", std::to_string(i * 13)});
  }
  run({"XDEL", "x:full", "1003-0", "1050-1", "1080-2"});
  run({"XGROUP", "CREATE", "x:full", "g1", "0"});
  run({"XGROUP", "CREATE", "x:full", "g2", "$"});
  run({"XREADGROUP", "GROUP", "g1", "alice", "COUNT", "5", "STREAMS", "x:full", ">"});
  run({"XREADGROUP", "GROUP", "g1", "bob", "COUNT", "3", "STREAMS", "x:full", ">"});
  run({"XACK", "x:full", "g1", "1000-2"});
  run({"XGROUP", "CREATECONSUMER", "x:full", "g2", "carol"});
  run({"XADD", "x:small", "1-1", "a", "1"});
  run({"XGROUP", "CREATE", "x:empty", "g", "$", "MKSTREAM"});
  run({"XADD", "x:emptied", "5-5", "a", "1"});
  run({"XDEL", "x:emptied", "5-5"});
  for (const char* k : {"x:full", "x:small", "x:empty", "x:emptied"}) keys.emplace_back(k, "stream");
  return keys;
}

} // namespace

TEST_CASE("crc64 is Redis's: the check value of crc64.c") {
  CHECK(not_redis::detail::crc64(0, "123456789") == 0xe9c6d914c4b8d9caULL);
}

TEST_CASE("DUMP of a string is Redis's payload, byte for byte") {
  Store store;
  // Both from redis-server 7.0's DUMP.
  store.run({"SET", "k", "123456"});
  CHECK(store.run({"DUMP", "k"}) == bulk(std::string("\x00\xc2@\xe2\x01\x00\n\x00""C&G\xf4""C\x19r\x83", 16)));
  store.run({"SET", "k", "v"});
  CHECK(store.run({"DUMP", "k"}) == bulk(std::string("\x00\x01v\n\x00\x91\x08\xce\xb2\x19""8\x8a\xce", 13)));
  CHECK(store.run({"DUMP", "nokey"}) == nil());
  CHECK(store.run({"DUMP"}) == arity_error("dump"));
}

TEST_CASE("RESTORE: options and errors in Redis's order") {
  Store store;
  store.run({"SET", "k", "v"});
  const std::string payload = payload_of(store.run({"DUMP", "k"}));

  CHECK(store.run({"RESTORE", "k", "0", payload}) == err(kBusyKey));
  CHECK(store.run({"RESTORE", "n", "-1", payload}) == err("ERR Invalid TTL value, must be >= 0"));
  CHECK(store.run({"RESTORE", "n", "abc", payload}) == err(kNotInteger));
  CHECK(store.run({"RESTORE", "n", "0", "xx"}) == err(kBadPayload));
  CHECK(store.run({"RESTORE", "n", "0", payload.substr(0, payload.size() - 1) + "x"}) == err(kBadPayload));
  CHECK(store.run({"RESTORE", "n", "0", payload, "IDLETIME", "-1"}) == err("ERR Invalid IDLETIME value, must be >= 0"));
  CHECK(store.run({"RESTORE", "n", "0", payload, "idletime", "x"}) == err(kNotInteger));
  CHECK(store.run({"RESTORE", "n", "0", payload, "FREQ", "256"}) == err("ERR Invalid FREQ value, must be >= 0 and <= 255"));
  CHECK(store.run({"RESTORE", "n", "0", payload, "freq", "-1"}) == err("ERR Invalid FREQ value, must be >= 0 and <= 255"));
  CHECK(store.run({"RESTORE", "n", "0", payload, "FREQ", "x"}) == err(kNotInteger));
  CHECK(store.run({"RESTORE", "n", "0", payload, "IDLETIME", "1", "FREQ", "1"}) == err(kSyntax));
  CHECK(store.run({"RESTORE", "n", "0", payload, "FREQ", "1", "IDLETIME", "1"}) == err(kSyntax));
  CHECK(store.run({"RESTORE", "n", "0", payload, "IDLETIME"}) == err(kSyntax));
  CHECK(store.run({"RESTORE", "n", "0", payload, "bogus"}) == err(kSyntax));
  // Options first, then the key, then the TTL.
  CHECK(store.run({"RESTORE", "k", "abc", payload, "bogus"}) == err(kSyntax));
  CHECK(store.run({"RESTORE", "k", "-1", payload, "REPLACE"}) == err("ERR Invalid TTL value, must be >= 0"));
  CHECK(store.run({"RESTORE", "n"}) == arity_error("restore"));
  CHECK(store.run({"EXISTS", "n"}) == integer(0));

  // Versions up to 10 pass, 11 does not; bytes after the value are ignored.
  CHECK(store.run({"RESTORE", "v9", "0", with_trailer(body_of(payload), 9)}) == ok());
  CHECK(store.run({"RESTORE", "v11", "0", with_trailer(body_of(payload), 11)}) == err(kBadPayload));
  CHECK(store.run({"RESTORE", "trailing", "0", with_trailer(body_of(payload) + "zz")}) == ok());
  CHECK(store.run({"GET", "trailing"}) == bulk("v"));
  CHECK(store.run({"RESTORE", "badtype", "0", with_trailer("\x63" + body_of(payload).substr(1))}) == err(kBadData));
  CHECK(store.run({"RESTORE", "nothing", "0", with_trailer("")}) == err(kBadData));

  CHECK(store.run({"RESTORE", "n", "0", payload, "REPLACE", "ABSTTL", "IDLETIME", "5"}) == ok());
  CHECK(store.run({"RESTORE", "f", "0", payload, "FREQ", "255"}) == ok());
  CHECK(store.run({"RESTORE-ASKING", "a", "0", payload}) == ok());
  CHECK(store.run({"GET", "a"}) == bulk("v"));
  CHECK(store.run({"RESTORE", "k", "0", payload, "replace"}) == ok());
  CHECK(store.run({"GET", "k"}) == bulk("v"));
}

TEST_CASE("RESTORE: TTLs, relative and absolute, and an expired one") {
  Store store;
  store.run({"SET", "k", "v"});
  const std::string payload = payload_of(store.run({"DUMP", "k"}));
  const long long now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(store.clock.now()).count();

  CHECK(store.run({"RESTORE", "rel", "5000", payload}) == ok());
  CHECK(store.run({"PTTL", "rel"}) == integer(5000));
  CHECK(store.run({"RESTORE", "abs", std::to_string(now_ms + 7000), payload, "ABSTTL"}) == ok());
  CHECK(store.run({"PEXPIRETIME", "abs"}) == integer(now_ms + 7000));
  CHECK(store.run({"RESTORE", "none", "0", payload}) == ok());
  CHECK(store.run({"PTTL", "none"}) == integer(-1));

  // In the past: OK, and no key (an existing one is deleted with REPLACE).
  CHECK(store.run({"RESTORE", "past", "1", payload, "ABSTTL"}) == ok());
  CHECK(store.run({"EXISTS", "past"}) == integer(0));
  CHECK(store.run({"RESTORE", "k", "1", payload, "ABSTTL", "REPLACE"}) == ok());
  CHECK(store.run({"EXISTS", "k"}) == integer(0));

  store.advance(5001ms);  // a key expires once its deadline has passed
  CHECK(store.run({"EXISTS", "rel"}) == integer(0));
  CHECK(store.run({"EXISTS", "abs"}) == integer(1));
}

TEST_CASE("RESTORE IDLETIME sets what OBJECT IDLETIME reports; FREQ changes nothing") {
  Store store;
  store.advance(1h);
  store.run({"SET", "k", "v"});
  const std::string payload = payload_of(store.run({"DUMP", "k"}));
  CHECK(store.run({"RESTORE", "idle", "0", payload, "IDLETIME", "1000"}) == ok());
  CHECK(store.run({"OBJECT", "IDLETIME", "idle"}) == integer(1000));
  store.advance(10s);
  CHECK(store.run({"OBJECT", "IDLETIME", "idle"}) == integer(1010));
  CHECK(store.run({"RESTORE", "fresh", "0", payload, "FREQ", "100"}) == ok());
  CHECK(store.run({"OBJECT", "IDLETIME", "fresh"}) == integer(0));
  CHECK(store.run({"OBJECT", "FREQ", "fresh"}).is_error());  // no LFU policy, as in Redis
  // RESTORE without IDLETIME is an access now.
  CHECK(store.run({"RESTORE", "idle", "0", payload, "REPLACE"}) == ok());
  CHECK(store.run({"OBJECT", "IDLETIME", "idle"}) == integer(0));
}

TEST_CASE("RESTORE reports restore; REPLACE of an expired TTL reports del") {
  not_redis::Client store;
  std::mutex mutex;
  std::vector<std::string> events;
  not_redis::Subscriber subscriber(store);
  store.config_set("notify-keyspace-events", "KEA").get();
  subscriber.psubscribe("__keyevent@0__:*").get();
  subscriber.subscribe("marker").get();
  store.command<Value>("SET", "k", "v").get();
  const std::string payload = store.command<Value>("DUMP", "k").get().string();
  store.command<Value>("RESTORE", "k", "0", payload, "REPLACE").get();
  store.command<Value>("RESTORE", "k", "1", payload, "REPLACE", "ABSTTL").get();
  store.command<Value>("RESTORE", "j", "1", payload, "ABSTTL").get();
  store.command<Value>("RESTORE", "j", "100000", payload).get();
  store.publish("marker", "end").get();
  std::vector<std::string> seen;
  for (;;) {
    not_redis::Message m = subscriber.next().get();
    if (m.channel == "marker") break;
    seen.push_back(m.channel + " " + m.payload);
  }
  CAPTURE(fmt::format("{}", fmt::join(seen, ", ")));
  CHECK(seen == std::vector<std::string>{"__keyevent@0__:set k", "__keyevent@0__:restore k", "__keyevent@0__:del k",
                                         "__keyevent@0__:restore j"});
}

TEST_CASE("DUMP and RESTORE round-trip every type and encoding, TTL included") {
  Store store;
  const Exec exec = exec_on(store);
  const auto samples = build_samples(exec);
  for (const auto& [key, encoding] : samples) {
    CAPTURE(key);
    if (!encoding.empty()) CHECK(store.run({"OBJECT", "ENCODING", key}) == bulk(encoding));
    const std::string payload = payload_of(store.run({"DUMP", key}));
    CHECK(store.run({"RESTORE", key + ":copy", "0", payload}) == ok());
    if (key == "s:raw") {
      // A string modified in place is "raw"; restored, it is a new short
      // string again: "embstr", as in Redis.
      CHECK(store.run({"OBJECT", "ENCODING", key + ":copy"}) == bulk("embstr"));
      CHECK(store.run({"GET", key + ":copy"}) == bulk("xyz"));
      continue;
    }
    CHECK(view(exec, key + ":copy") == view(exec, key));
    CHECK(store.run({"DUMP", key + ":copy"}) == bulk(payload));
  }
}

TEST_CASE("RESTORE converts to the encoding the current limits give, as Redis's loader") {
  Store store;
  store.run({"HSET", "h", "a", "1", "b", "2", "c", "3"});
  store.run({"SADD", "s", "1", "2", "3"});
  store.run({"ZADD", "z", "1", "a", "2", "b", "3", "c"});
  store.run({"RPUSH", "l", "a", "b"});
  const std::string h = payload_of(store.run({"DUMP", "h"}));
  const std::string s = payload_of(store.run({"DUMP", "s"}));
  const std::string z = payload_of(store.run({"DUMP", "z"}));
  store.run({"CONFIG", "SET", "hash-max-listpack-entries", "2"});
  store.run({"CONFIG", "SET", "set-max-intset-entries", "2"});
  store.run({"CONFIG", "SET", "zset-max-listpack-entries", "2"});
  for (const auto& [key, payload, encoding] :
       {std::tuple{"h2", h, "hashtable"}, std::tuple{"s2", s, "hashtable"}, std::tuple{"z2", z, "skiplist"}}) {
    CHECK(store.run({"RESTORE", key, "0", payload}) == ok());
    CHECK(store.run({"OBJECT", "ENCODING", key}) == bulk(encoding));
  }
  // Redis 7.0 keeps a listpack of long members: only the entry count converts.
  store.run({"CONFIG", "SET", "zset-max-listpack-value", "1000"});
  store.run({"ZADD", "long", "1", std::string(200, 'm')});
  const std::string long_member = payload_of(store.run({"DUMP", "long"}));
  store.run({"CONFIG", "SET", "zset-max-listpack-value", "64"});
  CHECK(store.run({"RESTORE", "long2", "0", long_member}) == ok());
  CHECK(store.run({"OBJECT", "ENCODING", "long2"}) == bulk("listpack"));
}

TEST_CASE("Malformed payloads: every truncation and every bit flip is refused or restores a sound value") {
  Store store;
  const Exec exec = exec_on(store);
  std::vector<std::string> payloads;
  for (const auto& [key, encoding] : build_samples(exec)) {
    const std::string payload = payload_of(store.run({"DUMP", key}));
    if (payload.size() < 3000) payloads.push_back(payload);
  }
  REQUIRE(payloads.size() > 20);
  std::size_t restored_flips = 0;
  for (const std::string& payload : payloads) {
    const std::string body = body_of(payload);
    CAPTURE(body);
    for (std::size_t n = 0; n < body.size(); ++n)
      CHECK(store.run({"RESTORE", "t", "0", with_trailer(body.substr(0, n)), "REPLACE"}) == err(kBadData));
    // Truncated trailers and flipped CRCs: the checksum error.
    for (std::size_t n = payload.size() - 10; n < payload.size(); ++n)
      CHECK(store.run({"RESTORE", "t", "0", payload.substr(0, n), "REPLACE"}) == err(kBadPayload));
    for (std::size_t i = 0; i < body.size(); ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        std::string flipped = body;
        flipped[i] = static_cast<char>(flipped[i] ^ (1 << bit));
        CHECK(store.run({"RESTORE", "t", "0", payload.substr(0, i) + flipped[i] + payload.substr(i + 1), "REPLACE"}) ==
              err(kBadPayload));
        const Value reply = store.run({"RESTORE", "t", "0", with_trailer(flipped), "REPLACE"});
        if (reply == err(kBadData)) continue;
        REQUIRE(reply == ok());
        ++restored_flips;
        // Whatever was accepted is a sound value: it dumps and restores again.
        const std::string again = payload_of(store.run({"DUMP", "t"}));
        CHECK(store.run({"RESTORE", "t2", "0", again, "REPLACE"}) == ok());
        CHECK(view(exec, "t2") == view(exec, "t"));
      }
    }
  }
  CHECK(restored_flips > 0);  // flips inside strings' bytes restore other values
}

/// A ziplist (Redis <= 6.2's compact encoding) of `entries`: strings of up
/// to 63 bytes, or an integer 0..12 written as "#n" (ziplist.c's immediate
/// encoding), so tests can build the payloads Redis 6.2 writes.
std::string ziplist(const std::vector<std::string>& entries) {
  std::string body;
  std::size_t previous = 0;
  std::size_t tail = 10;
  for (const std::string& e : entries) {
    tail = 10 + body.size();
    std::string entry(1, static_cast<char>(previous));
    if (e.size() > 1 && e[0] == '#') {
      entry.push_back(static_cast<char>(0xf1 + std::stoi(e.substr(1))));
    } else {
      entry.push_back(static_cast<char>(e.size()));
      entry += e;
    }
    previous = entry.size();
    body += entry;
  }
  std::string out;
  const std::size_t total = 10 + body.size() + 1;
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((total >> (8 * i)) & 0xff));
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((tail >> (8 * i)) & 0xff));
  out.push_back(static_cast<char>(entries.size()));
  out.push_back('\0');
  return out + body + "\xff";
}

/// A raw RDB string of up to 63 bytes: its 6-bit length, then the bytes.
std::string rdb_string(const std::string& s) { return static_cast<char>(s.size()) + s; }

TEST_CASE("RESTORE reads Redis 6.2's ziplist-based types, converting them as Redis 7.0 does") {
  Store store;
  // RDB_TYPE_LIST_QUICKLIST (14): nodes of ziplists, without containers.
  const std::string list = std::string("\x0e\x02") + rdb_string(ziplist({"a", "#7"})) + rdb_string(ziplist({"b"}));
  CHECK(store.run({"RESTORE", "l", "0", with_trailer(list, 9)}) == ok());
  CHECK(store.run({"LRANGE", "l", "0", "-1"}) == bulks({"a", "7", "b"}));
  CHECK(store.run({"OBJECT", "ENCODING", "l"}) == bulk("quicklist"));
  // RDB_TYPE_LIST_ZIPLIST (10): one ziplist.
  CHECK(store.run({"RESTORE", "l10", "0", with_trailer("\x0a" + rdb_string(ziplist({"x", "y"})), 9)}) == ok());
  CHECK(store.run({"LRANGE", "l10", "0", "-1"}) == bulks({"x", "y"}));
  // RDB_TYPE_HASH_ZIPLIST (13) and RDB_TYPE_ZSET_ZIPLIST (12) become listpacks.
  CHECK(store.run({"RESTORE", "h", "0", with_trailer("\x0d" + rdb_string(ziplist({"f", "v", "g", "#0"})), 9)}) == ok());
  CHECK(store.run({"HGETALL", "h"}) == Value::map({bulk("f"), bulk("v"), bulk("g"), bulk("0")}));
  CHECK(store.run({"OBJECT", "ENCODING", "h"}) == bulk("listpack"));
  CHECK(store.run({"RESTORE", "z", "0", with_trailer("\x0c" + rdb_string(ziplist({"a", "1.5", "b", "#3"})), 9)}) == ok());
  CHECK(store.run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}) == scored({{"a", 1.5}, {"b", 3}}));
  CHECK(store.run({"OBJECT", "ENCODING", "z"}) == bulk("listpack"));
  // A wrong previous-entry size, tail offset or count is refused.
  std::string bad = ziplist({"a", "b"});
  bad[10 + 3] = 9;  // the second entry's prevlen
  CHECK(store.run({"RESTORE", "bad", "0", with_trailer("\x0a" + rdb_string(bad))}) == err(kBadData));
  bad = ziplist({"a", "b"});
  bad[4] = 10;  // the tail offset
  CHECK(store.run({"RESTORE", "bad", "0", with_trailer("\x0a" + rdb_string(bad))}) == err(kBadData));
  bad = ziplist({"a", "b"});
  bad[8] = 3;  // the count
  CHECK(store.run({"RESTORE", "bad", "0", with_trailer("\x0a" + rdb_string(bad))}) == err(kBadData));
  CHECK(store.run({"EXISTS", "bad"}) == integer(0));
}

TEST_CASE("Hostile lengths allocate nothing: a huge count, a huge string, a lying LZF size") {
  Store store;
  // A set of 2^32-1 members, a string of 2^64-1 bytes, LZF of 1 byte declared to expand to 1 GB.
  for (const std::string& body : {std::string("\x02\x80\xff\xff\xff\xff", 6), std::string("\x00\x81\xff\xff\xff\xff\xff\xff\xff\xff", 10),
                                  std::string("\x00\xc3\x01\x80\x40\x00\x00\x00\x00", 9)})
    CHECK(store.run({"RESTORE", "t", "0", with_trailer(body)}) == err(kBadData));
  // Duplicates are refused in every encoding.
  CHECK(store.run({"RESTORE", "t", "0", with_trailer(std::string("\x02\x02\x01x\x01x", 6))}) == err(kBadData));
  CHECK(store.run({"RESTORE", "t", "0", with_trailer(std::string("\x04\x02\x01""f\x01v\x01""f\x01w", 11))}) == err(kBadData));
  // An intset out of order.
  CHECK(store.run({"RESTORE", "t", "0", with_trailer(std::string("\x0b\x0c\x02\x00\x00\x00\x02\x00\x00\x00\x05\x00\x01\x00", 14))}) ==
        err(kBadData));
}

TEST_CASE("Typed DUMP and RESTORE") {
  Store store;
  store->set("k", "v").get();
  const std::optional<std::string> payload = store->dump("k").get();
  REQUIRE(payload);
  CHECK_FALSE(store->dump("missing").get());
  store->restore("k2", 0, *payload).get();
  CHECK(store.run({"GET", "k2"}) == bulk("v"));
  CHECK(reply_error([&] { store->restore("k2", 0, *payload).get(); }) == kBusyKey);
  not_redis::RestoreOptions replace_idle;
  replace_idle.replace = true;
  replace_idle.idletime = 50;
  store->restore("k2", 0, *payload, replace_idle).get();
  CHECK(store.run({"OBJECT", "IDLETIME", "k2"}) == integer(50));
  const long long now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(store.clock.now()).count();
  not_redis::RestoreOptions absttl_freq;
  absttl_freq.absttl = true;
  absttl_freq.freq = 3;
  store->restore("k3", now_ms + 100, *payload, absttl_freq).get();
  CHECK(store.run({"PTTL", "k3"}) == integer(100));
  not_redis::RestoreOptions all;
  all.replace = all.absttl = true;
  all.idletime = 7;
  CHECK(queued_argv([&](auto& p) { p.restore("k", 5, "x", all); }) ==
        std::vector<std::string>{"RESTORE", "k", "5", "x", "REPLACE", "ABSTTL", "IDLETIME", "7"});
  not_redis::RestoreOptions freq;
  freq.freq = 9;
  CHECK(queued_argv([&](auto& p) { p.restore("k", 0, "x", freq); }) ==
        std::vector<std::string>{"RESTORE", "k", "0", "x", "FREQ", "9"});
}

TEST_CASE("A real redis-server restores not_redis's payloads, and not_redis restores redis-server's") {
  parity::ServerProcess server;
  server.start(test_program("REDIS_SERVER", "redis-server"), "redis", {"--save", "", "--appendonly", "no"});
  parity::Connection redis(server.port());
  Store store;
  const Exec ours = exec_on(store);
  const Exec theirs = exec_on(redis);
  const auto samples = build_samples(ours);
  REQUIRE(build_samples(theirs).size() == samples.size());
  for (const auto& [key, encoding] : samples) {
    CAPTURE(key);
    // not_redis -> redis-server
    // Each side's restored copy of its own value is what the other side's
    // restored copy must equal (a restored "raw" string is "embstr" again).
    const std::string payload = payload_of(store.run({"DUMP", key}));
    REQUIRE(store.run({"RESTORE", key + ":copy", "0", payload}) == ok());
    CHECK(redis.call({"RESTORE", key + ":from-not_redis", "0", payload}) == "+OK\r\n");
    CHECK(view(theirs, key + ":from-not_redis") == view(ours, key + ":copy"));
    // redis-server -> not_redis
    const parity::Reply dumped = parity::parse_reply(redis.call({"DUMP", key}));
    REQUIRE(dumped.type == '$');
    const std::string their_payload(dumped.text());
    REQUIRE(redis.call({"RESTORE", key + ":copy", "0", their_payload}) == "+OK\r\n");
    CHECK(store.run({"RESTORE", key + ":from-redis", "0", their_payload}) == ok());
    CHECK(view(ours, key + ":from-redis") == view(theirs, key + ":copy"));
    // Both originals alike to begin with (but for delivery and seen times,
    // each side's own clock).
    if (key != "s:raw" && encoding != "stream") CHECK(view(ours, key) == view(theirs, key));
  }
}
