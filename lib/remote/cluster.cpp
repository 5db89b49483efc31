// RemoteEngine on a Redis Cluster: the slot map from CLUSTER SLOTS, routing
// by the slot of a command's keys, the redirections (MOVED, ASK, TRYAGAIN,
// CLUSTERDOWN), pipelines split per node, and the keyless commands that fan
// out to every master.
//
// Commands without keys: DBSIZE (summed), KEYS (concatenated), FLUSHALL and
// FLUSHDB (every master; OK once all are), RANDOMKEY (the first master's key
// that is not nil) go to every master; SCAN walks the
// masters one after the other, the master's index in the cursor's top 16
// bits; everything else (PING, INFO, PUBLISH, RANDOMKEY, CONFIG, ...) goes to
// the master of the lowest slot (INFO and the like describe that node only).

#include <charconv>
#include <memory>

#include <fmt/format.h>

#include "cmd/table.hpp"
#include "remote/remote_engine.hpp"

namespace not_redis::detail {

namespace {

constexpr std::string_view kCrossSlot = "CROSSSLOT Keys in request don't hash to the same slot";
constexpr unsigned kScanNodeShift = 48;
constexpr std::uint64_t kScanCursorMask = (std::uint64_t{1} << kScanNodeShift) - 1;

/// A call split into calls of its own (a pipeline's commands, a fan-out's
/// masters): the parent completes once every child has, with `merge` of
/// their replies in order, or with the first child's failure.
struct Gather {
  CallState* parent;
  Value::Array replies;
  std::size_t left;
  std::function<Value(Value::Array&&)> merge;
  std::optional<Error::Kind> failure;
  std::string why;
};

struct ChildDone final : Continuation {
  ChildDone(std::shared_ptr<Gather> gather, std::size_t index, CallState* child)
      : gather(std::move(gather)), index(index), child(child) {}
  void run() noexcept override {
    Gather& g = *gather;
    if (child->failed()) {
      if (!g.failure) {
        g.failure = child->failure();
        Value why = child->take_reply();
        g.why = why.is_error() ? why.string() : "not_redis: the client shut down before the reply came";
      }
    } else {
      g.replies[index] = child->take_reply();
    }
    child->release();
    if (--g.left > 0) return;
    if (g.failure) {
      g.parent->fail(*g.failure, std::move(g.why));
    } else {
      try {
        g.parent->complete(g.merge ? g.merge(std::move(g.replies)) : Value::array(std::move(g.replies)));
      } catch (const std::exception& e) {
        g.parent->complete(Value::error(fmt::format("ERR not_redis: merging the masters' replies: {}", e.what())));
      }
    }
    g.parent->release();
  }
  std::shared_ptr<Gather> gather;
  std::size_t index;
  CallState* child;
};

std::optional<std::pair<std::string, int>> parse_endpoint(std::string_view endpoint) {
  const auto colon = endpoint.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  int port = 0;
  const auto [end, ec] = std::from_chars(endpoint.data() + colon + 1, endpoint.data() + endpoint.size(), port);
  if (ec != std::errc() || end != endpoint.data() + endpoint.size() || port <= 0 || port > 65535) return std::nullopt;
  return std::pair{std::string(endpoint.substr(0, colon)), port};
}

/// 10 ms, doubling with each redirection, at most 500 ms.
LoopMs redirect_backoff(int redirects) noexcept { return std::min<LoopMs>(500, LoopMs{10} << std::min(redirects, 6)); }

Argv with_argument(const Argv& argv, std::size_t index, std::string_view replacement) {
  Argv out;
  for (std::size_t i = 0; i < argv.size(); ++i) out.push_back(i == index ? replacement : argv[i]);
  return out;
}

} // namespace

RemoteEngine::Node* RemoteEngine::node_for_slot(int slot) noexcept { return slots_[static_cast<std::size_t>(slot)]; }

std::vector<RemoteEngine::Node*> RemoteEngine::masters() noexcept {
  std::vector<Node*> out;
  for (Node* node : slots_)
    if (node && std::ranges::find(out, node) == out.end()) out.push_back(node);
  return out;
}

RemoteEngine::Node* RemoteEngine::any_node() noexcept {
  for (Node* node : slots_)
    if (node) return node;
  return nodes_[0].get();
}

void RemoteEngine::route_cluster(CallState* state) noexcept {
  if (!topology_known_) {
    retry_later(state, 0);
    return;
  }
  if (state->kind == CallState::Kind::pipeline) {
    split_pipeline(state);
    return;
  }
  CommandSlot slot = NoKeys{};
  const auto fold = [&slot](const Argv& argv) {
    const CommandSlot s = command_slot(argv);
    if (std::holds_alternative<CrossSlot>(s)) slot = s;
    else if (const int* key_slot = std::get_if<int>(&s)) {
      if (std::holds_alternative<NoKeys>(slot)) slot = s;
      else if (const int* have = std::get_if<int>(&slot); have && *have != *key_slot) slot = CrossSlot{};
    }
  };
  if (state->kind == CallState::Kind::transaction) {
    for (const Argv& argv : state->batch) fold(argv);
  } else {
    fold(state->argv);
  }
  if (std::holds_alternative<CrossSlot>(slot)) {
    // Redis's own text, before anything is sent: no node could run it.
    state->complete(Value::error(std::string(kCrossSlot)));
    state->release();
    return;
  }
  if (const int* s = std::get_if<int>(&slot)) {
    // A slot no master serves (a failover under way): the node asked says so.
    Node* node = node_for_slot(*s);
    dispatch_to(node ? *node : *any_node(), state);
    return;
  }
  if (state->kind == CallState::Kind::command) {
    const std::string_view name = state->argv[0];
    if (iequals(name, "dbsize")) {
      fan_out(state, [](Value::Array&& replies) {
        long long sum = 0;
        for (Value& r : replies) {
          if (r.is_error()) return std::move(r);
          sum += r.integer_value();
        }
        return Value::integer(sum);
      });
      return;
    }
    if (iequals(name, "keys")) {
      fan_out(state, [](Value::Array&& replies) {
        Value::Array keys;
        for (Value& r : replies) {
          if (r.is_error()) return std::move(r);
          for (Value& key : r.elements()) keys.push_back(std::move(key));
        }
        return Value::array(std::move(keys));
      });
      return;
    }
    if (iequals(name, "flushall") || iequals(name, "flushdb")) {
      fan_out(state, [](Value::Array&& replies) {
        for (Value& r : replies)
          if (r.is_error()) return std::move(r);
        return Value::ok();
      });
      return;
    }
    if (iequals(name, "randomkey")) {
      // A random master may hold no key at all: any master's key will do.
      fan_out(state, [](Value::Array&& replies) {
        for (Value& r : replies)
          if (!r.is_nil()) return std::move(r);
        return Value{};
      });
      return;
    }
    if (iequals(name, "scan")) {
      route_scan(state);
      return;
    }
  }
  dispatch_to(*any_node(), state);
}

void RemoteEngine::split_pipeline(CallState* state) noexcept {
  try {
    auto gather = std::make_shared<Gather>();
    gather->parent = state;
    gather->replies.resize(state->batch.size());
    gather->left = state->batch.size();
    std::vector<CallState*> children;
    children.reserve(state->batch.size());
    for (std::size_t i = 0; i < state->batch.size(); ++i) {
      auto* child = new CallState(std::move(state->batch[i]), loop_thread_, 0);
      child->on_ready(std::make_unique<ChildDone>(gather, i, child));
      children.push_back(child);
    }
    // Each command on its own way, in order: those for one node leave in one write.
    for (CallState* child : children) route_cluster(child);
  } catch (const std::bad_alloc&) {
    fail(state, Error::Kind::io, "not_redis: out of memory splitting a pipeline");
  }
}

void RemoteEngine::fan_out(CallState* state, std::function<Value(Value::Array&&)> merge) noexcept {
  try {
    const std::vector<Node*> targets = masters();
    auto gather = std::make_shared<Gather>();
    gather->parent = state;
    gather->replies.resize(targets.size());
    gather->left = targets.size();
    gather->merge = std::move(merge);
    std::vector<CallState*> children;
    for (std::size_t i = 0; i < targets.size(); ++i) {
      auto* child = new CallState(Argv(state->argv), loop_thread_, 0);
      child->on_ready(std::make_unique<ChildDone>(gather, i, child));
      children.push_back(child);
    }
    for (std::size_t i = 0; i < targets.size(); ++i) dispatch_to(*targets[i], children[i]);
  } catch (const std::bad_alloc&) {
    fail(state, Error::Kind::io, "not_redis: out of memory fanning a command out");
  }
}

void RemoteEngine::route_scan(CallState* state) noexcept {
  const std::vector<Node*> targets = masters();
  std::uint64_t cursor = 0;
  const std::string_view text = state->argv.size() > 1 ? state->argv[1] : std::string_view();
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), cursor);
  const std::size_t index = cursor >> kScanNodeShift;
  if (ec != std::errc() || end != text.data() + text.size() || index >= targets.size()) {
    state->complete(Value::error("ERR invalid cursor"));
    state->release();
    return;
  }
  try {
    auto gather = std::make_shared<Gather>();
    gather->parent = state;
    gather->replies.resize(1);
    gather->left = 1;
    const std::size_t masters_count = targets.size();
    // The next call goes on in the same master, or starts the next one.
    gather->merge = [index, masters_count](Value::Array&& replies) {
      Value& reply = replies.front();
      if (reply.is_error() || reply.size() != 2) return std::move(reply);
      std::uint64_t next = 0;
      const std::string& node_cursor = reply.elements()[0].string();
      std::from_chars(node_cursor.data(), node_cursor.data() + node_cursor.size(), next);
      std::uint64_t composite = 0;
      if (next != 0) composite = (std::uint64_t{index} << kScanNodeShift) | next;
      else if (index + 1 < masters_count) composite = std::uint64_t{index + 1} << kScanNodeShift;
      reply.elements()[0] = Value::bulk(std::to_string(composite));
      return std::move(reply);
    };
    auto* child = new CallState(with_argument(state->argv, 1, std::to_string(cursor & kScanCursorMask)), loop_thread_, 0);
    child->on_ready(std::make_unique<ChildDone>(gather, 0, child));
    dispatch_to(*targets[index], child);
  } catch (const std::bad_alloc&) {
    fail(state, Error::Kind::io, "not_redis: out of memory routing SCAN");
  }
}

void RemoteEngine::route_shard_subscription(Conn& primary, CallState* state) noexcept {
  // A shard channel lives on the master of its slot: the subscriber keeps a
  // subscribed connection to each master it has shard channels on.
  const CommandSlot slot = command_slot(state->argv);
  if (std::holds_alternative<CrossSlot>(slot)) {
    state->complete(Value::error(std::string(kCrossSlot)));
    state->release();
    return;
  }
  try {
    if (const int* s = std::get_if<int>(&slot)) {
      if (!topology_known_) {
        retry_later(state, 0);
        return;
      }
      Node* node = node_for_slot(*s);
      if (!node) node = any_node();
      Conn* shard = nullptr;
      for (Conn* c : primary.shards)
        if (c->node == node) shard = c;
      if (!shard) {
        shard = &open_conn(*node, Role::subscriber, primary.lease, primary.inbox);
        primary.shards.push_back(shard);
      }
      send_or_wait(*shard, state, 0);
      return;
    }
    // SUNSUBSCRIBE from everything: on every connection that has some.
    if (primary.shards.empty()) {
      send_or_wait(primary, state, 0);
      return;
    }
    auto gather = std::make_shared<Gather>();
    gather->parent = state;
    gather->replies.resize(primary.shards.size());
    gather->left = primary.shards.size();
    gather->merge = [](Value::Array&& replies) {
      for (Value& r : replies)
        if (r.is_error()) return std::move(r);
      return Value{};
    };
    std::vector<CallState*> children;
    for (std::size_t i = 0; i < primary.shards.size(); ++i) {
      auto* child = new CallState(Argv(state->argv), loop_thread_, 0);
      child->lease = primary.lease;
      child->on_ready(std::make_unique<ChildDone>(gather, i, child));
      children.push_back(child);
    }
    const std::vector<Conn*> shards = primary.shards;
    for (std::size_t i = 0; i < shards.size(); ++i) send_or_wait(*shards[i], children[i], 0);
  } catch (const std::bad_alloc&) {
    fail(state, Error::Kind::io, "not_redis: out of memory routing a shard subscription");
  }
}

void RemoteEngine::refresh_topology() noexcept {
  if (refreshing_ || closing_) return;
  // Ask a node that is up; failing that, the seeds in turn.
  Node* asked = nullptr;
  for (auto& node : nodes_)
    if (node->main && node->main->link->ready()) {
      asked = node.get();
      break;
    }
  if (!asked) asked = nodes_[next_seed_++ % nodes_.size()].get();
  struct Topology final : Continuation {
    Topology(RemoteEngine* engine, Node* asked, CallState* state) : engine(engine), asked(asked), state(state) {}
    void run() noexcept override {
      engine->refreshing_ = false;
      const LoopMs now = uv_now(engine->loop_);
      if (!state->failed()) {
        const Value reply = state->take_reply();
        if (reply.type() == Value::Type::array && reply.size() > 0) {
          engine->apply_topology(reply, *asked);
          engine->next_refresh_ = now + static_cast<LoopMs>(std::max<long long>(100, engine->options_.topology_refresh.count()));
          state->release();
          return;
        }
      }
      // No answer, or no slots yet (a cluster still forming): soon again.
      engine->next_refresh_ = now + 100;
      state->release();
    }
    RemoteEngine* engine;
    Node* asked;
    CallState* state;
  };
  try {
    auto* state = new CallState(Argv{"CLUSTER", "SLOTS"}, loop_thread_, 0);
    state->on_ready(std::make_unique<Topology>(this, asked, state));
    refreshing_ = true;
    next_refresh_ = uv_now(loop_) + 1000 * 60;  // while it runs
    route_main(*asked, state);
    if (asked->main) asked->main->link->flush();
  } catch (const std::bad_alloc&) {
    refreshing_ = false;
  }
}

void RemoteEngine::apply_topology(const Value& slots, const Node& from) noexcept {
  try {
    std::array<Node*, kClusterSlots> map{};
    for (const Value& range : slots.elements()) {
      if (range.type() != Value::Type::array || range.size() < 3) continue;
      const long long first = range[0].integer_value(), last = range[1].integer_value();
      const Value& master = range[2];
      if (master.size() < 2 || first < 0 || last >= kClusterSlots || first > last) continue;
      std::string host = master[0].string();
      if (host.empty() || host == "?") host = from.options.host;  // "the address you reached me at"
      const int port = static_cast<int>(master[1].integer_value());
      Node* node = nullptr;
      for (auto& n : nodes_)
        if (n->options.host == host && n->options.port == port) node = n.get();
      if (!node) node = &add_node(host, port);
      for (long long s = first; s <= last; ++s) map[static_cast<std::size_t>(s)] = node;
    }
    slots_ = map;
    topology_known_ = true;
  } catch (const std::exception&) {
    return;  // a reply of another shape: keep the map we have
  }
  run_retries(true);
}

void RemoteEngine::retry_later(CallState* state, LoopMs delay) noexcept {
  const LoopMs now = uv_now(loop_);
  const LoopMs deadline = options_.command_timeout.count() > 0
                              ? now + static_cast<LoopMs>(options_.command_timeout.count())
                              : 0;
  try {
    retries_.push_back(Retry{state, delay ? now + delay : 0, deadline});
  } catch (const std::bad_alloc&) {
    fail(state, Error::Kind::io, "not_redis: out of memory routing a command");
  }
}

void RemoteEngine::run_retries(bool topology_known) noexcept {
  if (retries_.empty()) return;
  const LoopMs now = uv_now(loop_);
  std::deque<Retry> due;
  std::deque<Retry> later;
  for (Retry& r : retries_) {
    if ((r.at == 0 && topology_known) || (r.at != 0 && r.at <= now)) due.push_back(r);
    else if (r.deadline && r.deadline <= now) {
      fail(r.state, Error::Kind::timeout,
           fmt::format("not_redis: the cluster did not serve the command within {} ms ({})",
                       options_.command_timeout.count(), topology_known ? "still redirected" : "no slot map yet"));
    } else {
      later.push_back(r);
    }
  }
  retries_.swap(later);
  for (Retry& r : due) {
    if (r.state->lease) route_lease(r.state);  // a lease's, or a subscriber's SSUBSCRIBE
    else route_cluster(r.state);
  }
  for (auto& [link, conn] : conns_) conn->link->flush();
}

bool RemoteEngine::intercept(Link& link, CallState* state, Value& reply) noexcept {
  if (!options_.cluster || closing_) return false;
  const std::string& text = reply.string();
  const bool moved = text.starts_with("MOVED "), ask = text.starts_with("ASK ");
  if (!moved && !ask && !text.starts_with("TRYAGAIN") && !text.starts_with("CLUSTERDOWN")) return false;
  // A leased or subscribed connection is the call's own: it cannot move.
  const auto it = conns_.find(&link);
  if (it == conns_.end() || it->second->role == Role::lease || it->second->role == Role::subscriber) return false;
  if (state->redirects >= options_.max_redirects) return false;
  ++state->redirects;
  if (moved || ask) {
    // "MOVED 3999 127.0.0.1:6381" (an empty host: the one we reached).
    const std::string_view rest = std::string_view(text).substr(moved ? 6 : 4);
    const auto space = rest.find(' ');
    int slot = -1;
    std::from_chars(rest.data(), rest.data() + std::min(space, rest.size()), slot);
    auto endpoint = space == std::string_view::npos ? std::nullopt : parse_endpoint(rest.substr(space + 1));
    if (!endpoint || slot < 0 || slot >= kClusterSlots) return false;
    if (endpoint->first.empty()) endpoint->first = it->second->node->options.host;
    Node* target = nullptr;
    try {
      for (auto& n : nodes_)
        if (n->options.host == endpoint->first && n->options.port == endpoint->second) target = n.get();
      if (!target) target = &add_node(endpoint->first, endpoint->second);
    } catch (const std::bad_alloc&) {
      return false;
    }
    if (moved) {
      slots_[static_cast<std::size_t>(slot)] = target;
      next_refresh_ = 0;  // the rest of the map has likely moved too
      // While a migration ends, the nodes learn the new owner one by one and
      // may send a command back and forth: after the first redirections,
      // wait before following another.
      if (state->redirects <= 2) route_cluster(state);
      else retry_later(state, redirect_backoff(state->redirects));
      return true;
    }
    // ASK: this one command, once, at the importing node, after ASKING.
    Conn& conn = main_conn(*target);
    if (state->kind == CallState::Kind::command && conn.link->ready()) {
      static const Argv kAsking{"ASKING"};
      conn.link->send_internal(kAsking);
      ++target->routed;
      conn.link->send(state, deadline_for(*state));
      conn.link->flush();
      return true;
    }
  }
  // TRYAGAIN (keys split by a migration), CLUSTERDOWN, or an ASK that must
  // wait for a connection: again after a backoff.
  retry_later(state, redirect_backoff(state->redirects));
  return true;
}

} // namespace not_redis::detail
