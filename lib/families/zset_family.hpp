#pragma once
// What the sorted-set family's two files (zsets.cpp, zset_operations.cpp)
// share: the encoding limits, the reply shape of scored entries, and how a
// STORE command puts its result in place.

#include <cstddef>
#include <memory>
#include <string_view>

#include "db/zset.hpp"
#include "families/family.hpp"

namespace not_redis::detail {

/// zset-max-listpack-entries and -value, as the store is configured now.
ZsetLimits zset_limits(const Context& ctx) noexcept;

/// Collects entries for a reply: members alone, or with their scores as
/// RESP2's flat member, score list or RESP3's [member, score] pairs (Redis
/// cannot use a map: the order matters).
class EntryWriter {
public:
  EntryWriter(const Context& ctx, bool with_scores) : with_scores_(with_scores), nested_(with_scores && ctx.resp() > 2) {}
  void reserve(std::size_t entries) { out_.reserve(with_scores_ && !nested_ ? 2 * entries : entries); }
  void add(ScoredMember entry);
  Value take() { return Value::array(std::move(out_)); }

private:
  bool with_scores_;
  bool nested_;
  Value::Array out_;
};

/// Stores `result` under `destination` (replacing its value and TTL, as
/// Redis's setKey), reported as `event`, and replies its size; an empty
/// result deletes the destination instead and replies 0.
Value store_zset(Context& ctx, std::string_view destination, std::unique_ptr<Zset> result, std::string_view event);

} // namespace not_redis::detail
