#pragma once
/// @file
/// Typed server commands (PING, TIME, INFO, CONFIG, ...), mixed into Client.

#include <chrono>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <not_redis/argv.hpp>
#include <not_redis/convert.hpp>
#include <not_redis/commands/reply.hpp>
#include <not_redis/future.hpp>

namespace not_redis {

/// TIME's reply, `[seconds, microseconds]`, as a time point (microsecond precision).
template <>
struct FromValue<std::chrono::system_clock::time_point> {
  static std::chrono::system_clock::time_point convert(Value&& v) {
    const auto [seconds, micros] = from_value<std::pair<long long, long long>>(std::move(v));
    return std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::seconds(seconds) + std::chrono::microseconds(micros)));
  }
};

/// The server family as typed methods over `Self::command<T>(...)`.
///
/// ```
/// store.config_set("hz", "100").get();
/// auto now = store.time().get();                    // the store's clock
/// std::string stats = store.info("stats").get();    // "# Stats\r\n..."
/// ```
template <class Self>
class ServerCommands {
public:
  /// What each method returns: Future<T> for Client (see ReplyOf).
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

  /// PING: "PONG".
  Reply<std::string> ping() { return self().template command<std::string>("PING"); }
  /// PING message: the message.
  template <detail::Arg M>
  Reply<std::string> ping(const M& message) {
    return self().template command<std::string>("PING", message);
  }
  /// ECHO message: the message.
  template <detail::Arg M>
  Reply<std::string> echo(const M& message) {
    return self().template command<std::string>("ECHO", message);
  }
  /// TIME: the store's clock (a ManualClock in tests), to the microsecond.
  Reply<std::chrono::system_clock::time_point> time() {
    return self().template command<std::chrono::system_clock::time_point>("TIME");
  }
  /// SELECT db: only database 0 exists; any other index throws not_redis::Error.
  Reply<void> select(int db) { return self().template command<void>("SELECT", db); }
  /// INFO [section]: Redis's text, "# Section\r\nfield:value\r\n..."; sections
  /// are server, clients, memory, stats, keyspace, or "all"/"default".
  Reply<std::string> info(std::string_view section = "default") {
    return self().template command<std::string>("INFO", section);
  }
  /// CONFIG GET pattern: every setting whose name matches the glob pattern,
  /// as `Out` (any map, or a vector of pairs).
  template <class Out = std::unordered_map<std::string, std::string>>
  Reply<Out> config_get(std::string_view pattern) {
    return self().template command<Out>("CONFIG", "GET", pattern);
  }
  /// CONFIG SET name value; throws not_redis::Error with Redis's text if refused.
  template <detail::Arg V>
  Reply<void> config_set(std::string_view name, const V& value) {
    return self().template command<void>("CONFIG", "SET", name, value);
  }
  /// COMMAND COUNT: how many commands the store knows (subcommands not counted).
  Reply<long long> command_count() { return self().template command<long long>("COMMAND", "COUNT"); }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
