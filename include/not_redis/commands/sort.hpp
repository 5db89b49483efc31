#pragma once
/// @file
/// Typed SORT and SORT_RO, mixed into Client.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/commands/reply.hpp>
#include <not_redis/commands/zsets.hpp>

namespace not_redis {

/// SORT's options. The default sorts numerically, ascending, the elements
/// themselves.
///
/// ```
/// // The ids in "queue", by the weight_<id> keys, heaviest first, as names:
/// store.sort("queue", {.by = "weight_*", .get = {"name_*"}, .descending = true}).get();
/// ```
struct SortOptions {
  /// BY pattern: sort by the values at the keys the pattern makes of each
  /// element (its first `*` replaced; `key_*->field` reads a hash field). A
  /// pattern without `*` (say "nosort") leaves the order as it is.
  std::optional<std::string> by;
  /// LIMIT offset count of the sorted elements (count -1: all after offset).
  std::optional<Limit> limit;
  /// GET patterns: reply with these values for each element instead of the
  /// element itself (`#` is the element); a missing one is nullopt.
  std::vector<std::string> get;
  bool descending = false;
  /// ALPHA: compare as strings rather than as numbers.
  bool alpha = false;
};

template <>
struct ToArgs<SortOptions> {
  static void append(Argv& out, const SortOptions& o) {
    if (o.by) {
      out.push_back("BY");
      out.push_back(*o.by);
    }
    if (o.limit) ToArgs<Limit>::append(out, *o.limit);
    for (const std::string& pattern : o.get) {
      out.push_back("GET");
      out.push_back(pattern);
    }
    if (o.descending) out.push_back("DESC");
    if (o.alpha) out.push_back("ALPHA");
  }
};

/// SORT and SORT_RO as typed methods, each a thin wrapper over
/// `Self::command<T>(...)`. Thread rules are the backend's (Client: any
/// thread). Error replies throw not_redis::Error (Kind::reply) with Redis's
/// text, e.g. "ERR One or more scores can't be converted into double".
template <class Self>
class SortCommands {
public:
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

  /// SORT key [options]: the sorted elements of a list, set or sorted set
  /// (or the GET values, nullopt where a GET finds nothing).
  Reply<std::vector<std::optional<std::string>>> sort(std::string_view key, const SortOptions& options = {}) {
    return self().template command<std::vector<std::optional<std::string>>>("SORT", key, options);
  }
  /// SORT key [options] STORE destination: stores the result as a list
  /// (missing GET values as empty strings; an empty result deletes
  /// destination) and returns its length.
  Reply<long long> sort_store(std::string_view key, std::string_view destination, const SortOptions& options = {}) {
    return self().template command<long long>("SORT", key, options, "STORE", destination);
  }
  /// SORT_RO key [options]: SORT that never writes (allowed on read-only
  /// replicas of a real Redis).
  Reply<std::vector<std::optional<std::string>>> sort_ro(std::string_view key, const SortOptions& options = {}) {
    return self().template command<std::vector<std::optional<std::string>>>("SORT_RO", key, options);
  }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
