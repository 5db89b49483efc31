#pragma once
/// @file
/// Typed DUMP and RESTORE, mixed into Client.

#include <optional>
#include <string>
#include <string_view>

#include <not_redis/argv.hpp>
#include <not_redis/commands/reply.hpp>

namespace not_redis {

/// RESTORE's options: `REPLACE`, `ABSTTL` (the TTL is a Unix time in ms),
/// `IDLETIME seconds` or `FREQ frequency` (Redis refuses both together; FREQ
/// has no effect without an LFU maxmemory-policy).
struct RestoreOptions {
  bool replace = false;
  bool absttl = false;
  std::optional<long long> idletime;
  std::optional<long long> freq;
};

template <>
struct ToArgs<RestoreOptions> {
  static void append(Argv& out, const RestoreOptions& o) {
    if (o.replace) out.push_back("REPLACE");
    if (o.absttl) out.push_back("ABSTTL");
    if (o.idletime) {
      out.push_back("IDLETIME");
      out.push_integer(*o.idletime);
    }
    if (o.freq) {
      out.push_back("FREQ");
      out.push_integer(*o.freq);
    }
  }
};

/// DUMP and RESTORE as typed methods: payloads in Redis 7.0's format, so a
/// value moves between not_redis and redis-server either way.
///
/// ```
/// std::optional<std::string> payload = store.dump("k").get();
/// not_redis::RestoreOptions options;
/// options.replace = true;
/// other.restore("k", 0, *payload, options).get();
/// ```
template <class Self>
class DumpCommands {
public:
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

  /// DUMP key: the serialized value, or std::nullopt if the key does not exist.
  Reply<std::optional<std::string>> dump(std::string_view key) { return self().template command<std::optional<std::string>>("DUMP", key); }
  /// RESTORE key ttl payload [options]: `ttl` in ms (0: none); throws
  /// not_redis::Error with Redis's text (BUSYKEY, Bad data format...).
  Reply<void> restore(std::string_view key, long long ttl, std::string_view payload, const RestoreOptions& options = {}) { return self().template command<void>("RESTORE", key, ttl, payload, options); }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
