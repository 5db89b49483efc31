#pragma once
// THE one place that lists where a reply may legitimately differ between
// Redis and not_redis: where Redis itself is unordered (hash tables), random
// (SPOP, RANDOMKEY...), time-dependent (TTL...), or reports server internals
// (INFO, OBJECT ENCODING...). Everything not listed here is compared byte for
// byte. EXEC's reply is compared element by element, each element under the
// rule of the command queued for it (equivalent_exec).

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "resp_reader.hpp"

namespace parity {

enum class Rule {
  kExact,
  kSortElements,  ///< an unordered collection: compare the sorted elements
  kSortPairs,     ///< an unordered field/value collection: compare sorted pairs
  kRandomSample,  ///< random elements: equal as sorted multisets, or else equal in shape
  kShape,         ///< random single reply: same type and nil-ness only
  kTolerance,     ///< an integer that depends on the clock: equal within `tolerance`
  kFullScan,      ///< SCAN family: compare the union of a full iteration (cursors differ)
  kSkip,          ///< server internals: not compared (both replies must be non-errors or both errors)
  kMaskClock,     ///< stream introspection: clock readings (ms timestamps), idle times and rax internals masked
  kPendingIdle,   ///< XPENDING's extended form: each entry's idle time masked
};

struct Normalization {
  Rule rule = Rule::kExact;
  long long tolerance = 0;
};

/// Keyed by lower-case command name, or "command|subcommand".
inline const std::map<std::string, Normalization, std::less<>> kNormalization = {
    // Unordered: Redis returns dict iteration order.
    {"keys", {Rule::kSortElements}},
    {"smembers", {Rule::kSortElements}},
    {"sinter", {Rule::kSortElements}},
    {"sunion", {Rule::kSortElements}},
    {"sdiff", {Rule::kSortElements}},
    {"hkeys", {Rule::kSortElements}},
    {"hvals", {Rule::kSortElements}},
    {"hgetall", {Rule::kSortPairs}},
    {"config|get", {Rule::kSortPairs}},
    {"command|list", {Rule::kSortElements}},
    // Random. The generator uses SPOP only where the outcome is deterministic
    // (count 0, count >= size, a one-member set, a missing key), because a
    // random pop changes the data every later command sees.
    {"spop", {Rule::kRandomSample}},
    {"srandmember", {Rule::kRandomSample}},
    {"hrandfield", {Rule::kRandomSample}},
    {"randomkey", {Rule::kShape}},
    {"zrandmember", {Rule::kRandomSample}},
    // Cursors are hash-table positions.
    {"scan", {Rule::kFullScan}},
    {"sscan", {Rule::kFullScan}},
    {"hscan", {Rule::kFullScan}},
    {"zscan", {Rule::kFullScan}},
    // Clock-dependent: both servers run on real clocks, a few ms apart.
    {"ttl", {Rule::kTolerance, 1}},
    {"pttl", {Rule::kTolerance, 2000}},
    {"expiretime", {Rule::kTolerance, 2}},
    {"pexpiretime", {Rule::kTolerance, 2000}},
    // Streams: delivery and seen times come from each server's clock; the
    // radix tree's internal node count has no counterpart (its key count,
    // radix-tree-keys, is compared).
    {"xinfo|stream", {Rule::kMaskClock}},
    {"xinfo|consumers", {Rule::kMaskClock}},
    {"xpending", {Rule::kPendingIdle}},
    // Server internals.
    {"object|encoding", {Rule::kSkip}},
    {"object|freq", {Rule::kSkip}},
    {"object|idletime", {Rule::kSkip}},
    {"object|refcount", {Rule::kSkip}},
    {"object|help", {Rule::kSkip}},
    {"info", {Rule::kSkip}},
    {"time", {Rule::kSkip}},
    {"hello", {Rule::kSkip}},
    {"client", {Rule::kSkip}},
    {"memory", {Rule::kSkip}},
    {"debug", {Rule::kSkip}},
    {"lastsave", {Rule::kSkip}},
    {"command|count", {Rule::kSkip}},
    {"command|docs", {Rule::kSkip}},
    {"command|help", {Rule::kSkip}},
    {"config|help", {Rule::kSkip}},
    {"config|resetstat", {Rule::kSkip}},
};

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// The rule for one command: the subcommand's row first, then the command's.
inline Normalization normalization_for(const std::vector<std::string>& argv) {
  if (argv.empty()) return {};
  const std::string name = lower(argv[0]);
  if (argv.size() >= 2) {
    const auto sub = kNormalization.find(name + "|" + lower(argv[1]));
    if (sub != kNormalization.end()) return sub->second;
  }
  const auto it = kNormalization.find(name);
  return it == kNormalization.end() ? Normalization{} : it->second;
}

inline bool less_raw(const Reply& a, const Reply& b) { return a.serialize() < b.serialize(); }

inline void sort_elements(Reply& r) {
  std::sort(r.children.begin(), r.children.end(), less_raw);
}

inline void sort_pairs(Reply& r) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::size_t i = 0; i + 1 < r.children.size(); i += 2)
    pairs.emplace_back(r.children[i].serialize(), r.children[i + 1].serialize());
  std::sort(pairs.begin(), pairs.end());
  std::string out = r.head;
  for (auto& [k, v] : pairs) out += k + v;
  r = parse_reply(out);
}

/// Masks clock readings in a stream introspection reply: the value after a
/// key named idle or radix-tree-nodes, and any integer that is a Unix time in
/// milliseconds (seen-time, delivery times).
inline void mask_clock(Reply& r) {
  for (std::size_t i = 0; i < r.children.size(); ++i) {
    Reply& c = r.children[i];
    if (c.type == ':' && std::atoll(std::string(c.text()).c_str()) >= 1'000'000'000'000LL) c = parse_reply(":<clock>\r\n");
    if ((c.type == '$' || c.type == '+') && (c.text() == "idle" || c.text() == "radix-tree-nodes") &&
        i + 1 < r.children.size()) {
      r.children[++i] = parse_reply(":<masked>\r\n");
      continue;
    }
    if (c.is_aggregate()) mask_clock(c);
  }
}

/// XPENDING key group start end count: [id, consumer, idle, deliveries] per entry.
inline void mask_pending_idle(Reply& r) {
  for (Reply& entry : r.children)
    if (entry.children.size() == 4 && entry.children[0].type == '$' && entry.children[2].type == ':')
      entry.children[2] = parse_reply(":<idle>\r\n");
}

/// Type and size only: bulk contents are dropped.
inline std::string shape(const Reply& r) {
  if (r.type == '$' && !r.is_null()) return "$<bulk>\r\n";
  if (r.type == ',' ) return ",<double>\r\n";
  std::string out = r.head;
  for (const Reply& c : r.children) out += shape(c);
  return out;
}

/// True when the reply is a random sample whose members were drawn as pairs
/// (HRANDFIELD ... WITHVALUES, ZRANDMEMBER ... WITHSCORES over RESP2: a flat
/// member/value array; RESP3 nests the pairs, which sort as elements).
inline bool flat_pairs(const std::vector<std::string>& argv, const Reply& r) {
  const std::string name = lower(argv[0]);
  const char* option = name == "hrandfield" ? "withvalues" : name == "zrandmember" ? "withscores" : nullptr;
  return option && argv.size() >= 4 && lower(argv[3]) == option && !r.children.empty() && r.children[0].type != '*';
}

/// Compares two raw replies under the command's rule. Returns the two
/// normalised forms through `na`/`nb` (for printing) and whether they match.
inline bool equivalent(const std::vector<std::string>& argv, const std::string& a, const std::string& b,
                       std::string* na = nullptr, std::string* nb = nullptr) {
  if (na) *na = a;
  if (nb) *nb = b;
  if (a == b) return true;
  const Normalization n = normalization_for(argv);
  if (n.rule == Rule::kExact || n.rule == Rule::kFullScan) return false;
  Reply ra = parse_reply(a), rb = parse_reply(b);
  if (ra.is_error() || rb.is_error()) return false;  // errors are always compared exactly
  switch (n.rule) {
    case Rule::kSkip:
      return true;
    case Rule::kSortElements:
      sort_elements(ra);
      sort_elements(rb);
      break;
    case Rule::kSortPairs:
      sort_pairs(ra);
      sort_pairs(rb);
      break;
    case Rule::kRandomSample: {
      if (flat_pairs(argv, ra)) sort_pairs(ra); else sort_elements(ra);
      if (flat_pairs(argv, rb)) sort_pairs(rb); else sort_elements(rb);
      if (ra.serialize() == rb.serialize()) break;
      const std::string sa = shape(ra), sb = shape(rb);
      if (na) *na = sa;
      if (nb) *nb = sb;
      return sa == sb;
    }
    case Rule::kShape: {
      const std::string sa = shape(ra), sb = shape(rb);
      if (na) *na = sa;
      if (nb) *nb = sb;
      return sa == sb;
    }
    case Rule::kTolerance: {
      if (ra.type != ':' || rb.type != ':') return false;
      const long long x = std::atoll(std::string(ra.text()).c_str());
      const long long y = std::atoll(std::string(rb.text()).c_str());
      // Negative replies (-1 no TTL, -2 no key) are exact.
      if (x < 0 || y < 0) return false;
      return std::llabs(x - y) <= n.tolerance;
    }
    case Rule::kMaskClock:
      mask_clock(ra);
      mask_clock(rb);
      break;
    case Rule::kPendingIdle:
      mask_pending_idle(ra);
      mask_pending_idle(rb);
      break;
    default:
      return false;
  }
  const std::string sa = ra.serialize(), sb = rb.serialize();
  if (na) *na = sa;
  if (nb) *nb = sb;
  return sa == sb;
}

/// EXEC's reply to the commands `queued` since MULTI: an array of their
/// replies, each compared under its own command's rule. Anything else (a null
/// array after a WATCH, EXECABORT...) is compared exactly.
inline bool equivalent_exec(const std::vector<std::vector<std::string>>& queued, const std::string& a,
                            const std::string& b, std::string* na = nullptr, std::string* nb = nullptr) {
  if (na) *na = a;
  if (nb) *nb = b;
  if (a == b) return true;
  Reply ra = parse_reply(a), rb = parse_reply(b);
  if (ra.type != '*' || rb.type != '*' || ra.is_null() || rb.is_null() || ra.children.size() != queued.size() ||
      rb.children.size() != queued.size())
    return false;
  bool same = true;
  std::string sa = ra.head, sb = rb.head;
  for (std::size_t i = 0; i < queued.size(); ++i) {
    std::string ea, eb;
    same = equivalent(queued[i], ra.children[i].serialize(), rb.children[i].serialize(), &ea, &eb) && same;
    sa += ea;
    sb += eb;
  }
  if (na) *na = sa;
  if (nb) *nb = sb;
  return same;
}

/// Follows MULTI ... EXEC on Redis's replies (the oracle's): which commands
/// it queued, so that EXEC's reply can be compared element by element.
class Transaction {
public:
  /// The commands an EXEC (`argv`) runs, or nullptr when it is not one.
  const std::vector<std::vector<std::string>>* exec_of(const std::vector<std::string>& argv) const {
    return active_ && argv.size() == 1 && lower(argv[0]) == "exec" ? &queued_ : nullptr;
  }
  /// Updates the state from Redis's reply to `argv`.
  void track(const std::vector<std::string>& argv, const std::string& redis_reply) {
    const std::string name = lower(argv[0]);
    if (!active_) {
      if (name == "multi" && redis_reply == "+OK\r\n") {
        active_ = true;
        queued_.clear();
      }
      return;
    }
    if (redis_reply == "+QUEUED\r\n") queued_.push_back(argv);
    // EXEC ends the transaction whatever it answers (even its own arity
    // error: execCommandAbort); DISCARD, RESET and QUIT when they succeed.
    else if (name == "exec" || (name == "discard" && redis_reply == "+OK\r\n") ||
             (name == "reset" && redis_reply == "+RESET\r\n") || (name == "quit" && redis_reply == "+OK\r\n"))
      active_ = false;
  }

private:
  bool active_ = false;
  std::vector<std::vector<std::string>> queued_;
};

} // namespace parity
