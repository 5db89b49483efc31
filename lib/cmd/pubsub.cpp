#include "cmd/pubsub.hpp"

#include <algorithm>

#include "cmd/session.hpp"
#include "util/glob.hpp"

namespace not_redis::detail {

namespace {

SubscriptionNames& own_side(Session& session, SubscriptionKind kind) noexcept {
  switch (kind) {
  case SubscriptionKind::channel: return session.channels;
  case SubscriptionKind::pattern: return session.patterns;
  case SubscriptionKind::shard: return session.shard_channels;
  }
  return session.channels;
}

void remove_one(std::vector<Session*>& subscribers, const Session& session) noexcept {
  subscribers.erase(std::find(subscribers.begin(), subscribers.end(), &session));
}

} // namespace

bool PubSub::subscribe(Session& session, SubscriptionKind kind, std::string_view name) {
  SubscriptionNames& mine = own_side(session, kind);
  if (!mine.insert(name)) return false;
  try {
    if (kind == SubscriptionKind::pattern) {
      auto it = std::find_if(patterns_.begin(), patterns_.end(), [&](const auto& p) { return p.first == name; });
      if (it == patterns_.end()) it = patterns_.insert(patterns_.end(), {std::string(name), {}});
      it->second.push_back(&session);
    } else {
      Channels& all = channels(kind);
      auto it = all.find(name);
      if (it == all.end()) it = all.emplace(std::string(name), Subscribers{}).first;
      it->second.push_back(&session);
    }
  } catch (...) {
    mine.erase(name);  // both sides or neither
    throw;
  }
  return true;
}

bool PubSub::unsubscribe(Session& session, SubscriptionKind kind, std::string_view name) {
  SubscriptionNames& mine = own_side(session, kind);
  if (!mine.contains(name)) return false;
  if (kind == SubscriptionKind::pattern) {
    const auto it = std::find_if(patterns_.begin(), patterns_.end(), [&](const auto& p) { return p.first == name; });
    remove_one(it->second, session);
    if (it->second.empty()) patterns_.erase(it);
  } else {
    Channels& all = channels(kind);
    const auto it = all.find(name);
    remove_one(it->second, session);
    if (it->second.empty()) all.erase(it);
  }
  mine.erase(name);  // `name` may view it: erased last
  return true;
}

void PubSub::unsubscribe_all(Session& session) noexcept {
  for (SubscriptionKind kind : {SubscriptionKind::channel, SubscriptionKind::pattern, SubscriptionKind::shard}) {
    SubscriptionNames& mine = own_side(session, kind);
    while (!mine.empty()) unsubscribe(session, kind, std::string(mine.back()));
  }
}

std::size_t PubSub::publish(std::string_view channel, std::string_view message, bool shard) {
  // Who gets what is settled before anything is delivered: a delivery can
  // close a connection over its output limit, which unsubscribes it.
  std::vector<Value> pushes;
  std::vector<std::pair<Session*, std::size_t>> targets;  // subscriber, index in pushes
  const Channels& all = shard ? shard_channels_ : channels_;
  if (const auto it = all.find(channel); it != all.end()) {
    pushes.push_back(Value::push({Value::bulk(shard ? "smessage" : "message"), Value::bulk(std::string(channel)),
                                  Value::bulk(std::string(message))}));
    for (Session* session : it->second) targets.emplace_back(session, 0);
  }
  if (!shard) {
    for (const auto& [pattern, subscribers] : patterns_) {
      if (!glob_match(pattern, channel)) continue;
      pushes.push_back(Value::push({Value::bulk("pmessage"), Value::bulk(pattern), Value::bulk(std::string(channel)),
                                    Value::bulk(std::string(message))}));
      for (Session* session : subscribers) targets.emplace_back(session, pushes.size() - 1);
    }
  }
  for (const auto& [session, push] : targets)
    if (session->sink) session->sink->deliver(pushes[push]);
  return targets.size();
}

std::vector<std::string_view> PubSub::active(SubscriptionKind kind) const {
  std::vector<std::string_view> out;
  for (const auto& [name, subscribers] : channels(kind)) out.push_back(name);
  return out;
}

std::size_t PubSub::subscribers(SubscriptionKind kind, std::string_view channel) const noexcept {
  const Channels& all = channels(kind);
  const auto it = all.find(channel);
  return it == all.end() ? 0 : it->second.size();
}

std::size_t PubSub::count(SubscriptionKind kind) const noexcept {
  return kind == SubscriptionKind::pattern ? patterns_.size() : channels(kind).size();
}

} // namespace not_redis::detail
