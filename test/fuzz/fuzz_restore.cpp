// libFuzzer target: RESTORE payloads on a live store.
//
// The first byte of an input picks how the rest is used:
//   bit 0 clear: the rest is a payload's body (type byte and object), given
//                a valid trailer (RDB version 10, CRC-64), so mutations reach
//                the decoder instead of stopping at the checksum;
//   bit 0 set:   the rest is the whole payload, trailer included;
//   bit 1 set:   tiny encoding limits first (2 entries per listpack hash,
//                sorted set, intset and list node), so restored values
//                convert as Redis's loader converts them.
// A restored value must then read back through its type's commands, DUMP,
// and RESTORE again from that DUMP into an equal value. Seeds (corpus/restore)
// are redis-server 7.0 DUMP payloads of every type and encoding, in the
// first form.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <uv.h>

#include <not_redis/fmt.hpp>
#include <not_redis/not_redis.hpp>

#include "fuzz_support.hpp"
#include "util/crc64.hpp"

namespace {

using not_redis::Value;

class Harness {
public:
  Harness() {
    uv_loop_init(&loop_);
    not_redis::Options options;
    options.clock = &clock_;
    options.seed = 42;
    client_.emplace(&loop_, options);
  }
  ~Harness() {
    client_.reset();
    uv_run(&loop_, UV_RUN_NOWAIT);
    CHECK(uv_loop_close(&loop_) == 0);
  }
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  Value run(const std::vector<std::string_view>& args) {
    not_redis::Argv argv;
    for (auto a : args) argv.push_back(a);
    auto future = client_->execute(std::move(argv));
    CHECK(future.ready());
    return future.get();
  }

private:
  uv_loop_t loop_;
  not_redis::ManualClock clock_;
  std::optional<not_redis::Client> client_;
};

std::string with_trailer(std::string_view body) {
  std::string payload(body);
  payload.append("\x0a\x00", 2);
  const std::uint64_t crc = not_redis::detail::crc64(0, payload);
  for (int i = 0; i < 8; ++i) payload.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
  return payload;
}

/// Everything the type's read commands show of `key`, as one string.
std::string contents(Harness& h, std::string_view key) {
  const Value type = h.run({"TYPE", key});
  const std::string t = type.is_string() ? type.string() : std::string();
  std::vector<Value> replies;
  if (t == "string") {
    replies.push_back(h.run({"GET", key}));
    replies.push_back(h.run({"STRLEN", key}));
  } else if (t == "list") {
    replies.push_back(h.run({"LRANGE", key, "0", "-1"}));
    replies.push_back(h.run({"LLEN", key}));
    replies.push_back(h.run({"RPOP", key}));
    replies.push_back(h.run({"LPUSH", key, "x"}));
  } else if (t == "set") {
    replies.push_back(h.run({"SCARD", key}));
    replies.push_back(h.run({"SMEMBERS", key}));
    replies.push_back(h.run({"SRANDMEMBER", key, "-3"}));
  } else if (t == "hash") {
    replies.push_back(h.run({"HLEN", key}));
    replies.push_back(h.run({"HGETALL", key}));
    replies.push_back(h.run({"HRANDFIELD", key, "-3"}));
  } else if (t == "zset") {
    replies.push_back(h.run({"ZRANGE", key, "0", "-1", "WITHSCORES"}));
    replies.push_back(h.run({"ZCARD", key}));
    replies.push_back(h.run({"ZRANGEBYSCORE", key, "-inf", "+inf"}));
  } else if (t == "stream") {
    replies.push_back(h.run({"XINFO", "STREAM", key, "FULL"}));
    replies.push_back(h.run({"XRANGE", key, "-", "+"}));
    replies.push_back(h.run({"XREVRANGE", key, "+", "-", "COUNT", "3"}));
    replies.push_back(h.run({"XINFO", "GROUPS", key}));
    replies.push_back(h.run({"XADD", key, "*", "f", "v"}));
    replies.push_back(h.run({"XTRIM", key, "MAXLEN", "2"}));
  } else {
    CHECK(!"a restored key of no known type");
  }
  std::string out = t;
  for (const Value& v : replies) out += not_redis::to_cli_string(v);
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t mode = data[0];
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string payload = (mode & 1) ? std::string(rest) : with_trailer(rest);
  Harness h;
  if (mode & 2) {
    for (std::string_view setting : {"hash-max-listpack-entries", "zset-max-listpack-entries", "set-max-intset-entries",
                                     "list-max-listpack-size"})
      CHECK(h.run({"CONFIG", "SET", setting, "2"}) == Value::ok());
  }
  const Value restored = h.run({"RESTORE", "k", "0", payload});
  if (restored.is_error()) {
    const std::string& text = restored.string();
    CHECK(text == "ERR Bad data format" || text == "ERR DUMP payload version or checksum are wrong");
    CHECK(h.run({"EXISTS", "k"}) == Value::integer(0));
    return 0;
  }
  CHECK(restored == Value::ok());
  // Dumped again, it restores into a value with the same contents.
  const Value dumped = h.run({"DUMP", "k"});
  CHECK(dumped.is_string());
  CHECK(h.run({"RESTORE", "k2", "0", dumped.string()}) == Value::ok());
  CHECK(h.run({"OBJECT", "ENCODING", "k"}) == h.run({"OBJECT", "ENCODING", "k2"}));
  // (Not compared: a hashtable's order may differ between the two.)
  contents(h, "k");
  contents(h, "k2");
  return 0;
}
