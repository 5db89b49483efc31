// Geospatial commands on sorted sets with 52-bit geohash scores (geo.c): a
// member's score encodes its position (util/geohash.hpp); a search scans the
// score ranges of the 9 cells around its centre and keeps the members inside
// the shape, in the order Redis finds and sorts them.

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "families/zset_family.hpp"
#include "util/geohash.hpp"

namespace not_redis::detail {

namespace {

using geohash::LonLat;
using geohash::Shape;

/// An argument as C's strcasecmp sees it: up to its first NUL.
std::string_view c_string(std::string_view arg) { return arg.substr(0, arg.find('\0')); }

bool is_option(std::string_view arg, std::string_view name) { return iequals(c_string(arg), name); }

/// Redis's "%f", which its coordinate errors print.
std::string printf_f(double v) {
  char buf[400];
  const int n = std::snprintf(buf, sizeof buf, "%f", v);
  return std::string(buf, static_cast<std::size_t>(n));
}

/// Redis's extractLongLatOrReply: two floats at argv[at], argv[at + 1],
/// inside the geohash ranges.
std::optional<Value> parse_lon_lat(const Context& ctx, std::size_t at, LonLat& out) {
  const auto longitude = parse_double(ctx.argv[at]);
  if (!longitude) return error_reply(errors::kNotFloat);
  const auto latitude = parse_double(ctx.argv[at + 1]);
  if (!latitude) return error_reply(errors::kNotFloat);
  if (*longitude < geohash::kLongitudeMin || *longitude > geohash::kLongitudeMax ||
      *latitude < geohash::kLatitudeMin || *latitude > geohash::kLatitudeMax)
    return Value::error("ERR invalid longitude,latitude pair " + printf_f(*longitude) + "," + printf_f(*latitude));
  out = {*longitude, *latitude};
  return std::nullopt;
}

/// Meters per unit (extractUnitOrReply), or nullopt for an unknown unit.
std::optional<double> unit_to_meters(std::string_view unit) {
  if (is_option(unit, "m")) return 1;
  if (is_option(unit, "km")) return 1000;
  if (is_option(unit, "ft")) return 0.3048;
  if (is_option(unit, "mi")) return 1609.34;
  return std::nullopt;
}

Value unsupported_unit() { return error_reply("ERR unsupported unit provided. please use M, KM, FT, MI"); }

/// Redis's extractDistanceOrReply: "radius unit" at argv[at].
std::optional<Value> parse_radius(const Context& ctx, std::size_t at, Shape& shape) {
  const auto radius = parse_double(ctx.argv[at]);
  if (!radius) return error_reply("ERR need numeric radius");
  if (*radius < 0) return error_reply("ERR radius cannot be negative");
  const auto to_meters = unit_to_meters(ctx.argv[at + 1]);
  if (!to_meters) return unsupported_unit();
  shape.kind = Shape::Kind::radius;
  shape.radius = *radius;
  shape.to_meters = *to_meters;
  return std::nullopt;
}

/// Redis's extractBoxOrReply: "width height unit" at argv[at].
std::optional<Value> parse_box(const Context& ctx, std::size_t at, Shape& shape) {
  const auto width = parse_double(ctx.argv[at]);
  if (!width) return error_reply("ERR need numeric width");
  const auto height = parse_double(ctx.argv[at + 1]);
  if (!height) return error_reply("ERR need numeric height");
  if (*height < 0 || *width < 0) return error_reply("ERR height or width cannot be negative");
  const auto to_meters = unit_to_meters(ctx.argv[at + 2]);
  if (!to_meters) return unsupported_unit();
  shape.kind = Shape::Kind::box;
  shape.width = *width;
  shape.height = *height;
  shape.to_meters = *to_meters;
  return std::nullopt;
}

/// The position a member's score encodes, if the member is there
/// (longLatFromMember).
std::optional<LonLat> member_position(const Zset& zset, std::string_view member) {
  const auto score = zset.score(member);
  if (!score) return std::nullopt;
  return geohash::decode_score(*score);
}

/// GEODIST and WITHDIST: four decimals (addReplyDoubleDistance).
Value distance_reply(double distance) {
  char buf[400];
  const int n = std::snprintf(buf, sizeof buf, "%.4f", distance);
  return Value::bulk(std::string_view(buf, static_cast<std::size_t>(n)));
}

Value position_reply(LonLat point) {
  return Value::array({Value::human_number(point.longitude), Value::human_number(point.latitude)});
}

// --- GEOADD ------------------------------------------------------------------------------

// GEOADD key [NX|XX] [CH] longitude latitude member [longitude latitude member ...]:
// Redis rewrites it into a ZADD of the members' scores, so ZADD's rules and
// its "zadd" event apply.
Outcome geoadd(Context& ctx) {
  bool nx = false, xx = false, ch = false;
  std::size_t first = 2;
  for (; first < ctx.argv.size(); ++first) {
    const std::string_view option = ctx.argv[first];
    if (is_option(option, "nx")) nx = true;
    else if (is_option(option, "xx")) xx = true;
    else if (is_option(option, "ch")) ch = true;
    else break;
  }
  const std::size_t arguments = ctx.argv.size() - first;
  if (arguments % 3 != 0 || (nx && xx)) return syntax_error();
  // ZADD with no pair left is its syntax error.
  if (arguments == 0) return syntax_error();
  const std::size_t count = arguments / 3;
  std::vector<double> scores(count);
  for (std::size_t i = 0; i < count; ++i) {
    LonLat point;
    if (auto error = parse_lon_lat(ctx, first + 3 * i, point)) return std::move(*error);
    scores[i] = static_cast<double>(geohash::score_of(point));
  }

  const std::string_view key = ctx.argv[1];
  auto [entry, wrong] = lookup_write(ctx, key, ObjectType::zset);
  if (wrong) return wrong_type();
  if (!entry && xx) return Value::integer(0);
  const ZsetLimits limits = zset_limits(ctx);
  std::unique_ptr<Zset> created;
  Zset& zset = entry ? entry->second.as<Zset>() : *(created = Zset::create(1, ctx.argv[first + 2].size(), limits));
  long long added = 0, updated = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view member = ctx.argv[first + 3 * i + 2];
    if (const auto current = zset.score(member)) {
      if (nx || *current == scores[i]) continue;
      zset.insert_or_assign(member, scores[i], limits);
      ++updated;
    } else if (!xx) {
      zset.insert_or_assign(member, scores[i], limits);
      ++added;
    }
  }
  if (created) {
    if (!created->empty()) ctx.db().insert(key, Object::aggregate(ObjectType::zset, std::move(created)), "zadd");
  } else if (added || updated) {
    ctx.db().modified(*entry, "zadd");
  }
  return Value::integer(ch ? added + updated : added);
}

// --- GEOPOS, GEOHASH, GEODIST ---------------------------------------------------------------

// GEOPOS key [member ...]
Outcome geopos(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::zset);
  if (wrong) return wrong_type();
  Value::Array out;
  out.reserve(ctx.argv.size() - 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const auto point = entry ? member_position(entry->second.as<Zset>(), ctx.argv[i]) : std::nullopt;
    out.push_back(point ? position_reply(*point) : Value::null_array());
  }
  return Value::array(std::move(out));
}

// GEOHASH key [member ...]
Outcome geohash_command(Context& ctx) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::zset);
  if (wrong) return wrong_type();
  Value::Array out;
  out.reserve(ctx.argv.size() - 2);
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const auto score = entry ? entry->second.as<Zset>().score(ctx.argv[i]) : std::nullopt;
    if (!score) {
      out.emplace_back();
      continue;
    }
    const std::array<char, 11> text = geohash::base32_of_score(*score);
    out.push_back(Value::bulk(std::string_view(text.data(), text.size())));
  }
  return Value::array(std::move(out));
}

// GEODIST key member1 member2 [M|KM|FT|MI]
Outcome geodist(Context& ctx) {
  double to_meters = 1;
  if (ctx.argv.size() == 5) {
    const auto unit = unit_to_meters(ctx.argv[4]);
    if (!unit) return unsupported_unit();
    to_meters = *unit;
  } else if (ctx.argv.size() > 5) {
    return syntax_error();
  }
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[1], ObjectType::zset);
  if (wrong) return wrong_type();
  if (!entry) return Value{};
  const Zset& zset = entry->second.as<Zset>();
  const auto first = member_position(zset, ctx.argv[2]);
  const auto second = first ? member_position(zset, ctx.argv[3]) : std::nullopt;
  if (!second) return Value{};
  return distance_reply(geohash::distance(*first, *second) / to_meters);
}

// --- the searches ----------------------------------------------------------------------------

/// A member found inside the shape; `member` views the source set's bytes.
struct Found {
  LonLat position;
  double distance;  // meters, then in the unit
  double score;
  std::string_view member;
};

/// Redis's sort_gp_asc, a three-way comparison of distances.
int compare_ascending(const Found& a, const Found& b) {
  if (a.distance > b.distance) return 1;
  if (a.distance == b.distance) return 0;
  return -1;
}

/// Redis's pqsort (Bentley & McIlroy's quicksort that only recurses into the
/// parts overlapping ranks [low, high]), step by step: where distances tie,
/// the order of a COUNT-limited search depends on its exact swaps.
template <class Compare>
void partial_quicksort(std::vector<Found>& v, std::size_t begin, std::size_t n, std::size_t low, std::size_t high,
                       Compare cmp) {
  const auto swap_at = [&](std::size_t i, std::size_t j) { std::swap(v[i], v[j]); };
  const auto median_of_three = [&](std::size_t a, std::size_t b, std::size_t c) {
    return cmp(v[a], v[b]) < 0 ? (cmp(v[b], v[c]) < 0 ? b : (cmp(v[a], v[c]) < 0 ? c : a))
                               : (cmp(v[b], v[c]) > 0 ? b : (cmp(v[a], v[c]) < 0 ? a : c));
  };
  for (;;) {
    if (n < 7) {
      for (std::size_t m = begin + 1; m < begin + n; ++m)
        for (std::size_t l = m; l > begin && cmp(v[l - 1], v[l]) > 0; --l) swap_at(l, l - 1);
      return;
    }
    std::size_t middle = begin + n / 2;
    if (n > 7) {
      std::size_t left = begin, right = begin + n - 1;
      if (n > 40) {
        const std::size_t d = n / 8;
        left = median_of_three(left, left + d, left + 2 * d);
        middle = median_of_three(middle - d, middle, middle + d);
        right = median_of_three(right - 2 * d, right - d, right);
      }
      middle = median_of_three(left, middle, right);
    }
    swap_at(begin, middle);
    // Bentley-McIlroy's three-way partition: elements equal to the pivot
    // gather at both ends (a, d), then move to the middle.
    std::size_t a = begin + 1, b = begin + 1;
    std::ptrdiff_t c = static_cast<std::ptrdiff_t>(begin + n - 1), d = c;
    for (;;) {
      int result = 0;
      while (static_cast<std::ptrdiff_t>(b) <= c && (result = cmp(v[b], v[begin])) <= 0) {
        if (result == 0) swap_at(a++, b);
        ++b;
      }
      while (static_cast<std::ptrdiff_t>(b) <= c && (result = cmp(v[static_cast<std::size_t>(c)], v[begin])) >= 0) {
        if (result == 0) swap_at(static_cast<std::size_t>(c), static_cast<std::size_t>(d--));
        --c;
      }
      if (static_cast<std::ptrdiff_t>(b) > c) break;
      swap_at(b++, static_cast<std::size_t>(c--));
    }
    const std::size_t end = begin + n;
    const auto swap_blocks = [&](std::size_t x, std::size_t y, std::size_t count) {
      for (std::size_t i = 0; i < count; ++i) swap_at(x + i, y + i);
    };
    std::size_t r = std::min(a - begin, b - a);
    swap_blocks(begin, b - r, r);
    const auto uc = static_cast<std::size_t>(c), ud = static_cast<std::size_t>(d);
    r = std::min(ud - uc, end - ud - 1);
    swap_blocks(b, end - r, r);
    const auto overlaps = [&](std::size_t first, std::size_t count) { return !(high < first || low >= first + count); };
    if ((r = b - a) > 1 && overlaps(begin, r)) partial_quicksort(v, begin, r, low, high, cmp);
    if ((r = ud - uc) > 1) {
      begin = end - r;
      n = r;
      if (overlaps(begin, n)) continue;
    }
    return;
  }
}

enum class Order : std::uint8_t { none, ascending, descending };

// How georadiusGeneric's variants differ.
enum SearchFlags : unsigned {
  kAroundCoordinates = 1 << 0,  // GEORADIUS: longitude latitude radius unit
  kAroundMember = 1 << 1,       // GEORADIUSBYMEMBER: member radius unit
  kNoStore = 1 << 2,            // the _RO forms: no STORE, STOREDIST
  kGeosearch = 1 << 3,          // FROMMEMBER|FROMLONLAT BYRADIUS|BYBOX
  kGeosearchStore = 1 << 4,     // GEOSEARCHSTORE destination source: STOREDIST alone
};

/// The members inside `shape`, cell by cell in Redis's order, each cell in
/// rank order (membersOfAllNeighbors); with `limit` (COUNT ANY) the scan
/// stops at that many. Cells equal to the one scanned before are skipped:
/// with a huge radius neighbours coincide.
void find_inside(const Zset& zset, const Shape& shape, std::size_t limit, std::vector<Found>& found) {
  const std::array<geohash::Bits, 9> cells = geohash::search_cells(shape);
  struct Scan {
    const Shape* shape;
    std::size_t limit;
    std::vector<Found>* found;
  } scan{&shape, limit, &found};
  std::size_t last_scanned = 0;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].empty()) continue;
    // As in Redis, the centre (index 0) is never compared against.
    if (last_scanned && cells[i] == cells[last_scanned]) continue;
    if (limit && found.size() >= limit) break;
    geohash::Bits next = cells[i];
    ++next.bits;
    // Every score with the cell's bits as its prefix: [min, max).
    const auto min = static_cast<double>(geohash::align52(cells[i]));
    const auto max = static_cast<double>(geohash::align52(next));
    const std::size_t first = zset.first_rank(ScoreBound{min, false});
    const std::size_t last = zset.end_rank(ScoreBound{max, true});
    // One pointer captured: std::function keeps it without allocating.
    zset.for_each_in_ranks(first, std::max(first, last), false, [s = &scan](ScoredMember e) {
      const LonLat position = geohash::decode_score(e.score);
      double meters = 0;
      if (geohash::distance_if_inside(*s->shape, position, meters))
        s->found->push_back({position, meters, e.score, e.member});
      return !(s->limit && s->found->size() >= s->limit);
    });
    last_scanned = i;
  }
}

// GEORADIUS key longitude latitude radius unit [options]
// GEORADIUSBYMEMBER key member radius unit [options]
//   options: WITHCOORD WITHDIST WITHHASH COUNT count [ANY] ASC|DESC STORE key STOREDIST key
// GEOSEARCH key FROMMEMBER member|FROMLONLAT longitude latitude
//   BYRADIUS radius unit|BYBOX width height unit [ASC|DESC] [COUNT count [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]
// GEOSEARCHSTORE destination source ... as GEOSEARCH, without WITH*, [STOREDIST]
// Redis's georadiusGeneric: the same parse, in the same order of errors.
Value search(Context& ctx, std::size_t source_at, unsigned flags) {
  auto [entry, wrong] = lookup_read(ctx, ctx.argv[source_at], ObjectType::zset);
  if (wrong) return wrong_type();
  const Zset* zset = entry ? &entry->second.as<Zset>() : nullptr;

  Shape shape;
  std::size_t options_at = 0;
  std::optional<std::string_view> destination;
  if (flags & kAroundCoordinates) {
    options_at = 6;
    if (auto error = parse_lon_lat(ctx, 2, shape.centre)) return std::move(*error);
    if (auto error = parse_radius(ctx, 4, shape)) return std::move(*error);
  } else if (flags & kAroundMember) {
    options_at = 5;
    // Without a source Redis parses on, to know which empty reply to give.
    if (zset) {
      const auto centre = member_position(*zset, ctx.argv[2]);
      if (!centre) return error_reply("ERR could not decode requested zset member");
      shape.centre = *centre;
      if (auto error = parse_radius(ctx, 3, shape)) return std::move(*error);
    }
  } else {
    options_at = 2;
    if (flags & kGeosearchStore) {
      options_at = 3;
      destination = ctx.argv[1];
    }
  }

  bool with_distance = false, with_hash = false, with_coordinates = false;
  bool from_member = false, from_lon_lat = false, by_radius = false, by_box = false;
  bool any = false, store_distance = false;
  Order order = Order::none;
  long long count = 0;
  const bool geosearch = flags & kGeosearch;
  const bool may_store = !(flags & kNoStore) && !geosearch;
  const std::size_t remaining = ctx.argv.size() - std::min(options_at, ctx.argv.size());
  for (std::size_t i = 0; i < remaining; ++i) {
    const std::size_t at = options_at + i;
    const std::string_view option = ctx.argv[at];
    if (is_option(option, "withdist")) {
      with_distance = true;
    } else if (is_option(option, "withhash")) {
      with_hash = true;
    } else if (is_option(option, "withcoord")) {
      with_coordinates = true;
    } else if (is_option(option, "any")) {
      any = true;
    } else if (is_option(option, "asc")) {
      order = Order::ascending;
    } else if (is_option(option, "desc")) {
      order = Order::descending;
    } else if (is_option(option, "count") && i + 1 < remaining) {
      const auto n = parse_integer(ctx.argv[at + 1]);
      if (!n) return not_integer();
      if (*n <= 0) return error_reply("ERR COUNT must be > 0");
      count = *n;
      ++i;
    } else if (is_option(option, "store") && i + 1 < remaining && may_store) {
      destination = ctx.argv[at + 1];
      store_distance = false;
      ++i;
    } else if (is_option(option, "storedist") && i + 1 < remaining && may_store) {
      destination = ctx.argv[at + 1];
      store_distance = true;
      ++i;
    } else if (is_option(option, "storedist") && geosearch && (flags & kGeosearchStore)) {
      store_distance = true;
    } else if (is_option(option, "frommember") && i + 1 < remaining && geosearch && !from_lon_lat) {
      if (zset) {
        const auto centre = member_position(*zset, ctx.argv[at + 1]);
        if (!centre) return error_reply("ERR could not decode requested zset member");
        shape.centre = *centre;
      }
      from_member = true;
      ++i;
    } else if (is_option(option, "fromlonlat") && i + 2 < remaining && geosearch && !from_member) {
      if (auto error = parse_lon_lat(ctx, at + 1, shape.centre)) return std::move(*error);
      from_lon_lat = true;
      i += 2;
    } else if (is_option(option, "byradius") && i + 2 < remaining && geosearch && !by_box) {
      if (auto error = parse_radius(ctx, at + 1, shape)) return std::move(*error);
      by_radius = true;
      i += 2;
    } else if (is_option(option, "bybox") && i + 3 < remaining && geosearch && !by_radius) {
      if (auto error = parse_box(ctx, at + 1, shape)) return std::move(*error);
      by_box = true;
      i += 3;
    } else {
      return syntax_error();
    }
  }

  if (destination && (with_distance || with_hash || with_coordinates))
    return Value::error(std::string("ERR ") +
                        ((flags & kGeosearchStore) ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS") +
                        " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
  if (geosearch && !(from_member || from_lon_lat))
    return Value::error("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + error_arg(ctx.argv[0]));
  if (geosearch && !(by_radius || by_box))
    return Value::error("ERR exactly one of BYRADIUS and BYBOX can be specified for " + error_arg(ctx.argv[0]));
  if (any && !count) return error_reply("ERR the ANY argument requires COUNT argument");

  if (!zset) {
    if (!destination) return Value::array();
    ctx.db().erase(*destination);
    return Value::integer(0);
  }
  // COUNT alone means the nearest ones: sorted, unless ANY asked for any.
  if (count != 0 && order == Order::none && !any) order = Order::ascending;

  std::vector<Found> found;
  find_inside(*zset, shape, any ? static_cast<std::size_t>(count) : 0, found);
  if (found.empty() && !destination) return Value::array();

  const std::size_t returned = count == 0 || found.size() < static_cast<std::size_t>(count)
                                   ? found.size()
                                   : static_cast<std::size_t>(count);
  if (order != Order::none) {
    const auto ascending = [](const Found& a, const Found& b) { return compare_ascending(a, b); };
    const auto descending = [](const Found& a, const Found& b) { return -compare_ascending(a, b); };
    // A full sort is glibc's qsort, a merge sort: stable.
    if (returned == found.size()) {
      if (order == Order::ascending)
        std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.distance < b.distance; });
      else
        std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.distance > b.distance; });
    } else if (order == Order::ascending) {
      partial_quicksort(found, 0, found.size(), 0, returned - 1, ascending);
    } else {
      partial_quicksort(found, 0, found.size(), 0, returned - 1, descending);
    }
  }

  if (!destination) {
    const bool nested = with_distance || with_hash || with_coordinates;
    Value::Array out;
    out.reserve(returned);
    for (std::size_t i = 0; i < returned; ++i) {
      const Found& f = found[i];
      if (!nested) {
        out.push_back(Value::bulk(f.member));
        continue;
      }
      Value::Array item;
      item.reserve(4);
      item.push_back(Value::bulk(f.member));
      if (with_distance) item.push_back(distance_reply(f.distance / shape.to_meters));
      if (with_hash) item.push_back(Value::integer(static_cast<long long>(f.score)));
      if (with_coordinates) item.push_back(position_reply(f.position));
      out.push_back(Value::array(std::move(item)));
    }
    return Value::array(std::move(out));
  }

  // Built as a skiplist, made a listpack if it fits, as Redis stores it.
  const ZsetLimits limits = zset_limits(ctx);
  std::unique_ptr<Zset> result = Zset::create_skiplist(returned);
  std::size_t longest_member = 0;
  for (std::size_t i = 0; i < returned; ++i) {
    const Found& f = found[i];
    result->insert_or_assign(f.member, store_distance ? f.distance / shape.to_meters : f.score, limits);
    longest_member = std::max(longest_member, f.member.size());
  }
  if (Zset::fits_listpack(result->size(), longest_member, limits)) result->convert_to_listpack();
  return store_zset(ctx, *destination, std::move(result), geosearch ? "geosearchstore" : "georadiusstore");
}

Outcome georadius(Context& ctx) { return search(ctx, 1, kAroundCoordinates); }
Outcome georadiusbymember(Context& ctx) { return search(ctx, 1, kAroundMember); }
Outcome georadius_ro(Context& ctx) { return search(ctx, 1, kAroundCoordinates | kNoStore); }
Outcome georadiusbymember_ro(Context& ctx) { return search(ctx, 1, kAroundMember | kNoStore); }
Outcome geosearch(Context& ctx) { return search(ctx, 1, kGeosearch); }
Outcome geosearchstore(Context& ctx) { return search(ctx, 2, kGeosearch | kGeosearchStore); }

// --- the table -----------------------------------------------------------------------------

constexpr CommandSpec kCommands[] = {
    {"geoadd", -5, kWrite | kDenyOom, 1, 1, 1, &geoadd, "@write @geo @slow"},
    {"geodist", -4, kReadonly, 1, 1, 1, &geodist, "@read @geo @slow"},
    {"geohash", -2, kReadonly, 1, 1, 1, &geohash_command, "@read @geo @slow"},
    {"geopos", -2, kReadonly, 1, 1, 1, &geopos, "@read @geo @slow"},
    {"georadius", -6, kWrite | kDenyOom | kMovableKeys, 1, 1, 1, &georadius, "@write @geo @slow"},
    {"georadius_ro", -6, kReadonly, 1, 1, 1, &georadius_ro, "@read @geo @slow"},
    {"georadiusbymember", -5, kWrite | kDenyOom | kMovableKeys, 1, 1, 1, &georadiusbymember, "@write @geo @slow"},
    {"georadiusbymember_ro", -5, kReadonly, 1, 1, 1, &georadiusbymember_ro, "@read @geo @slow"},
    {"geosearch", -7, kReadonly, 1, 1, 1, &geosearch, "@read @geo @slow"},
    {"geosearchstore", -8, kWrite | kDenyOom, 1, 2, 1, &geosearchstore, "@write @geo @slow"},
};

} // namespace

std::span<const CommandSpec> geo_commands() { return kCommands; }

} // namespace not_redis::detail
