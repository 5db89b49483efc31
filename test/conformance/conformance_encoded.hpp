#pragma once
// Conformance, the families that live on other types' values: bitmaps and
// HyperLogLog (strings), geo (sorted sets), SORT, and DUMP/RESTORE. Every
// expected value is redis-server 7.0's reply. SORT's BY and GET patterns
// name other keys, which Redis Cluster refuses: the checks leave them out
// where `cluster` is set.

#include "conformance_support.hpp"

namespace conformance {

template <class Store>
void conformance_bitmaps(Store& s, std::string_view p = "c:") {
  using namespace not_redis;
  const auto k = [&](std::string_view name) { return key(p, "bit:", name); };
  const auto b = k("b"), c = k("c"), d = k("d"), f = k("f");
  s.del(b, c, d, f).get();
  CHECK_FALSE(s.setbit(b, 7, true).get());
  CHECK(s.setbit(b, 7, true).get());
  CHECK(s.getbit(b, 7).get());
  CHECK_FALSE(s.getbit(b, 1000).get());
  s.set(c, "foobar").get();
  CHECK(s.bitcount(c).get() == 26);
  CHECK(s.bitcount(c, {1, 1}).get() == 6);
  CHECK(s.bitcount(c, {5, 30, BitUnit::bit}).get() == 17);
  CHECK(s.bitpos(c, true).get() == 1);
  CHECK(s.bitpos(c, true, {2, -1}).get() == 17);
  CHECK(s.bitop(BitOperation::bit_or, d, b, c).get() == 6);
  CHECK(s.get(d).get() == "goobar");
  CHECK(s.bitfield(f, BitField().set(BitFieldType::u(8), 0, 200).overflow(BitOverflow::fail).incrby(BitFieldType::u(8), 0, 100))
            .get() == std::vector<std::optional<long long>>{0, std::nullopt});
  CHECK(s.bitfield_ro(f, BitField().get(BitFieldType::i(8), 0)).get() == std::vector<long long>{-56});
}

template <class Store>
void conformance_hyperloglog(Store& s, std::string_view p = "c:") {
  const auto k = [&](std::string_view name) { return key(p, "hll:", name); };
  const auto a = k("a"), b = k("b"), u = k("u");
  s.del(a, b, u).get();
  CHECK(s.pfadd(a, "x", "y", "z").get());
  CHECK_FALSE(s.pfadd(a, "x").get());
  s.pfadd(b, std::vector<std::string>{"z", "w"}).get();
  CHECK(s.pfcount(a).get() == 3);
  CHECK(s.pfcount(a, b).get() == 4);
  s.pfmerge(u, a, b).get();
  CHECK(s.pfcount(u).get() == 4);
  // The bytes are Redis's: a sparse HLL starts with its header.
  CHECK(s.get(u).get()->substr(0, 4) == "HYLL");
}

template <class Store>
void conformance_geo(Store& s, std::string_view p = "c:") {
  using namespace not_redis;
  const auto k = [&](std::string_view name) { return key(p, "geo:", name); };
  const auto g = k("sicily"), near = k("near");
  s.del(g, near).get();
  CHECK(s.geoadd(g, {{13.361389, 38.115556, "Palermo"}, {15.087269, 37.502669, "Catania"}}).get() == 2);
  CHECK(s.geodist(g, "Palermo", "Catania", GeoUnit::km).get() == 166.2742);
  CHECK(s.geohash(g, {"Palermo", "nowhere"}).get() == std::vector<std::optional<std::string>>{"sqc8b49rny0", std::nullopt});
  const auto positions = s.geopos(g, {"Catania"}).get();
  REQUIRE(positions.size() == 1);
  REQUIRE(positions[0].has_value());
  CHECK(positions[0]->longitude == 15.08726745843887329);
  const auto found = s.geosearch(g, GeoFrom::position({15, 37}), GeoArea::radius(200, GeoUnit::km),
                                 {.order = GeoOrder::ascending, .with_distance = true})
                         .get();
  REQUIRE(found.size() == 2);
  CHECK(found[0].member == "Catania");
  CHECK(found[0].distance == 56.4413);
  CHECK(s.geosearchstore(near, g, GeoFrom::member("Palermo"), GeoArea::box(400, 400, GeoUnit::km)).get() == 2);
  CHECK(s.zcard(near).get() == 2);
}

template <class Store>
void conformance_sort(Store& s, std::string_view p = "c:", bool cluster = false) {
  using not_redis::Limit;
  using Strings = std::vector<std::optional<std::string>>;
  const auto k = [&](std::string_view name) { return key(p, "sort:", name); };
  const auto l = k("l"), out = k("out"), w1 = k("w_1"), w2 = k("w_2"), w3 = k("w_3");
  s.del(l, out, w1, w2, w3).get();
  s.rpush(l, {"3", "1", "2"}).get();
  CHECK(s.sort(l).get() == Strings{"1", "2", "3"});
  CHECK(s.sort(l, {.limit = Limit{1, 5}, .descending = true}).get() == Strings{"2", "1"});
  CHECK(s.sort_ro(l, {.by = "nosort"}).get() == Strings{"3", "1", "2"});
  CHECK(s.sort_store(l, out, {.alpha = true}).get() == 3);
  CHECK(s.lrange(out, 0, -1).get() == std::vector<std::string>{"1", "2", "3"});
  if (!cluster) {
    s.mset({{w1, "30"}, {w2, "10"}, {w3, "20"}}).get();
    const std::string by = key(p, "sort:", "w_*");
    CHECK(s.sort(l, {.by = by}).get() == Strings{"2", "3", "1"});
    CHECK(s.sort(l, {.by = by, .get = {"#", by}}).get() == Strings{"2", "10", "3", "20", "1", "30"});
  }
}

template <class Store>
void conformance_dump(Store& s, std::string_view p = "c:") {
  const auto k = [&](std::string_view name) { return key(p, "dump:", name); };
  const auto h = k("h"), z = k("z"), copy = k("copy");
  s.del(h, z, copy).get();
  s.hset(h, {{"f", "v"}, {"g", "1"}}).get();
  s.zadd(z, {{"a", 1.5}, {"b", -2}}).get();
  CHECK(s.dump(k("missing")).get() == std::nullopt);
  for (const auto& source : {h, z}) {
    const std::optional<std::string> payload = s.dump(source).get();
    REQUIRE(payload.has_value());
    s.restore(copy, 0, *payload, {.replace = true}).get();
    CHECK(s.dump(copy).get() == payload);
  }
  CHECK(s.zscore(copy, "b").get() == -2);
  CHECK(reply_error([&] { s.restore(copy, 0, "junk").get(); }) == "BUSYKEY Target key name already exists.");
  CHECK(reply_error([&] { s.restore(k("new"), 0, "junk").get(); }) == "ERR DUMP payload version or checksum are wrong");
}

} // namespace conformance
