#include "cmd/notifications.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "cmd/settings.hpp"
#include "cmd/store.hpp"

namespace not_redis::detail {

namespace {

// Every event the families record, with the class Redis emits it under.
constexpr std::pair<std::string_view, int> kEvents[] = {
    {"append", kNotifyString},        {"copy_to", kNotifyGeneric},          {"del", kNotifyGeneric},
    {"expire", kNotifyGeneric},       {"expired", kNotifyExpired},          {"evicted", kNotifyEvicted},
    {"hdel", kNotifyHash},            {"hincrby", kNotifyHash},             {"hincrbyfloat", kNotifyHash},
    {"hset", kNotifyHash},            {"incrby", kNotifyString},            {"incrbyfloat", kNotifyString},
    {"keymiss", kNotifyKeyMiss},      {"linsert", kNotifyList},             {"lpop", kNotifyList},
    {"lpush", kNotifyList},           {"lrem", kNotifyList},                {"lset", kNotifyList},
    {"ltrim", kNotifyList},           {"new", kNotifyNew},                  {"persist", kNotifyGeneric},
    {"rename_from", kNotifyGeneric},  {"rename_to", kNotifyGeneric},        {"rpop", kNotifyList},
    {"rpush", kNotifyList},           {"sadd", kNotifySet},                 {"sdiffstore", kNotifySet},
    {"set", kNotifyString},           {"setrange", kNotifyString},          {"sinterstore", kNotifySet},
    {"spop", kNotifySet},             {"srem", kNotifySet},                 {"sunionstore", kNotifySet},
    {"zadd", kNotifyZset},            {"zdiffstore", kNotifyZset},          {"zincr", kNotifyZset},
    {"zinterstore", kNotifyZset},     {"zpopmax", kNotifyZset},             {"zpopmin", kNotifyZset},
    {"zrangestore", kNotifyZset},     {"zrem", kNotifyZset},                {"zremrangebylex", kNotifyZset},
    {"zremrangebyrank", kNotifyZset}, {"zremrangebyscore", kNotifyZset},    {"zunionstore", kNotifyZset},
    {"georadiusstore", kNotifyZset},  {"geosearchstore", kNotifyZset},
    {"xadd", kNotifyStream},          {"xdel", kNotifyStream},              {"xsetid", kNotifyStream},
    {"xtrim", kNotifyStream},         {"xgroup-create", kNotifyStream},     {"xgroup-createconsumer", kNotifyStream},
    {"xgroup-delconsumer", kNotifyStream}, {"xgroup-destroy", kNotifyStream}, {"xgroup-setid", kNotifyStream},
    {"setbit", kNotifyString},        {"pfadd", kNotifyString},             {"restore", kNotifyGeneric},
    {"sortstore", kNotifyList},
};

} // namespace

int notification_class(std::string_view event) noexcept {
  const auto it = std::find_if(std::begin(kEvents), std::end(kEvents), [&](const auto& e) { return e.first == event; });
  return it == std::end(kEvents) ? 0 : it->second;
}

void publish_notifications(Store& store, std::span<const KeyEvent> events) {
  const int on = store.config.notify_keyspace_events;
  std::string channel;
  for (const KeyEvent& event : events) {
    if (event.kind == KeyEventKind::flushed) continue;  // Redis emits nothing for FLUSHALL
    if (!(on & notification_class(event.name))) continue;
    const std::string_view key = event.key.view();
    if (on & kNotifyKeyspace) {
      channel.assign("__keyspace@0__:").append(key);
      store.pubsub.publish(channel, event.name);
    }
    if (on & kNotifyKeyevent) {
      channel.assign("__keyevent@0__:").append(event.name);
      store.pubsub.publish(channel, key);
    }
  }
}

} // namespace not_redis::detail
