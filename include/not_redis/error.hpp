#pragma once
/// @file
/// The one exception type of not_redis.

#include <stdexcept>
#include <string>

namespace not_redis {

/// Thrown by not_redis for every failure a caller can observe.
///
/// `what()` holds the full text. For a Redis error reply it is exactly what
/// Redis would send, code included, e.g.
/// `WRONGTYPE Operation against a key holding the wrong kind of value`.
///
/// ```
/// try { client.incr("name").get(); }
/// catch (const not_redis::Error& e) {
///   if (e.kind() == not_redis::Error::Kind::reply) fmt::print("{}\n", e.what());
/// }
/// ```
class Error : public std::runtime_error {
public:
  enum class Kind {
    reply,       ///< the command ran and Redis semantics say it failed
    conversion,  ///< a reply could not be converted to the requested C++ type
    usage,       ///< the API was misused (bad argument, blocking get() on the loop thread)
    shutdown,    ///< the store shut down before the command could run
    conflict,    ///< Client::transaction(): the watched keys changed on every attempt
    io,          ///< RemoteClient: the connection failed or was lost; the command may or may not have run
    timeout,     ///< RemoteClient: no reply within the command timeout (or no connection within it)
  };

  Error(Kind kind, std::string message) : std::runtime_error(std::move(message)), kind_(kind) {}

  Kind kind() const noexcept { return kind_; }

private:
  Kind kind_;
};

} // namespace not_redis
