#pragma once
// The random generator's grammars for geo. Positions come mostly from a few
// real places (several members share one, so distances tie and COUNT's
// partial sort shows its order), sometimes jittered or random, sometimes
// invalid; radii range from 0 to more than the Earth; every option appears on
// its own, so the illegal combinations come up too. The keys are the sorted
// sets' pools: ZADD's arbitrary scores decode as Redis decodes them.

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "generator.hpp"

namespace parity::grammar {

namespace geo_detail {

inline std::vector<std::string> position(G& g) {
  static const std::vector<std::pair<std::string, std::string>> kPlaces{
      {"13.361389", "38.115556"},  {"15.087269", "37.502669"}, {"2.3522", "48.8566"},   {"-0.1276", "51.5072"},
      {"139.6917", "35.6895"},     {"-74.006", "40.7128"},     {"179.99", "0.01"},      {"-179.99", "-0.01"},
      {"0", "0"},                  {"0", "85.05"},             {"180", "85.05112878"},  {"-180", "-85.05112878"},
      {"151.2093", "-33.8688"},    {"25", "78.2"},             {"10", "80.5"},          {"2.36", "48.85"}};
  static const std::vector<std::pair<std::string, std::string>> kInvalid{
      {"200", "10"}, {"10", "90"}, {"x", "1"}, {"1", "-86"}, {"-180.0000001", "0"}, {"inf", "0"}, {"", "1"}, {"1", "nan"}};
  if (g.chance(5)) {
    const auto& [lon, lat] = g.one_of(kInvalid);
    return {lon, lat};
  }
  if (g.chance(20)) {
    const double lon = (static_cast<double>(g.pick(3600001)) - 1800000) / 10000;
    const double lat = (static_cast<double>(g.pick(1701001)) - 850500) / 10000;
    return {fmt::format("{:.4f}", lon), fmt::format("{:.4f}", lat)};
  }
  const auto& [lon, lat] = g.one_of(kPlaces);
  if (g.chance(25)) {
    // A few hundred meters off: near the place, inside or outside small radii.
    const double dlon = (static_cast<double>(g.roll(201)) - 100) / 10000;
    const double dlat = (static_cast<double>(g.roll(201)) - 100) / 10000;
    return {fmt::format("{:.6f}", std::clamp(std::stod(lon) + dlon, -180.0, 180.0)),
            fmt::format("{:.6f}", std::clamp(std::stod(lat) + dlat, -85.05, 85.05))};
  }
  return {lon, lat};
}

inline std::string place(G& g) {
  static const std::vector<std::string> kNames{"Palermo", "Catania", "a", "b", "c", "d", "e", "nope"};
  return g.chance(85) ? g.one_of(kNames) : g.member();
}
inline std::string unit(G& g) {
  static const std::vector<std::string> kUnits{"m", "km", "KM", "ft", "mi", "Mi", "parsec", ""};
  return g.chance(90) ? g.one_of(std::vector<std::string>(kUnits.begin(), kUnits.begin() + 6)) : g.one_of(kUnits);
}
inline std::string length(G& g) {
  static const std::vector<std::string> kLengths{"0", "1", "10", "100", "500", "1000", "5000", "20000", "0.5",
                                                 "100000", "-1", "abc", "1e400", "3"};
  return g.one_of(kLengths);
}

/// The WITH* flags, ordering and COUNT [ANY] of the searches; STORE and
/// STOREDIST key where `store` (GEORADIUS*), STOREDIST alone where `storedist`.
inline void options(G& g, Command& c, bool store, bool storedist) {
  const int n = g.roll(5);
  for (int i = 0; i < n; ++i) {
    switch (g.roll(store ? 10 : 9)) {
      case 0: c.push_back(g.opt("WITHDIST")); break;
      case 1: c.push_back(g.opt("WITHCOORD")); break;
      case 2: c.push_back(g.opt("WITHHASH")); break;
      case 3:
      case 4:
        c.push_back(g.opt("COUNT"));
        c.push_back(g.chance(85) ? std::to_string(1 + g.roll(8)) : g.integer());
        break;
      case 5: c.push_back(g.opt("ANY")); break;
      case 6: c.push_back(g.opt("ASC")); break;
      case 7: c.push_back(g.opt("DESC")); break;
      case 8:
        if (storedist) c.push_back(g.opt("STOREDIST"));
        else if (g.chance(10)) c.push_back(g.opt("STORE"));  // refused by GEOSEARCH and the _RO forms
        break;
      default:
        c.push_back(g.opt(g.chance(50) ? "STORE" : "STOREDIST"));
        c.push_back(g.key(T::kZset));
    }
  }
}

inline void centre_and_area(G& g, Command& c) {
  if (g.chance(50)) {
    c.insert(c.end(), {g.opt("FROMMEMBER"), place(g)});
  } else {
    c.push_back(g.opt("FROMLONLAT"));
    for (auto& p : position(g)) c.push_back(std::move(p));
  }
  if (g.chance(50)) c.insert(c.end(), {g.opt("BYRADIUS"), length(g), unit(g)});
  else c.insert(c.end(), {g.opt("BYBOX"), length(g), length(g), unit(g)});
  // Sometimes a second centre or area, or none: Redis's syntax errors.
  if (g.chance(4)) c.insert(c.end(), {g.opt("FROMMEMBER"), place(g)});
  if (g.chance(4)) c.insert(c.end(), {g.opt("BYRADIUS"), length(g), unit(g)});
}

} // namespace geo_detail

inline void geo(std::map<std::string, Generator::Grammar>& m) {
  using namespace geo_detail;
  m["geoadd"] = [](G& g, Out& o) {
    Command c{"GEOADD", g.key(T::kZset)};
    if (g.chance(12)) c.push_back(g.opt("NX"));
    if (g.chance(12)) c.push_back(g.opt("XX"));
    if (g.chance(15)) c.push_back(g.opt("CH"));
    if (g.chance(3)) c.push_back(g.opt("GT"));
    const int n = 1 + g.roll(4);
    for (int i = 0; i < n; ++i) {
      for (auto& p : position(g)) c.push_back(std::move(p));
      c.push_back(place(g));
    }
    if (g.chance(3)) c.pop_back();  // a member short
    o.push_back(std::move(c));
  };
  m["geopos"] = [](G& g, Out& o) {
    Command c{"GEOPOS", g.key(T::kZset)};
    for (int i = g.roll(4); i > 0; --i) c.push_back(place(g));
    o.push_back(std::move(c));
  };
  m["geohash"] = [](G& g, Out& o) {
    Command c{"GEOHASH", g.key(T::kZset)};
    for (int i = g.roll(4); i > 0; --i) c.push_back(place(g));
    o.push_back(std::move(c));
  };
  m["geodist"] = [](G& g, Out& o) {
    Command c{"GEODIST", g.key(T::kZset), place(g), place(g)};
    if (g.chance(60)) c.push_back(unit(g));
    if (g.chance(3)) c.push_back("extra");
    o.push_back(std::move(c));
  };
  const auto georadius = [](const char* name, bool store) {
    return [name, store](G& g, Out& o) {
      Command c{name, g.key(T::kZset)};
      for (auto& p : position(g)) c.push_back(std::move(p));
      c.insert(c.end(), {length(g), unit(g)});
      options(g, c, store || g.chance(10), false);
      o.push_back(std::move(c));
    };
  };
  m["georadius"] = georadius("GEORADIUS", true);
  m["georadius_ro"] = georadius("GEORADIUS_RO", false);
  const auto georadiusbymember = [](const char* name, bool store) {
    return [name, store](G& g, Out& o) {
      Command c{name, g.key(T::kZset), place(g), length(g), unit(g)};
      options(g, c, store || g.chance(10), false);
      o.push_back(std::move(c));
    };
  };
  m["georadiusbymember"] = georadiusbymember("GEORADIUSBYMEMBER", true);
  m["georadiusbymember_ro"] = georadiusbymember("GEORADIUSBYMEMBER_RO", false);
  m["geosearch"] = [](G& g, Out& o) {
    Command c{"GEOSEARCH", g.key(T::kZset)};
    centre_and_area(g, c);
    options(g, c, false, g.chance(5));
    if (g.chance(30)) std::swap(c[2 + g.roll(static_cast<int>(c.size()) - 2)], c.back());  // options in any order
    o.push_back(std::move(c));
  };
  m["geosearchstore"] = [](G& g, Out& o) {
    Command c{"GEOSEARCHSTORE", g.key(T::kZset), g.key(T::kZset)};
    centre_and_area(g, c);
    options(g, c, false, true);
    o.push_back(std::move(c));
  };
}

} // namespace parity::grammar
