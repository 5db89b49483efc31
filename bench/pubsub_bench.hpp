#pragma once
// Pub/sub figures: in-process fan-out through not_redis::Subscriber, and
// PUBLISH over the network server under redis-benchmark, each next to
// redis-server measured the same way in the same run.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace not_redis::bench {

struct PubSubFigures {
  std::optional<double> publish_fanout_msgs_per_s, redis_publish_fanout_msgs_per_s;
  std::optional<double> publish_fanout_pull_msgs_per_s;
  std::optional<double> server_publish_ops_per_s, redis_server_publish_ops_per_s;
  std::vector<std::string> notes;  ///< why figures are missing, failed checks
};

/// Subscribers per channel in the fan-out figures, and network subscribers
/// connected while redis-benchmark PUBLISHes.
inline constexpr std::size_t kFanoutSubscribers = 100;
inline constexpr std::size_t kNetworkSubscribers = 10;
inline constexpr std::size_t kPullThreads = 4;

/// `fanout_messages` PUBLISHes to kFanoutSubscribers subscribers each, and
/// redis-benchmark runs of `server_publishes` PUBLISHes; redis-server figures
/// are left out (a note says why) without hiredis or redis-server.
PubSubFigures measure_pubsub(std::size_t fanout_messages, std::size_t server_publishes);

} // namespace not_redis::bench
