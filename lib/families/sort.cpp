// SORT and SORT_RO on lists, sets and sorted sets (sort.c): numeric or ALPHA,
// ASC|DESC, LIMIT, BY a pattern (keys or hash fields `key->field`; a
// pattern without `*` means no sorting), GET patterns and STORE.
//
// The sort is stable, as glibc's qsort (a merge sort) is under Redis, so ties
// that Redis leaves in input order stay in it here; Redis 7.0's partial sort
// for BY with a LIMIT may order such ties differently. ALPHA compares the
// bytes up to the first NUL as strcoll does in the C locale (and C.UTF-8),
// except with STORE, where Redis compares whole binary strings.

#include <algorithm>
#include <cerrno>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <locale.h>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/hash.hpp"
#include "db/list.hpp"
#include "db/set.hpp"
#include "db/zset.hpp"
#include "families/family.hpp"

namespace not_redis::detail {

namespace {

// --- Looking values up by pattern ----------------------------------------------

/// A string view up to its first NUL: what Redis's C-string functions see.
std::string_view c_string(std::string_view s) noexcept { return s.substr(0, s.find('\0')); }

/// `key`'s value for a lookup by pattern, counted as a keyspace hit or miss
/// as Redis's lookupKeyRead counts it.
const Object* read_key(Context& ctx, std::string_view key) {
  Entry* entry = ctx.db().find(key);
  if (!entry) {
    note_miss(ctx, key);
    return nullptr;
  }
  ++ctx.store.stats.keyspace_hits;
  return &entry->second;
}

/// Redis's lookupKeyByPattern: `#` is the element itself; otherwise the first
/// `*` is replaced by the element, and the string at that key (or, for
/// `key->field`, the hash field) is the value. Nullopt where there is none,
/// and for a pattern without `*`.
std::optional<std::string> value_by_pattern(Context& ctx, std::string_view pattern, std::string_view element) {
  if (!pattern.empty() && pattern[0] == '#' && c_string(pattern).size() == 1) return std::string(element);
  const std::string_view searched = c_string(pattern);
  const std::size_t star = searched.find('*');
  if (star == std::string_view::npos) return std::nullopt;
  // A hash field follows the first "->" after the star, if anything does.
  std::size_t arrow = searched.find("->", star + 1);
  if (arrow != std::string_view::npos && arrow + 2 >= searched.size()) arrow = std::string_view::npos;
  const std::string_view field = arrow == std::string_view::npos ? std::string_view{} : pattern.substr(arrow + 2);
  const std::size_t key_end = arrow == std::string_view::npos ? pattern.size() : arrow;

  std::string key;
  key.reserve(key_end - 1 + element.size());
  key.append(pattern.substr(0, star)).append(element).append(pattern.substr(star + 1, key_end - star - 1));
  const Object* value = read_key(ctx, key);
  if (!value) return std::nullopt;
  if (arrow != std::string_view::npos) {
    if (value->type() != ObjectType::hash) return std::nullopt;
    const std::optional<std::string_view> found = value->as<Hash>().get(field);
    return found ? std::optional<std::string>(*found) : std::nullopt;
  }
  if (value->type() != ObjectType::string) return std::nullopt;
  char scratch[24];
  return std::string(value->string_view(scratch));
}

// --- Sorting -------------------------------------------------------------------

/// Redis reads SORT's scores with strtod, which a host program's locale must
/// not change (a decimal comma would read "1.5" as 1).
locale_t c_locale() {
  static const locale_t locale = newlocale(LC_ALL_MASK, "C", nullptr);
  return locale;
}

/// A score as SORT reads it: strtod up to the first NUL (leading blanks and
/// hex allowed, an empty string is 0), refusing trailing bytes, NaN and
/// out-of-range values (ERANGE: also those that underflow).
std::optional<double> sort_score(std::string_view text) {
  const std::string terminated(c_string(text));
  char* end = nullptr;
  errno = 0;
  const double score = strtod_l(terminated.c_str(), &end, c_locale());
  if (*end != '\0' || errno == ERANGE || std::isnan(score)) return std::nullopt;
  return score;
}

struct SortItem {
  explicit SortItem(std::string_view e) : element(e) {}
  std::string element;
  double score = 0;                 ///< numeric sort: BY's value or the element's
  std::optional<std::string> by;    ///< ALPHA sort BY a pattern
};

/// Redis's compareStringObjects: bytes, then length.
int compare_binary(std::string_view a, std::string_view b) noexcept { return a.compare(b) < 0 ? -1 : a == b ? 0 : 1; }
/// strcmp, which strcoll is in the C locale.
int compare_c_strings(std::string_view a, std::string_view b) noexcept { return compare_binary(c_string(a), c_string(b)); }

struct SortOptions {
  bool desc = false;
  bool alpha = false;
  bool dont_sort = false;
  long long limit_start = 0;
  long long limit_count = -1;
  std::optional<std::string_view> by;
  std::optional<std::string_view> store;
  std::vector<std::string_view> gets;
};

/// Redis's sortCompare, negated for DESC.
int compare_items(const SortItem& a, const SortItem& b, const SortOptions& o) {
  int cmp;
  if (!o.alpha) {
    cmp = a.score > b.score ? 1 : a.score < b.score ? -1 : compare_binary(a.element, b.element);
  } else if (o.by) {
    // A missing BY value sorts first.
    if (!a.by || !b.by) cmp = a.by == b.by ? 0 : !a.by ? -1 : 1;
    else cmp = o.store ? compare_binary(*a.by, *b.by) : compare_c_strings(*a.by, *b.by);
  } else {
    cmp = o.store ? compare_binary(a.element, b.element) : compare_c_strings(a.element, b.element);
  }
  return o.desc ? -cmp : cmp;
}

/// Parses SORT's options from argv[2] on, as Redis's sortCommandGeneric;
/// nullopt and the error in `error` if they are wrong.
std::optional<SortOptions> parse_options(const Context& ctx, bool read_only, Value& error) {
  SortOptions o;
  const std::size_t argc = ctx.argv.size();
  for (std::size_t j = 2; j < argc; ++j) {
    const std::string_view arg = ctx.argv[j];
    const std::size_t left = argc - j - 1;
    if (iequals(arg, "asc")) {
      o.desc = false;
    } else if (iequals(arg, "desc")) {
      o.desc = true;
    } else if (iequals(arg, "alpha")) {
      o.alpha = true;
    } else if (iequals(arg, "limit") && left >= 2) {
      const auto start = integer_arg(ctx, j + 1);
      const auto count = start ? integer_arg(ctx, j + 2) : std::nullopt;
      if (!start || !count) {
        error = not_integer();
        return std::nullopt;
      }
      o.limit_start = *start;
      o.limit_count = *count;
      j += 2;
    } else if (!read_only && iequals(arg, "store") && left >= 1) {
      o.store = ctx.argv[++j];
    } else if (iequals(arg, "by") && left >= 1) {
      o.by = ctx.argv[++j];
      // A pattern without '*' names no key to sort by: no sorting at all.
      o.dont_sort = c_string(*o.by).find('*') == std::string_view::npos;
    } else if (iequals(arg, "get") && left >= 1) {
      o.gets.push_back(ctx.argv[++j]);
    } else {
      error = syntax_error();
      return std::nullopt;
    }
  }
  return o;
}

/// The elements of `value` to sort, in Redis's order of loading them, and
/// `first`/`last` narrowed to the loaded ones where Redis loads only the
/// LIMIT's range (lists and sorted sets that are not sorted).
std::vector<SortItem> load_elements(const Object* value, const SortOptions& o, long long& first, long long& last) {
  std::vector<SortItem> items;
  if (!value) return items;
  const bool in_order = o.dont_sort && value->type() != ObjectType::set;
  if (in_order && first > last) return items;
  if (value->type() == ObjectType::list) {
    const auto& list = value->as<List>();
    if (in_order) {
      // The range from the end DESC names.
      const std::size_t n = list.size();
      const auto count = static_cast<std::size_t>(last - first + 1);
      const std::size_t from = o.desc ? n - static_cast<std::size_t>(last) - 1 : static_cast<std::size_t>(first);
      items.reserve(count);
      list.for_range(from, count, [&](std::string_view e) { items.emplace_back(e); });
      if (o.desc) std::reverse(items.begin(), items.end());
      last -= first;
      first = 0;
    } else {
      items.reserve(list.size());
      list.for_range(0, list.size(), [&](std::string_view e) { items.emplace_back(e); });
    }
  } else if (value->type() == ObjectType::set) {
    const auto& set = value->as<Set>();
    items.reserve(set.size());
    set.for_each([&](std::string_view m) { items.emplace_back(m); });
  } else {
    const auto& zset = value->as<Zset>();
    if (in_order) {
      const std::size_t n = zset.size();
      const auto lo = static_cast<std::size_t>(o.desc ? static_cast<long long>(n) - 1 - last : first);
      const auto hi = static_cast<std::size_t>(o.desc ? static_cast<long long>(n) - first : last + 1);
      zset.for_each_in_ranks(lo, hi, o.desc, [&](ScoredMember m) {
        items.emplace_back(m.member);
        return true;
      });
      last -= first;
      first = 0;
    } else {
      items.reserve(zset.size());
      zset.for_each([&](ScoredMember m) { items.emplace_back(m.member); });
    }
  }
  return items;
}

Value sort_generic(Context& ctx, bool read_only) {
  Value error;
  std::optional<SortOptions> parsed = parse_options(ctx, read_only, error);
  if (!parsed) return error;
  SortOptions& o = *parsed;

  const Object* value = read_key(ctx, ctx.argv[1]);
  if (value && value->type() != ObjectType::list && value->type() != ObjectType::set &&
      value->type() != ObjectType::zset)
    return wrong_type();
  // A set has no order of its own; stored, it is sorted so that the result
  // does not depend on the hash table's.
  if (o.dont_sort && value && value->type() == ObjectType::set && o.store) {
    o.dont_sort = false;
    o.alpha = true;
    o.by.reset();
  }

  // Redis converts a listpack to a skiplist to sort it, and it stays one:
  // OBJECT ENCODING shows it, and a -0 score kept from now on shows too.
  if (value && value->type() == ObjectType::zset) value->as<Zset>().convert_to_skiplist();

  long long size = 0;
  if (value) {
    if (value->type() == ObjectType::list) size = static_cast<long long>(value->as<List>().size());
    else if (value->type() == ObjectType::set) size = static_cast<long long>(value->as<Set>().size());
    else size = static_cast<long long>(value->as<Zset>().size());
  }
  // Redis's LIMIT arithmetic, to the letter.
  long long first = std::min(std::max(o.limit_start, 0LL), size);
  const long long count = std::min(std::max(o.limit_count, -1LL), size);
  long long last = count < 0 ? size - 1 : first + count - 1;
  if (first >= size) {
    first = size - 1;
    last = size - 2;
  }
  if (last >= size) last = size - 1;

  std::vector<SortItem> items = load_elements(value, o, first, last);

  if (!o.dont_sort) {
    bool bad_score = false;
    for (SortItem& item : items) {
      std::optional<std::string> by_value;
      if (o.by) {
        by_value = value_by_pattern(ctx, *o.by, item.element);
        if (!by_value) continue;  // score 0, or first in an ALPHA sort
      }
      if (o.alpha) {
        if (o.by) item.by = std::move(by_value);
      } else if (const auto score = sort_score(o.by ? *by_value : item.element)) {
        item.score = *score;
      } else {
        bad_score = true;
      }
    }
    if (bad_score) return error_reply("ERR One or more scores can't be converted into double");
    std::stable_sort(items.begin(), items.end(),
                     [&](const SortItem& a, const SortItem& b) { return compare_items(a, b, o) < 0; });
  }

  const long long selected = last - first + 1;
  const long long output = o.gets.empty() ? selected : static_cast<long long>(o.gets.size()) * selected;
  if (!o.store) {
    Value::Array reply;
    reply.reserve(static_cast<std::size_t>(std::max(output, 0LL)));
    for (long long j = first; j <= last; ++j) {
      const std::string& element = items[static_cast<std::size_t>(j)].element;
      if (o.gets.empty()) reply.push_back(Value::bulk(element));
      for (std::string_view pattern : o.gets) {
        std::optional<std::string> got = value_by_pattern(ctx, pattern, element);
        reply.push_back(got ? Value::bulk(std::move(*got)) : Value::nil());
      }
    }
    return Value::array(std::move(reply));
  }

  auto list = std::make_unique<List>();
  for (long long j = first; j <= last; ++j) {
    const std::string& element = items[static_cast<std::size_t>(j)].element;
    if (o.gets.empty()) list->push(List::End::tail, element);
    for (std::string_view pattern : o.gets)
      list->push(List::End::tail, value_by_pattern(ctx, pattern, element).value_or(std::string()));
  }
  if (output > 0) ctx.db().set(*o.store, Object::aggregate(ObjectType::list, std::move(list)), "sortstore");
  else ctx.db().erase(*o.store);
  return Value::integer(std::max(output, 0LL));
}

// SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE destination]
Outcome sort(Context& ctx) { return sort_generic(ctx, false); }
// SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA]
Outcome sort_ro(Context& ctx) { return sort_generic(ctx, true); }

// Rows as Redis 7.0 declares them (COMMAND INFO). SORT's STORE key is found
// by command_keys (Redis's sortGetKeys).
constexpr CommandSpec kCommands[] = {
    {"sort", -2, kWrite | kDenyOom | kMovableKeys, 1, 1, 1, &sort, "@write @set @sortedset @list @slow @dangerous"},
    {"sort_ro", -2, kReadonly | kMovableKeys, 1, 1, 1, &sort_ro, "@read @set @sortedset @list @slow @dangerous"},
};

} // namespace

std::span<const CommandSpec> sort_commands() { return kCommands; }

} // namespace not_redis::detail
