#pragma once
/// @file
/// Typed geo commands (GEOADD, GEOPOS, GEODIST, GEOHASH, GEOSEARCH, the
/// GEORADIUS forms), mixed into Client.

#include <cstdint>
#include <initializer_list>
#include <concepts>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <not_redis/argv.hpp>
#include <not_redis/commands/reply.hpp>
#include <not_redis/convert.hpp>

namespace not_redis {

/// The units of GEODIST and the searches: meters, kilometers, feet, miles.
enum class GeoUnit : std::uint8_t { m, km, ft, mi };

/// A position in degrees. Redis keeps 52 bits of it: what GEOPOS gives back is
/// the centre of the cell the position fell in (within about 0.6 m).
struct GeoPosition {
  double longitude = 0;
  double latitude = 0;
  friend bool operator==(const GeoPosition&, const GeoPosition&) = default;
};

/// One member for GEOADD.
struct GeoMember {
  double longitude = 0;
  double latitude = 0;
  std::string_view member;
};

/// GEOADD's options; the defaults add or update and count only new members.
enum class GeoAddCondition : std::uint8_t {
  always,
  if_absent,  ///< NX: only add new members
  if_exists,  ///< XX: only update existing members
};
struct GeoAddOptions {
  GeoAddCondition condition = GeoAddCondition::always;
  bool changed = false;  ///< CH: count moved members too
};

/// Where a search is centred: on a member's position (FROMMEMBER) or on a
/// given one (FROMLONLAT).
class GeoFrom {
public:
  static GeoFrom member(std::string member) { return GeoFrom(std::move(member), {}, true); }
  static GeoFrom position(GeoPosition position) { return GeoFrom({}, position, false); }
  const std::string& member_name() const noexcept { return member_; }
  const GeoPosition& lon_lat() const noexcept { return position_; }
  bool is_member() const noexcept { return is_member_; }

private:
  GeoFrom(std::string member, GeoPosition position, bool is_member)
      : member_(std::move(member)), position_(position), is_member_(is_member) {}
  std::string member_;
  GeoPosition position_;
  bool is_member_;
};

/// What a search covers: a circle (BYRADIUS) or a box of a width (east-west)
/// and a height (north-south) (BYBOX), in `unit`.
struct GeoArea {
  static GeoArea radius(double radius, GeoUnit unit) { return {false, radius, 0, 0, unit}; }
  static GeoArea box(double width, double height, GeoUnit unit) { return {true, 0, width, height, unit}; }
  bool is_box = false;
  double radius_length = 0;
  double width = 0;
  double height = 0;
  GeoUnit unit = GeoUnit::m;
};

/// The order of a search's results: Redis's (cell by cell) or by distance.
enum class GeoOrder : std::uint8_t { none, ascending, descending };

/// A search's options. `count` alone keeps the nearest `count` (sorted
/// ascending unless `order` says otherwise); with `any`, the first `count`
/// found. The `with_*` flags fill GeoResult's optional fields.
///
/// ```
/// store.geosearch("shops", GeoFrom::member("home"), GeoArea::radius(2, GeoUnit::km),
///                 {.order = GeoOrder::ascending, .count = 5, .with_distance = true}).get();
/// ```
struct GeoSearchOptions {
  GeoOrder order = GeoOrder::none;
  std::optional<long long> count = std::nullopt;
  bool any = false;
  bool with_coordinates = false;  ///< WITHCOORD
  bool with_distance = false;     ///< WITHDIST, in the search's unit
  bool with_hash = false;         ///< WITHHASH: the member's 52-bit score
};

/// The options of the storing searches (GEOSEARCHSTORE, GEORADIUS ... STORE):
/// with `store_distance`, the stored scores are the distances (in the search's
/// unit) rather than the positions.
struct GeoStoreOptions {
  GeoOrder order = GeoOrder::none;
  std::optional<long long> count = std::nullopt;
  bool any = false;
  bool store_distance = false;
};

/// One member a search found; the optional fields are there when asked for.
struct GeoResult {
  std::string member;
  std::optional<double> distance;
  std::optional<std::int64_t> hash;
  std::optional<GeoPosition> position;
  friend bool operator==(const GeoResult&, const GeoResult&) = default;
};

template <>
struct ToArgs<GeoUnit> {
  static void append(Argv& out, GeoUnit unit) {
    constexpr std::string_view kNames[] = {"m", "km", "ft", "mi"};
    out.push_back(kNames[static_cast<int>(unit)]);
  }
};

template <>
struct ToArgs<GeoAddOptions> {
  static void append(Argv& out, const GeoAddOptions& o) {
    if (o.condition == GeoAddCondition::if_absent) out.push_back("NX");
    if (o.condition == GeoAddCondition::if_exists) out.push_back("XX");
    if (o.changed) out.push_back("CH");
  }
};

template <>
struct ToArgs<GeoPosition> {
  static void append(Argv& out, const GeoPosition& p) {
    out.push_double(p.longitude);
    out.push_double(p.latitude);
  }
};

template <>
struct ToArgs<GeoFrom> {
  static void append(Argv& out, const GeoFrom& from) {
    if (from.is_member()) {
      out.push_back("FROMMEMBER");
      out.push_back(from.member_name());
    } else {
      out.push_back("FROMLONLAT");
      ToArgs<GeoPosition>::append(out, from.lon_lat());
    }
  }
};

template <>
struct ToArgs<GeoArea> {
  static void append(Argv& out, const GeoArea& area) {
    if (area.is_box) {
      out.push_back("BYBOX");
      out.push_double(area.width);
      out.push_double(area.height);
    } else {
      out.push_back("BYRADIUS");
      out.push_double(area.radius_length);
    }
    ToArgs<GeoUnit>::append(out, area.unit);
  }
};

namespace detail {
inline void append_geo_limits(Argv& out, GeoOrder order, const std::optional<long long>& count, bool any) {
  if (order == GeoOrder::ascending) out.push_back("ASC");
  if (order == GeoOrder::descending) out.push_back("DESC");
  if (count) {
    out.push_back("COUNT");
    out.push_integer(*count);
    if (any) out.push_back("ANY");
  }
}
/// GEOADD's members, written as it wants them: longitude latitude member.
template <class Members>
struct GeoMembers {
  const Members& members;
};
/// A storing search's options, and where it stores (none: GEOSEARCHSTORE's
/// destination comes first instead).
struct GeoStore {
  const GeoStoreOptions& options;
  std::optional<std::string_view> destination;
};
} // namespace detail

template <>
struct ToArgs<GeoSearchOptions> {
  static void append(Argv& out, const GeoSearchOptions& o) {
    detail::append_geo_limits(out, o.order, o.count, o.any);
    if (o.with_coordinates) out.push_back("WITHCOORD");
    if (o.with_distance) out.push_back("WITHDIST");
    if (o.with_hash) out.push_back("WITHHASH");
  }
};

template <>
struct ToArgs<detail::GeoStore> {
  static void append(Argv& out, const detail::GeoStore& s) {
    detail::append_geo_limits(out, s.options.order, s.options.count, s.options.any);
    if (s.destination) {
      out.push_back(s.options.store_distance ? "STOREDIST" : "STORE");
      out.push_back(*s.destination);
    } else if (s.options.store_distance) {
      out.push_back("STOREDIST");
    }
  }
};

template <class Members>
struct ToArgs<detail::GeoMembers<Members>> {
  static void append(Argv& out, const detail::GeoMembers<Members>& m) {
    for (const GeoMember& g : m.members) {
      out.push_double(g.longitude);
      out.push_double(g.latitude);
      out.push_back(g.member);
    }
  }
};

/// From GEOPOS's [longitude, latitude] (strings in RESP2, doubles in RESP3).
template <>
struct FromValue<GeoPosition> {
  static GeoPosition convert(Value&& v) {
    auto [longitude, latitude] = from_value<std::pair<double, double>>(std::move(v));
    return {longitude, latitude};
  }
};

/// From a search's element: the member alone, or [member, distance?, hash?,
/// [longitude, latitude]?] in that order; each optional part is known by its
/// type (a string, an integer, an aggregate), as the WITH* flags add them.
template <>
struct FromValue<GeoResult> {
  static GeoResult convert(Value&& v) {
    GeoResult out;
    if (!v.is_aggregate()) {
      out.member = from_value<std::string>(std::move(v));
      return out;
    }
    Value::Array parts = detail::take_elements(std::move(v), "GeoResult");
    if (parts.empty()) throw Error(Error::Kind::conversion, "cannot convert an empty aggregate to a GeoResult");
    out.member = from_value<std::string>(std::move(parts[0]));
    for (std::size_t i = 1; i < parts.size(); ++i) {
      if (parts[i].is_aggregate()) out.position = from_value<GeoPosition>(std::move(parts[i]));
      else if (parts[i].is_integer()) out.hash = parts[i].integer_value();
      else out.distance = from_value<double>(std::move(parts[i]));
    }
    return out;
  }
};

/// The geo family as typed methods over `Self::command<T>(...)`. A geo set is
/// a sorted set whose scores are 52-bit geohashes: the sorted-set commands
/// work on it too (ZREM removes a place, ZCARD counts them). Keys and members
/// are binary-safe. Error replies (WRONGTYPE, coordinates outside
/// -180..180 / -85.05112878..85.05112878, a missing FROMMEMBER member...)
/// throw not_redis::Error (Kind::reply).
///
/// ```
/// store.geoadd("sicily", {{13.361389, 38.115556, "Palermo"}, {15.087269, 37.502669, "Catania"}}).get();
/// auto km = store.geodist("sicily", "Palermo", "Catania", GeoUnit::km).get();   // 166.2742
/// auto near = store.geosearch("sicily", GeoFrom::position({15, 37}), GeoArea::radius(100, GeoUnit::km),
///                             {.with_distance = true}).get();                   // [{"Catania", 56.4413}]
/// ```
template <class Self>
class GeoCommands {
public:
  /// What each method returns: Future<T> for Client (see ReplyOf).
  template <class T>
  using Reply = typename ReplyOf<Self>::template type<T>;

private:
  using Strings = std::initializer_list<std::string_view>;
  using Members = std::initializer_list<GeoMember>;
  using Results = std::vector<GeoResult>;

public:
  /// GEOADD key [NX|XX] [CH] longitude latitude member ...: how many members
  /// were added (with `changed`: added or moved).
  Reply<long long> geoadd(std::string_view key, Members members, GeoAddOptions options = {}) {
    return self().template command<long long>("GEOADD", key, options, detail::GeoMembers<Members>{members});
  }
  /// From any range of GeoMember.
  template <class R>
    requires std::same_as<std::ranges::range_value_t<const R>, GeoMember>
  Reply<long long> geoadd(std::string_view key, const R& members, GeoAddOptions options = {}) {
    return self().template command<long long>("GEOADD", key, options, detail::GeoMembers<R>{members});
  }
  /// GEODIST key member1 member2 [unit]: std::nullopt if either is missing.
  Reply<std::optional<double>> geodist(std::string_view key, std::string_view member1, std::string_view member2,
                                       GeoUnit unit = GeoUnit::m) {
    return self().template command<std::optional<double>>("GEODIST", key, member1, member2, unit);
  }
  /// GEOHASH key member ...: each member's 11-character geohash, or std::nullopt.
  Reply<std::vector<std::optional<std::string>>> geohash(std::string_view key, Strings members) {
    return self().template command<std::vector<std::optional<std::string>>>("GEOHASH", key, members);
  }
  /// GEOPOS key member ...: each member's position, or std::nullopt.
  Reply<std::vector<std::optional<GeoPosition>>> geopos(std::string_view key, Strings members) {
    return self().template command<std::vector<std::optional<GeoPosition>>>("GEOPOS", key, members);
  }
  /// GEOSEARCH key FROMMEMBER|FROMLONLAT BYRADIUS|BYBOX [options]: the members inside.
  Reply<Results> geosearch(std::string_view key, const GeoFrom& from, const GeoArea& area,
                           GeoSearchOptions options = {}) {
    return self().template command<Results>("GEOSEARCH", key, from, area, options);
  }
  /// GEOSEARCHSTORE destination source ...: stores the members found (scores:
  /// their positions, or distances), replacing `destination` (deleted when
  /// nothing is found); how many were stored.
  Reply<long long> geosearchstore(std::string_view destination, std::string_view source, const GeoFrom& from,
                                  const GeoArea& area, const GeoStoreOptions& options = {}) {
    return self().template command<long long>("GEOSEARCHSTORE", destination, source, from, area,
                                              detail::GeoStore{options, std::nullopt});
  }
  /// GEORADIUS key longitude latitude radius unit [options] (deprecated for GEOSEARCH).
  Reply<Results> georadius(std::string_view key, GeoPosition centre, double radius, GeoUnit unit,
                           GeoSearchOptions options = {}) {
    return self().template command<Results>("GEORADIUS", key, centre, radius, unit, options);
  }
  /// GEORADIUS_RO: the same, as a read-only command (replicas, scripts).
  Reply<Results> georadius_ro(std::string_view key, GeoPosition centre, double radius, GeoUnit unit,
                              GeoSearchOptions options = {}) {
    return self().template command<Results>("GEORADIUS_RO", key, centre, radius, unit, options);
  }
  /// GEORADIUS ... STORE|STOREDIST destination: how many were stored.
  Reply<long long> georadius_store(std::string_view key, GeoPosition centre, double radius, GeoUnit unit,
                                   std::string_view destination, const GeoStoreOptions& options = {}) {
    return self().template command<long long>("GEORADIUS", key, centre, radius, unit,
                                              detail::GeoStore{options, destination});
  }
  /// GEORADIUSBYMEMBER key member radius unit [options] (deprecated for GEOSEARCH).
  Reply<Results> georadiusbymember(std::string_view key, std::string_view member, double radius, GeoUnit unit,
                                   GeoSearchOptions options = {}) {
    return self().template command<Results>("GEORADIUSBYMEMBER", key, member, radius, unit, options);
  }
  /// GEORADIUSBYMEMBER_RO: the same, read-only.
  Reply<Results> georadiusbymember_ro(std::string_view key, std::string_view member, double radius, GeoUnit unit,
                                      GeoSearchOptions options = {}) {
    return self().template command<Results>("GEORADIUSBYMEMBER_RO", key, member, radius, unit, options);
  }
  /// GEORADIUSBYMEMBER ... STORE|STOREDIST destination: how many were stored.
  Reply<long long> georadiusbymember_store(std::string_view key, std::string_view member, double radius,
                                           GeoUnit unit, std::string_view destination,
                                           const GeoStoreOptions& options = {}) {
    return self().template command<long long>("GEORADIUSBYMEMBER", key, member, radius, unit,
                                              detail::GeoStore{options, destination});
  }

private:
  Self& self() { return static_cast<Self&>(*this); }
};

} // namespace not_redis
