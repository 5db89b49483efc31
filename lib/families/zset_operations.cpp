// The sorted-set family's set operations: ZUNION, ZINTER, ZDIFF, their STORE
// forms and ZINTERCARD (t_zset.c's zunionInterDiffGenericCommand). Plain sets
// take part with a score of 1 for every member.

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/set.hpp"
#include "families/zset_family.hpp"
#include "util/string_hash.hpp"

namespace not_redis::detail {

namespace {

enum class SetOp : std::uint8_t { union_of, intersection, difference };
enum class Aggregate : std::uint8_t { sum, min, max };

/// One input: a sorted set, a set, or a missing key (empty).
struct Source {
  const Zset* zset = nullptr;
  const Set* set = nullptr;
  double weight = 1;

  std::size_t size() const noexcept { return zset ? zset->size() : set ? set->size() : 0; }
  bool same_value(const Source& other) const noexcept {
    return (zset && zset == other.zset) || (set && set == other.set);
  }
  std::optional<double> score(std::string_view member) const noexcept {
    if (zset) return zset->score(member);
    if (set && set->contains(member)) return 1.0;
    return std::nullopt;
  }
  template <class Visit>
  void for_each(Visit&& visit) const {
    if (zset) zset->for_each([&](ScoredMember e) { visit(e.member, e.score); });
    else if (set) set->for_each([&](std::string_view member) { visit(member, 1.0); });
  }
};

/// Redis's zunionInterAggregate: a sum of +inf and -inf is 0, not NaN.
void aggregate_into(double& target, double value, Aggregate how) noexcept {
  switch (how) {
  case Aggregate::sum:
    target += value;
    if (std::isnan(target)) target = 0;
    break;
  case Aggregate::min: target = value < target ? value : target; break;
  case Aggregate::max: target = value > target ? value : target; break;
  }
}

/// A weighted score, where 0 * inf counts as 0.
double weighted(double score, double weight) noexcept {
  const double value = score * weight;
  return std::isnan(value) ? 0 : value;
}

void intersect(const std::vector<Source>& sources, Aggregate how, const std::function<bool(std::string_view, double)>& emit) {
  // The inputs are sorted by size: the smallest is walked, the others probed.
  const Source& first = sources.front();
  if (first.size() == 0) return;
  bool more = true;
  first.for_each([&](std::string_view member, double score) {
    if (!more) return;
    double total = weighted(score, first.weight);
    for (std::size_t j = 1; j < sources.size(); ++j) {
      // The same value twice (ZINTER 2 k k) is not probed while it is walked.
      const std::optional<double> found = sources[j].same_value(first) ? score : sources[j].score(member);
      if (!found) return;
      aggregate_into(total, *found * sources[j].weight, how);
    }
    more = emit(member, total);
  });
}

void unite(const std::vector<Source>& sources, Aggregate how, const std::function<bool(std::string_view, double)>& emit) {
  std::unordered_map<std::string, double, StringHash, std::equal_to<>> totals;
  totals.reserve(sources.back().size());  // the largest: the union is at least that big
  for (const Source& source : sources) {
    source.for_each([&](std::string_view member, double score) {
      const double value = weighted(score, source.weight);
      auto it = totals.find(member);
      if (it == totals.end()) totals.emplace(std::string(member), value);
      else aggregate_into(it->second, value, how);
    });
  }
  for (const auto& [member, total] : totals) emit(member, total);
}

void subtract(const std::vector<Source>& sources, const std::function<bool(std::string_view, double)>& emit) {
  const Source& first = sources.front();
  // Subtracting the first input from itself leaves nothing.
  for (std::size_t j = 1; j < sources.size(); ++j)
    if (sources[j].same_value(first)) return;
  first.for_each([&](std::string_view member, double score) {
    for (std::size_t j = 1; j < sources.size(); ++j)
      if (sources[j].score(member)) return;
    emit(member, score);
  });
}

// Redis's zunionInterDiffGenericCommand: `numkeys_at` is the position of
// numkeys; `destination` is set for the STORE forms; `cardinality_only` is
// ZINTERCARD.
Value set_operation(Context& ctx, std::optional<std::string_view> destination, std::size_t numkeys_at, SetOp op,
                    bool cardinality_only) {
  const auto numkeys = integer_arg(ctx, numkeys_at);
  if (!numkeys) return not_integer();
  if (*numkeys < 1)
    return error_reply(fmt::format("ERR at least 1 input key is needed for '{}' command", ctx.command.name));
  if (static_cast<unsigned long long>(*numkeys) > ctx.argv.size() - numkeys_at - 1) return syntax_error();
  const auto count = static_cast<std::size_t>(*numkeys);

  std::vector<Source> sources(count);
  std::size_t i = numkeys_at + 1;
  for (Source& source : sources) {
    auto [entry, wrong] = lookup_read(ctx, ctx.argv[i++], ObjectType::zset);
    if (!entry) continue;
    if (!wrong) source.zset = &entry->second.as<Zset>();
    else if (entry->second.type() == ObjectType::set) source.set = &entry->second.as<Set>();
    else return wrong_type();
  }

  Aggregate how = Aggregate::sum;
  bool with_scores = false;
  long long limit = 0;  // ZINTERCARD: 0 counts them all
  while (i < ctx.argv.size()) {
    const std::string_view option = ctx.argv[i];
    const std::size_t remaining = ctx.argv.size() - i;
    const bool scored = op != SetOp::difference && !cardinality_only;
    if (scored && remaining >= count + 1 && iequals(option, "weights")) {
      ++i;
      for (Source& source : sources) {
        const auto weight = parse_double(ctx.argv[i++]);
        if (!weight) return error_reply("ERR weight value is not a float");
        source.weight = *weight;
      }
    } else if (scored && remaining >= 2 && iequals(option, "aggregate")) {
      const std::string_view name = ctx.argv[i + 1];
      if (iequals(name, "sum")) how = Aggregate::sum;
      else if (iequals(name, "min")) how = Aggregate::min;
      else if (iequals(name, "max")) how = Aggregate::max;
      else return syntax_error();
      i += 2;
    } else if (!destination && !cardinality_only && iequals(option, "withscores")) {
      with_scores = true;
      ++i;
    } else if (cardinality_only && remaining >= 2 && iequals(option, "limit")) {
      const auto n = integer_arg(ctx, i + 1);
      if (!n || *n < 0) return error_reply(errors::kLimitNegative);
      limit = *n;
      i += 2;
    } else {
      return syntax_error();
    }
  }
  // Smallest first, as Redis orders them (its qsort keeps equal sizes in
  // argument order): the order sums are taken in.
  if (op != SetOp::difference)
    std::stable_sort(sources.begin(), sources.end(), [](const Source& a, const Source& b) { return a.size() < b.size(); });

  if (cardinality_only) {
    long long found = 0;
    intersect(sources, how, [&](std::string_view, double) { return ++found != limit; });
    return Value::integer(found);
  }
  // Redis builds the result in a skiplist (createZsetObject), replies from it
  // as it is, and makes a stored result a listpack only if it fits
  // (zsetConvertToListpackIfNeeded, on its size and longest member): so
  // ZUNION 1 k WEIGHTS -1 answers -0 for a score of 0, while ZUNIONSTORE's
  // listpack keeps 0.
  const ZsetLimits limits = zset_limits(ctx);
  std::unique_ptr<Zset> result = Zset::create_skiplist(op == SetOp::union_of ? sources.back().size() : 0);
  std::size_t longest_member = 0;
  const auto add = [&](std::string_view member, double score) {
    result->insert_or_assign(member, score, limits);
    longest_member = std::max(longest_member, member.size());
    return true;
  };
  switch (op) {
  case SetOp::union_of: unite(sources, how, add); break;
  case SetOp::intersection: intersect(sources, how, add); break;
  case SetOp::difference: subtract(sources, add); break;
  }
  if (destination) {
    if (Zset::fits_listpack(result->size(), longest_member, limits)) result->convert_to_listpack();
    constexpr std::string_view kEvents[] = {"zunionstore", "zinterstore", "zdiffstore"};
    return store_zset(ctx, *destination, std::move(result), kEvents[static_cast<int>(op)]);
  }
  EntryWriter out(ctx, with_scores);
  out.reserve(result->size());
  result->for_each_in_ranks(0, result->size(), false, [&](ScoredMember e) {
    out.add(e);
    return true;
  });
  return out.take();
}

// ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
Outcome zunion(Context& ctx) { return set_operation(ctx, std::nullopt, 1, SetOp::union_of, false); }

// ZINTER numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES]
Outcome zinter(Context& ctx) { return set_operation(ctx, std::nullopt, 1, SetOp::intersection, false); }

// ZDIFF numkeys key [key ...] [WITHSCORES]
Outcome zdiff(Context& ctx) { return set_operation(ctx, std::nullopt, 1, SetOp::difference, false); }

// ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]
Outcome zunionstore(Context& ctx) { return set_operation(ctx, ctx.argv[1], 2, SetOp::union_of, false); }

// ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX]
Outcome zinterstore(Context& ctx) { return set_operation(ctx, ctx.argv[1], 2, SetOp::intersection, false); }

// ZDIFFSTORE destination numkeys key [key ...]
Outcome zdiffstore(Context& ctx) { return set_operation(ctx, ctx.argv[1], 2, SetOp::difference, false); }

// ZINTERCARD numkeys key [key ...] [LIMIT limit]
Outcome zintercard(Context& ctx) { return set_operation(ctx, std::nullopt, 1, SetOp::intersection, true); }

constexpr CommandSpec kCommands[] = {
    {"zunion", -3, kReadonly | kMovableKeys, 0, 0, 0, &zunion, "@read @sortedset @slow", {}, 1},
    {"zinter", -3, kReadonly | kMovableKeys, 0, 0, 0, &zinter, "@read @sortedset @slow", {}, 1},
    {"zdiff", -3, kReadonly | kMovableKeys, 0, 0, 0, &zdiff, "@read @sortedset @slow", {}, 1},
    {"zintercard", -3, kReadonly | kMovableKeys, 0, 0, 0, &zintercard, "@read @sortedset @slow", {}, 1},
    {"zunionstore", -4, kWrite | kDenyOom | kMovableKeys, 1, 1, 1, &zunionstore, "@write @sortedset @slow"},
    {"zinterstore", -4, kWrite | kDenyOom | kMovableKeys, 1, 1, 1, &zinterstore, "@write @sortedset @slow"},
    {"zdiffstore", -4, kWrite | kDenyOom | kMovableKeys, 1, 1, 1, &zdiffstore, "@write @sortedset @slow"},
};

} // namespace

std::span<const CommandSpec> zset_operation_commands() { return kCommands; }

} // namespace not_redis::detail
