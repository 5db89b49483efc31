// The geo commands, against what redis-server 7.0 replies: every expected
// reply below was recorded by running the same commands, in the same order,
// against redis-server 7.0.15 (RESP3, what in-process callers get; a wire()
// check is that server's exact bytes, RESP3 or RESP2, where the reply holds
// coordinates or scores, so their digits are compared too). Then the typed
// methods of commands/geo.hpp, the keyspace events and COMMAND GETKEYS.

#include "harness.hpp"

#include <not_redis/subscriber.hpp>

using namespace test;
using namespace std::string_view_literals;
using not_redis::GeoAddCondition;
using not_redis::GeoArea;
using not_redis::GeoFrom;
using not_redis::GeoOrder;
using not_redis::GeoPosition;
using not_redis::GeoResult;
using not_redis::GeoUnit;

TEST_CASE("GEOADD adds members with geohash scores; NX, XX and CH as ZADD has them") {
  Store store;
  CHECK(store.run({"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"}) == integer(2));
  CHECK(wire(store.run({"ZSCORE", "Sicily", "Palermo"}), 3) == ",3479099956230698\r\n");
  CHECK(wire(store.run({"ZSCORE", "Sicily", "Catania"}), 3) == ",3479447370796909\r\n");
  CHECK(store.run({"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo"}) == integer(0));
  CHECK(store.run({"GEOADD", "Sicily", "CH", "13.361389", "38.115556", "Palermo", "13.4", "38.1", "Palermo"}) == integer(1));
  CHECK(store.run({"GEOADD", "Sicily", "CH", "13.361389", "38.115556", "Palermo", "12", "37", "Trapani"}) == integer(2));
  CHECK(store.run({"GEOADD", "Sicily", "NX", "1", "1", "Palermo", "14.24", "40.83", "Napoli"}) == integer(1));
  CHECK(store.run({"GEOADD", "Sicily", "XX", "15", "37", "Catania", "1", "1", "Nowhere"}) == integer(0));
  CHECK(store.run({"GEOADD", "Sicily", "XX", "CH", "15", "37", "Catania", "1", "1", "Nowhere"}) == integer(0));
  CHECK(store.run({"GEOADD", "Sicily", "nx", "ch", "15", "37", "Catania", "2", "2", "Somewhere"}) == integer(1));
  CHECK(store.run({"GEOADD", "missing", "XX", "1", "1", "m"}) == integer(0));
  CHECK(store.run({"EXISTS", "missing"}) == integer(0));
  CHECK(store.run({"ZCARD", "Sicily"}) == integer(5));
  // A member named twice takes its last position.
  CHECK(store.run({"GEOADD", "twice", "1", "1", "m", "2", "2", "m"}) == integer(1));
  CHECK(store.run({"GEOHASH", "twice", "m"}) == bulks({"s037ms06g70"}));
  // Binary-safe members.
  CHECK(store.run({"GEOADD", "bin", "1", "1", "a\000b"sv, "2", "2", "\r\n"}) == integer(2));
  CHECK(store.run({"GEOHASH", "bin", "a\000b"sv, "\r\n"}) == bulks({"s00twy01mt0", "s037ms06g70"}));
}

TEST_CASE("GEOADD's errors: options, pairs, coordinates, types") {
  Store store;
  CHECK(store.run({"GEOADD", "g", "1", "2"}) == err("ERR wrong number of arguments for 'geoadd' command"));
  CHECK(store.run({"GEOADD", "g", "1", "2", "m", "3"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOADD", "g", "NX", "XX", "1", "2", "m"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOADD", "g", "GT", "1", "2", "m"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOADD", "g", "CH"}) == err("ERR wrong number of arguments for 'geoadd' command"));
  CHECK(store.run({"GEOADD", "g", "NX", "CH", "XX"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOADD", "g", "x", "1", "m"}) == err("ERR value is not a valid float"));
  CHECK(store.run({"GEOADD", "g", "1", "x", "m"}) == err("ERR value is not a valid float"));
  CHECK(store.run({"GEOADD", "g", "nan", "1", "m"}) == err("ERR value is not a valid float"));
  CHECK(store.run({"GEOADD", "g", "200", "100", "m"}) == err("ERR invalid longitude,latitude pair 200.000000,100.000000"));
  CHECK(store.run({"GEOADD", "g", "180.000001", "0", "m"}) == err("ERR invalid longitude,latitude pair 180.000001,0.000000"));
  CHECK(store.run({"GEOADD", "g", "0", "85.05112879", "m"}) == err("ERR invalid longitude,latitude pair 0.000000,85.051129"));
  CHECK(store.run({"GEOADD", "g", "0", "-85.05112879", "m"}) == err("ERR invalid longitude,latitude pair 0.000000,-85.051129"));
  CHECK(store.run({"GEOADD", "g", "inf", "0", "m"}) == err("ERR invalid longitude,latitude pair inf,0.000000"));
  CHECK(store.run({"GEOADD", "g", "0", "-inf", "m"}) == err("ERR invalid longitude,latitude pair 0.000000,-inf"));
  CHECK(store.run({"GEOADD", "g", "1e300", "0", "m"}) == err("ERR invalid longitude,latitude pair 1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000,0.000000"));
  CHECK(store.run({"GEOADD", "g", "1", "1", "ok", "200", "0", "bad"}) == err("ERR invalid longitude,latitude pair 200.000000,0.000000"));
  CHECK(store.run({"EXISTS", "g"}) == integer(0));
  CHECK(store.run({"GEOADD", "g", "180", "85.05112878", "ne", "-180", "-85.05112878", "sw"}) == integer(2));
  CHECK(store.run({"SET", "s", "x"}) == ok());
  CHECK(store.run({"GEOADD", "s", "1", "1", "m"}) == err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  CHECK(store.run({"GEOADD", "s", "200", "1", "m"}) == err("ERR invalid longitude,latitude pair 200.000000,1.000000"));
  CHECK(store.run({"GEOADD", "s", "1", "1"}) == err("ERR wrong number of arguments for 'geoadd' command"));
  CHECK(store.run({"GEOADD"}) == err("ERR wrong number of arguments for 'geoadd' command"));
}

TEST_CASE("GEOPOS decodes each member's score to the centre of its cell, as Redis prints it") {
  Store store;
  CHECK(store.run({"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"}) == integer(2));
  CHECK(wire(store.run({"GEOPOS", "Sicily", "Palermo", "Catania", "nope"}), 3) == "*3\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n_\r\n");
  CHECK(wire(store.run({"GEOPOS", "Sicily", "Palermo", "Catania", "nope"}), 2) == "*3\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n*-1\r\n");
  CHECK(wire(store.run({"GEOPOS", "Sicily", "nope"}), 3) == "*1\r\n_\r\n");
  CHECK(wire(store.run({"GEOPOS", "Sicily", "nope"}), 2) == "*1\r\n*-1\r\n");
  CHECK(wire(store.run({"GEOPOS", "nokey", "a", "b"}), 3) == "*2\r\n_\r\n_\r\n");
  CHECK(wire(store.run({"GEOPOS", "nokey", "a", "b"}), 2) == "*2\r\n*-1\r\n*-1\r\n");
  CHECK(store.run({"GEOPOS", "nokey"}) == array({}));
  CHECK(store.run({"GEOPOS", "Sicily"}) == array({}));
  CHECK(store.run({"GEOADD", "corners", "180", "85.05112878", "ne", "-180", "-85.05112878", "sw", "0", "0", "zero", "-0.000001", "-0.000001", "below"}) == integer(4));
  CHECK(wire(store.run({"GEOPOS", "corners", "ne", "sw", "zero", "below"}), 3) == "*4\r\n*2\r\n,180\r\n,85.0511287799999991\r\n*2\r\n,-179.99999731779098511\r\n,-85.05112751263942528\r\n*2\r\n,0.00000268220901489\r\n,0.00000126736058093\r\n*2\r\n,-0.00000268220901489\r\n,-0.00000126736058093\r\n");
  CHECK(wire(store.run({"GEOPOS", "corners", "ne", "sw", "zero", "below"}), 2) == "*4\r\n*2\r\n$3\r\n180\r\n$19\r\n85.0511287799999991\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$19\r\n0.00000268220901489\r\n$19\r\n0.00000126736058093\r\n*2\r\n$20\r\n-0.00000268220901489\r\n$20\r\n-0.00000126736058093\r\n");
  CHECK(store.run({"SET", "s", "x"}) == ok());
  CHECK(store.run({"GEOPOS", "s", "a"}) == err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  CHECK(store.run({"GEOPOS"}) == err("ERR wrong number of arguments for 'geopos' command"));
}

TEST_CASE("GEOPOS and GEOHASH of members added by ZADD with arbitrary scores") {
  Store store;
  CHECK(store.run({"ZADD", "z", "0", "zero", "-1", "minus", "1.5", "frac", "4503599627370495", "max52", "4503599627370496", "two52", "1e300", "huge", "inf", "pinf", "-inf", "ninf", "9.3e18", "above63", "-9.3e18", "below63", "1e19", "e19"}) == integer(11));
  CHECK(wire(store.run({"GEOPOS", "z", "zero", "minus", "frac", "max52", "two52", "huge", "pinf", "ninf", "above63", "below63", "e19"}), 3) == "*11\r\n*2\r\n,-179.99999731779098511\r\n,-85.05112751263942528\r\n*2\r\n,180\r\n,85.0511287799999991\r\n*2\r\n,-179.99999731779098511\r\n,-85.05112497791824921\r\n*2\r\n,179.99999731779098511\r\n,85.05112751263942528\r\n*2\r\n,-179.99999731779098511\r\n,85.0511287799999991\r\n*2\r\n,-179.99999731779098511\r\n,-85.05112751263942528\r\n*2\r\n,-179.99999731779098511\r\n,-85.05112751263942528\r\n*2\r\n,180\r\n,-85.05112751263942528\r\n*2\r\n,180\r\n,85.0511287799999991\r\n*2\r\n,180\r\n,-85.05112751263942528\r\n*2\r\n,180\r\n,85.0511287799999991\r\n");
  CHECK(wire(store.run({"GEOPOS", "z", "zero", "minus", "frac", "max52", "two52", "huge", "pinf", "ninf", "above63", "below63", "e19"}), 2) == "*11\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$3\r\n180\r\n$19\r\n85.0511287799999991\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112497791824921\r\n*2\r\n$21\r\n179.99999731779098511\r\n$20\r\n85.05112751263942528\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$19\r\n85.0511287799999991\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$22\r\n-179.99999731779098511\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$3\r\n180\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$3\r\n180\r\n$19\r\n85.0511287799999991\r\n*2\r\n$3\r\n180\r\n$21\r\n-85.05112751263942528\r\n*2\r\n$3\r\n180\r\n$19\r\n85.0511287799999991\r\n");
  CHECK(store.run({"GEOHASH", "z", "zero", "minus", "frac", "max52", "two52", "huge", "pinf", "ninf", "above63", "below63", "e19"}) == bulks({"00bh0hbj200", "bp05b5048p0", "00bh0hbj210", "zzpgzgpfxz0", "bp05b5048p0", "00bh0hbj200", "00bh0hbj200", "00bh0hbj200", "bp05b5048p0", "00bh0hbj200", "bp05b5048p0"}));
  CHECK(store.run({"GEODIST", "z", "zero", "max52"}) == bulk("18919844.4481"));
  CHECK(store.run({"GEODIST", "z", "pinf", "ninf", "km"}) == bulk("0.0000"));
}

TEST_CASE("GEOHASH gives 11-character base32 geohashes over the standard latitude range") {
  Store store;
  CHECK(store.run({"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"}) == integer(2));
  CHECK(store.run({"GEOHASH", "Sicily", "Palermo", "Catania", "nope"}) == array({bulk("sqc8b49rny0"), bulk("sqdtr74hyu0"), nil()}));
  CHECK(store.run({"GEOHASH", "Sicily"}) == array({}));
  CHECK(store.run({"GEOHASH", "nokey", "a", "b"}) == array({nil(), nil()}));
  CHECK(store.run({"GEOADD", "corners", "180", "85.05112878", "ne", "-180", "-85.05112878", "sw", "0", "0", "zero"}) == integer(3));
  CHECK(store.run({"GEOHASH", "corners", "ne", "sw", "zero"}) == bulks({"bp05b5048p0", "00bh0hbj200", "s0000000000"}));
  CHECK(store.run({"SET", "s", "x"}) == ok());
  CHECK(store.run({"GEOHASH", "s", "a"}) == err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  CHECK(store.run({"GEOHASH"}) == err("ERR wrong number of arguments for 'geohash' command"));
}

TEST_CASE("GEODIST in meters by default, or in a unit of any case, with four decimals") {
  Store store;
  CHECK(store.run({"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"}) == integer(2));
  CHECK(store.run({"GEODIST", "Sicily", "Palermo", "Catania"}) == bulk("166274.1516"));
  CHECK(store.run({"GEODIST", "Sicily", "Palermo", "Catania", "m"}) == bulk("166274.1516"));
  CHECK(store.run({"GEODIST", "Sicily", "Palermo", "Catania", "KM"}) == bulk("166.2742"));
  CHECK(store.run({"GEODIST", "Sicily", "Palermo", "Catania", "ft"}) == bulk("545518.8700"));
  CHECK(store.run({"GEODIST", "Sicily", "Palermo", "Catania", "Mi"}) == bulk("103.3182"));
  CHECK(store.run({"GEODIST", "Sicily", "Palermo", "Palermo"}) == bulk("0.0000"));
  CHECK(store.run({"GEODIST", "Sicily", "Palermo", "nope"}) == nil());
  CHECK(store.run({"GEODIST", "Sicily", "nope", "Palermo"}) == nil());
  CHECK(store.run({"GEODIST", "nokey", "a", "b"}) == nil());
  CHECK(store.run({"GEODIST", "nokey", "a", "b", "parsec"}) == err("ERR unsupported unit provided. please use M, KM, FT, MI"));
  CHECK(store.run({"GEODIST", "Sicily", "Palermo", "Catania", "parsec"}) == err("ERR unsupported unit provided. please use M, KM, FT, MI"));
  CHECK(store.run({"GEODIST", "Sicily", "Palermo", "Catania", "km", "extra"}) == err("ERR syntax error"));
  CHECK(store.run({"GEODIST", "Sicily", "Palermo"}) == err("ERR wrong number of arguments for 'geodist' command"));
  CHECK(store.run({"GEOADD", "world", "180", "0", "east", "-180", "0", "west", "0", "85.05112878", "north", "0", "-85.05112878", "south"}) == integer(4));
  CHECK(store.run({"GEODIST", "world", "east", "west"}) == bulk("0.2983"));
  CHECK(store.run({"GEODIST", "world", "north", "south", "km"}) == bulk("18919.8446"));
  CHECK(store.run({"SET", "s", "x"}) == ok());
  CHECK(store.run({"GEODIST", "s", "a", "b"}) == err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  CHECK(store.run({"GEODIST", "s", "a", "b", "parsec"}) == err("ERR unsupported unit provided. please use M, KM, FT, MI"));
}

TEST_CASE("GEOSEARCH by radius and by box, from a member or a position, in any order") {
  Store store;
  CHECK(store.run({"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania", "12.758489", "38.788135", "edge1", "17.241510", "38.788135", "edge2", "13.583333", "37.316667", "Agrigento"}) == integer(5));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"}) == bulks({"Agrigento", "Palermo", "Catania"}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC"}) == bulks({"Catania", "Agrigento", "Palermo"}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "DESC"}) == bulks({"Palermo", "Agrigento", "Catania"}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "ASC"}) == bulks({"Catania", "Agrigento", "Palermo", "edge2", "edge1"}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "DESC", "WITHDIST"}) == array({bulks({"edge1", "279.7405"}), bulks({"edge2", "279.7403"}), bulks({"Palermo", "190.4424"}), bulks({"Agrigento", "130.4235"}), bulks({"Catania", "56.4413"})}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "100", "600", "km", "ASC", "WITHDIST"}) == array({bulks({"Catania", "56.4413"})}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "100", "km", "ASC", "WITHDIST"}) == array({bulks({"Palermo", "0.0000"}), bulks({"Agrigento", "90.9778"}), bulks({"edge1", "91.4007"})}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "frommember", "Palermo", "byradius", "100", "KM", "asc", "withdist"}) == array({bulks({"Palermo", "0.0000"}), bulks({"Agrigento", "90.9778"}), bulks({"edge1", "91.4007"})}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "200", "200", "mi", "DESC", "WITHDIST"}) == array({bulks({"Catania", "103.3182"}), bulks({"edge1", "56.7939"}), bulks({"Agrigento", "56.5311"}), bulks({"Palermo", "0.0000"})}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200000", "m", "ASC", "WITHDIST"}) == array({bulks({"Catania", "56441.2579"}), bulks({"Agrigento", "130423.4871"}), bulks({"Palermo", "190442.4298"})}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "656168", "ft", "ASC", "WITHDIST"}) == array({bulks({"Catania", "185174.7305"}), bulks({"Agrigento", "427898.5796"}), bulks({"Palermo", "624811.1215"})}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "124", "mi", "ASC", "WITHDIST"}) == array({bulks({"Catania", "35.0711"}), bulks({"Agrigento", "81.0416"}), bulks({"Palermo", "118.3357"})}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "0", "km"}) == array({}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "0", "km"}) == bulks({"Palermo"}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "0", "0", "km"}) == bulks({"Palermo"}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "100", "0", "BYRADIUS", "1", "km"}) == array({}));
  CHECK(store.run({"GEOSEARCH", "nokey", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"}) == array({}));
  CHECK(store.run({"GEOSEARCH", "nokey", "FROMMEMBER", "nope", "BYRADIUS", "200", "km"}) == array({}));
}

TEST_CASE("GEOSEARCH's WITHCOORD WITHDIST WITHHASH, alone and together") {
  Store store;
  CHECK(store.run({"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"}) == integer(2));
  CHECK(wire(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", "WITHCOORD"}), 3) == "*2\r\n*2\r\n$7\r\nCatania\r\n*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n*2\r\n$7\r\nPalermo\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n");
  CHECK(wire(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", "WITHCOORD"}), 2) == "*2\r\n*2\r\n$7\r\nCatania\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n*2\r\n$7\r\nPalermo\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n");
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", "WITHDIST"}) == array({bulks({"Catania", "56.4413"}), bulks({"Palermo", "190.4424"})}));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", "WITHHASH"}) == array({array({bulk("Catania"), integer(3479447370796909)}), array({bulk("Palermo"), integer(3479099956230698)})}));
  CHECK(wire(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", "WITHHASH", "WITHCOORD", "WITHDIST"}), 3) == "*2\r\n*4\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n:3479447370796909\r\n*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n*4\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n:3479099956230698\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n");
  CHECK(wire(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", "WITHHASH", "WITHCOORD", "WITHDIST"}), 2) == "*2\r\n*4\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n:3479447370796909\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n*4\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n:3479099956230698\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n");
  CHECK(wire(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "DESC", "WITHDIST", "WITHCOORD"}), 3) == "*2\r\n*3\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n*3\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n");
  CHECK(wire(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "DESC", "WITHDIST", "WITHCOORD"}), 2) == "*2\r\n*3\r\n$7\r\nPalermo\r\n$8\r\n190.4424\r\n*2\r\n$20\r\n13.36138933897018433\r\n$20\r\n38.11555639549629859\r\n*3\r\n$7\r\nCatania\r\n$7\r\n56.4413\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n");
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "DESC", "WITHHASH", "WITHDIST", "WITHDIST"}) == array({array({bulk("Palermo"), bulk("190.4424"), integer(3479099956230698)}), array({bulk("Catania"), bulk("56.4413"), integer(3479447370796909)})}));
}

TEST_CASE("GEOSEARCH's COUNT keeps the nearest, COUNT ANY the first found") {
  Store store;
  CHECK(store.run({"GEOADD", "p", "0", "0", "a", "0.001", "0", "b", "0.002", "0", "c", "0.003", "0", "d", "0.004", "0", "e", "-0.001", "0", "f", "0", "0.001", "g", "0", "-0.001", "h", "0.0005", "0.0005", "i", "0.0001", "0", "j"}) == integer(10));
  CHECK(store.run({"GEOSEARCH", "p", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"}) == bulks({"a", "j", "i", "b", "g", "c", "d", "e", "h", "f"}));
  CHECK(store.run({"GEOSEARCH", "p", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km", "COUNT", "3"}) == bulks({"a", "j", "i"}));
  CHECK(store.run({"GEOSEARCH", "p", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km", "COUNT", "3", "DESC"}) == bulks({"e", "d", "c"}));
  CHECK(store.run({"GEOSEARCH", "p", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km", "COUNT", "3", "ANY"}) == bulks({"a", "j", "i"}));
  CHECK(store.run({"GEOSEARCH", "p", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km", "COUNT", "3", "ANY", "ASC"}) == bulks({"a", "j", "i"}));
  CHECK(store.run({"GEOSEARCH", "p", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km", "COUNT", "3", "ANY", "DESC"}) == bulks({"i", "j", "a"}));
  CHECK(store.run({"GEOSEARCH", "p", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km", "ANY", "COUNT", "2"}) == bulks({"a", "j"}));
  CHECK(store.run({"GEOSEARCH", "p", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km", "COUNT", "100"}) == bulks({"a", "j", "i", "g", "h", "b", "f", "c", "d", "e"}));
  CHECK(store.run({"GEOSEARCH", "p", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km", "COUNT", "100", "ANY"}) == bulks({"a", "j", "i", "b", "g", "c", "d", "e", "h", "f"}));
  CHECK(store.run({"GEOSEARCH", "p", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km", "COUNT", "1", "COUNT", "4"}) == bulks({"a", "j", "i", "h"}));
  // Ties in distance: the order of a COUNT search is Redis's partial quicksort's.
  CHECK(store.run({"GEOADD", "t", "1", "1", "t1", "1", "1", "t2", "1", "1", "t3", "1", "1", "t4", "1", "1", "t5", "1", "1", "t6", "1", "1", "t7", "1", "1", "t8", "1.001", "1", "u1", "1.001", "1", "u2", "1.001", "1", "u3", "0.999", "1", "v1", "0.999", "1", "v2"}) == integer(13));
  CHECK(store.run({"GEOSEARCH", "t", "FROMLONLAT", "1", "1", "BYRADIUS", "1", "km"}) == bulks({"v1", "v2", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "u1", "u2", "u3"}));
  CHECK(store.run({"GEOSEARCH", "t", "FROMLONLAT", "1", "1", "BYRADIUS", "1", "km", "ASC"}) == bulks({"t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "u1", "u2", "u3", "v1", "v2"}));
  CHECK(store.run({"GEOSEARCH", "t", "FROMLONLAT", "1", "1", "BYRADIUS", "1", "km", "DESC"}) == bulks({"v1", "v2", "u1", "u2", "u3", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8"}));
  CHECK(store.run({"GEOSEARCH", "t", "FROMLONLAT", "1", "1", "BYRADIUS", "1", "km", "COUNT", "5"}) == bulks({"t6", "t8", "t1", "t2", "t3"}));
  CHECK(store.run({"GEOSEARCH", "t", "FROMLONLAT", "1", "1", "BYRADIUS", "1", "km", "COUNT", "9"}) == bulks({"t6", "t8", "t1", "t2", "t3", "t4", "t5", "t7", "u3"}));
  CHECK(store.run({"GEOSEARCH", "t", "FROMLONLAT", "1", "1", "BYRADIUS", "1", "km", "COUNT", "11", "DESC"}) == bulks({"v1", "v2", "u3", "u1", "u2", "t3", "t5", "t6", "t7", "t8", "t1"}));
  CHECK(store.run({"GEOSEARCH", "t", "FROMLONLAT", "1.0005", "1", "BYRADIUS", "1", "km", "COUNT", "3", "DESC"}) == bulks({"v1", "v2", "t2"}));
}

TEST_CASE("GEOSEARCH's errors, in Redis's order") {
  Store store;
  CHECK(store.run({"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"}) == integer(2));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo"}) == err("ERR wrong number of arguments for 'geosearch' command"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "WITHDIST", "ASC"}) == err("ERR wrong number of arguments for 'geosearch' command"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "BYRADIUS", "10", "km", "ASC"}) == err("ERR wrong number of arguments for 'geosearch' command"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "WITHDIST", "ASC", "DESC", "ASC"}) == err("ERR wrong number of arguments for 'geosearch' command"));
  CHECK(store.run({"geosearch", "Sicily", "withdist", "asc", "desc", "asc"}) == err("ERR wrong number of arguments for 'geosearch' command"));
  CHECK(store.run({"GeoSearch", "Sicily", "FROMMEMBER", "Palermo", "asc", "desc"}) == err("ERR wrong number of arguments for 'geosearch' command"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "FROMLONLAT", "1", "2", "BYRADIUS", "1", "km"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "1", "2", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "BYBOX", "1", "1", "km"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "1", "km", "BYRADIUS", "1", "km"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMMEMBER", "nope", "BYRADIUS", "1", "km"}) == err("ERR could not decode requested zset member"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "200", "100", "BYRADIUS", "1", "km"}) == err("ERR invalid longitude,latitude pair 200.000000,100.000000"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "x", "37", "BYRADIUS", "1", "km"}) == err("ERR value is not a valid float"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "-1", "km"}) == err("ERR radius cannot be negative"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "x", "km"}) == err("ERR need numeric radius"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "parsec"}) == err("ERR unsupported unit provided. please use M, KM, FT, MI"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "x", "1", "km"}) == err("ERR need numeric width"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "x", "km"}) == err("ERR need numeric height"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "-1", "1", "km"}) == err("ERR height or width cannot be negative"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "-1", "km"}) == err("ERR height or width cannot be negative"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "1", "parsec"}) == err("ERR unsupported unit provided. please use M, KM, FT, MI"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "ANY"}) == err("ERR the ANY argument requires COUNT argument"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "COUNT", "0"}) == err("ERR COUNT must be > 0"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "COUNT", "-5"}) == err("ERR COUNT must be > 0"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "COUNT", "x"}) == err("ERR value is not an integer or out of range"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "COUNT"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "STORE", "x"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "STOREDIST"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "BOGUS"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "1"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOSEARCH", "nokey", "FROMLONLAT", "200", "37", "BYRADIUS", "1", "km"}) == err("ERR invalid longitude,latitude pair 200.000000,37.000000"));
  CHECK(store.run({"GEOSEARCH", "nokey", "FROMMEMBER", "x", "BYRADIUS", "x", "km"}) == err("ERR need numeric radius"));
  CHECK(store.run({"GEOSEARCH", "nokey", "FROMMEMBER", "x", "BYRADIUS", "1", "km", "ANY"}) == err("ERR the ANY argument requires COUNT argument"));
  CHECK(store.run({"SET", "s", "x"}) == ok());
  CHECK(store.run({"GEOSEARCH", "s", "FROMLONLAT", "200", "37", "BYRADIUS", "1", "km"}) == err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  CHECK(store.run({"GEOSEARCH", "s", "BOGUS"}) == err("ERR wrong number of arguments for 'geosearch' command"));
}

TEST_CASE("GEOSEARCHSTORE stores the found members with their geohashes, or their distances with STOREDIST") {
  Store store;
  CHECK(store.run({"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania", "13.583333", "37.316667", "Agrigento"}) == integer(3));
  CHECK(store.run({"GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"}) == integer(3));
  CHECK(store.run({"ZRANGE", "dst", "0", "-1"}) == bulks({"Agrigento", "Palermo", "Catania"}));
  CHECK(wire(store.run({"ZSCORE", "dst", "Palermo"}), 3) == ",3479099956230698\r\n");
  CHECK(store.run({"GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST"}) == integer(3));
  CHECK(wire(store.run({"ZSCORE", "dst", "Palermo"}), 3) == ",190.44242984775784\r\n");
  CHECK(wire(store.run({"ZSCORE", "dst", "Catania"}), 3) == ",56.441257870158204\r\n");
  CHECK(store.run({"GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", "COUNT", "1", "STOREDIST"}) == integer(1));
  CHECK(store.run({"ZRANGE", "dst", "0", "-1"}) == bulks({"Catania"}));
  CHECK(store.run({"GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200000", "m", "DESC", "COUNT", "2"}) == integer(2));
  CHECK(store.run({"ZRANGE", "dst", "0", "-1"}) == bulks({"Agrigento", "Palermo"}));
  CHECK(store.run({"GEOSEARCHSTORE", "dst", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "100", "100", "km", "storedist"}) == integer(1));
  CHECK(store.run({"ZRANGE", "dst", "0", "-1"}) == bulks({"Palermo"}));
  CHECK(wire(store.run({"ZSCORE", "dst", "Palermo"}), 3) == ",0\r\n");
  // Nothing found: the destination is deleted.
  CHECK(store.run({"GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "100", "0", "BYRADIUS", "1", "km"}) == integer(0));
  CHECK(store.run({"EXISTS", "dst"}) == integer(0));
  CHECK(store.run({"SET", "other", "x"}) == ok());
  CHECK(store.run({"GEOSEARCHSTORE", "other", "nokey", "FROMLONLAT", "1", "1", "BYRADIUS", "1", "km"}) == integer(0));
  CHECK(store.run({"EXISTS", "other"}) == integer(0));
  // The destination may be of any type, even the source itself.
  CHECK(store.run({"SET", "other", "x"}) == ok());
  CHECK(store.run({"GEOSEARCHSTORE", "other", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "100", "km"}) == integer(1));
  CHECK(store.run({"TYPE", "other"}) == simple("zset"));
  CHECK(store.run({"GEOSEARCHSTORE", "Sicily", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "100", "km"}) == integer(1));
  CHECK(store.run({"ZRANGE", "Sicily", "0", "-1"}) == bulks({"Catania"}));
  CHECK(store.run({"GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "WITHDIST"}) == err("ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options"));
  CHECK(store.run({"GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "WITHCOORD"}) == err("ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options"));
  CHECK(store.run({"GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "WITHHASH"}) == err("ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options"));
  CHECK(store.run({"GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "STORE", "x"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1"}) == err("ERR syntax error"));
  CHECK(store.run({"GEOSEARCHSTORE", "dst", "Sicily", "FROMLONLAT", "15", "37"}) == err("ERR wrong number of arguments for 'geosearchstore' command"));
  CHECK(store.run({"GEOSEARCHSTORE", "dst", "other", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km"}) == integer(0));
}

TEST_CASE("GEORADIUS and GEORADIUSBYMEMBER with their options and STORE, STOREDIST") {
  Store store;
  CHECK(store.run({"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania", "13.583333", "37.316667", "Agrigento"}) == integer(3));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km"}) == bulks({"Agrigento", "Palermo", "Catania"}));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "ASC", "WITHDIST"}) == array({bulks({"Catania", "56.4413"}), bulks({"Agrigento", "130.4235"}), bulks({"Palermo", "190.4424"})}));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "DESC", "WITHHASH"}) == array({array({bulk("Palermo"), integer(3479099956230698)}), array({bulk("Agrigento"), integer(3479030013248308)}), array({bulk("Catania"), integer(3479447370796909)})}));
  CHECK(wire(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHCOORD", "COUNT", "1"}), 3) == "*1\r\n*2\r\n$7\r\nCatania\r\n*2\r\n,15.08726745843887329\r\n,37.50266842333162032\r\n");
  CHECK(wire(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHCOORD", "COUNT", "1"}), 2) == "*1\r\n*2\r\n$7\r\nCatania\r\n*2\r\n$20\r\n15.08726745843887329\r\n$20\r\n37.50266842333162032\r\n");
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "2", "ANY"}) == bulks({"Agrigento", "Palermo"}));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "2", "DESC"}) == bulks({"Palermo", "Agrigento"}));
  CHECK(store.run({"GEORADIUSBYMEMBER", "Sicily", "Agrigento", "100", "km"}) == bulks({"Agrigento", "Palermo"}));
  CHECK(store.run({"GEORADIUSBYMEMBER", "Sicily", "Agrigento", "100", "km", "ASC", "WITHDIST"}) == array({bulks({"Agrigento", "0.0000"}), bulks({"Palermo", "90.9778"})}));
  CHECK(store.run({"GEORADIUSBYMEMBER", "Sicily", "Agrigento", "200", "km", "DESC", "COUNT", "2", "WITHDIST", "WITHHASH"}) == array({array({bulk("Catania"), bulk("134.4697"), integer(3479447370796909)}), array({bulk("Palermo"), bulk("90.9778"), integer(3479099956230698)})}));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "dst"}) == integer(3));
  CHECK(store.run({"ZRANGE", "dst", "0", "-1"}) == bulks({"Agrigento", "Palermo", "Catania"}));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "STOREDIST", "dst", "ASC", "COUNT", "2"}) == integer(2));
  CHECK(wire(store.run({"ZSCORE", "dst", "Catania"}), 3) == ",56.441257870158204\r\n");
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "a", "STOREDIST", "b"}) == integer(3));
  CHECK(store.run({"EXISTS", "a", "b"}) == integer(1));
  CHECK(wire(store.run({"ZSCORE", "b", "Catania"}), 3) == ",56.441257870158204\r\n");
  CHECK(store.run({"GEORADIUSBYMEMBER", "Sicily", "Palermo", "100", "km", "STORE", "dst"}) == integer(2));
  CHECK(store.run({"ZRANGE", "dst", "0", "-1"}) == bulks({"Agrigento", "Palermo"}));
  CHECK(store.run({"GEORADIUSBYMEMBER", "Sicily", "Palermo", "100", "km", "STOREDIST", "dst"}) == integer(2));
  CHECK(wire(store.run({"ZSCORE", "dst", "Palermo"}), 3) == ",0\r\n");
  CHECK(store.run({"GEORADIUS", "Sicily", "100", "0", "1", "km", "STORE", "dst"}) == integer(0));
  CHECK(store.run({"EXISTS", "dst"}) == integer(0));
  CHECK(store.run({"GEORADIUS", "nokey", "15", "37", "200", "km"}) == array({}));
  CHECK(store.run({"GEORADIUS", "nokey", "15", "37", "200", "km", "STORE", "Sicily"}) == integer(0));
  CHECK(store.run({"EXISTS", "Sicily"}) == integer(0));
}

TEST_CASE("GEORADIUS's errors, and the _RO forms refusing STORE") {
  Store store;
  CHECK(store.run({"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"}) == integer(2));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200"}) == err("ERR wrong number of arguments for 'georadius' command"));
  CHECK(store.run({"GEORADIUS", "Sicily", "200", "37", "200", "km"}) == err("ERR invalid longitude,latitude pair 200.000000,37.000000"));
  CHECK(store.run({"GEORADIUS", "Sicily", "x", "37", "200", "km"}) == err("ERR value is not a valid float"));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "x", "200", "km"}) == err("ERR value is not a valid float"));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "x", "km"}) == err("ERR need numeric radius"));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "-1", "km"}) == err("ERR radius cannot be negative"));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "1", "parsec"}) == err("ERR unsupported unit provided. please use M, KM, FT, MI"));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "dst", "WITHDIST"}) == err("ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options"));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHHASH", "STOREDIST", "dst"}) == err("ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options"));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHCOORD", "STORE", "dst"}) == err("ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options"));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE"}) == err("ERR syntax error"));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "0"}) == err("ERR COUNT must be > 0"));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "ANY"}) == err("ERR the ANY argument requires COUNT argument"));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "FROMMEMBER", "Palermo"}) == err("ERR syntax error"));
  CHECK(store.run({"GEORADIUS", "Sicily", "15", "37", "200", "km", "BYRADIUS", "1", "km"}) == err("ERR syntax error"));
  CHECK(store.run({"GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "STORE", "dst"}) == err("ERR syntax error"));
  CHECK(store.run({"GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "STOREDIST", "dst"}) == err("ERR syntax error"));
  CHECK(store.run({"GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "ASC"}) == bulks({"Catania", "Palermo"}));
  CHECK(store.run({"GEORADIUSBYMEMBER_RO", "Sicily", "Palermo", "200", "km", "STORE", "dst"}) == err("ERR syntax error"));
  CHECK(store.run({"GEORADIUSBYMEMBER_RO", "Sicily", "Palermo", "200", "km", "DESC"}) == bulks({"Catania", "Palermo"}));
  CHECK(store.run({"GEORADIUSBYMEMBER", "Sicily", "nope", "200", "km"}) == err("ERR could not decode requested zset member"));
  CHECK(store.run({"GEORADIUSBYMEMBER", "Sicily", "Palermo", "x", "km"}) == err("ERR need numeric radius"));
  CHECK(store.run({"GEORADIUSBYMEMBER", "Sicily", "Palermo", "200", "parsec"}) == err("ERR unsupported unit provided. please use M, KM, FT, MI"));
  CHECK(store.run({"GEORADIUSBYMEMBER", "Sicily", "Palermo", "200"}) == err("ERR wrong number of arguments for 'georadiusbymember' command"));
  // A missing key: GEORADIUSBYMEMBER does not read its radius.
  CHECK(store.run({"GEORADIUSBYMEMBER", "nokey", "nope", "x", "parsec"}) == array({}));
  CHECK(store.run({"GEORADIUSBYMEMBER", "nokey", "nope", "x", "parsec", "STORE", "dst"}) == integer(0));
  CHECK(store.run({"GEORADIUSBYMEMBER", "nokey", "nope", "x", "parsec", "BOGUS"}) == err("ERR syntax error"));
  CHECK(store.run({"GEORADIUSBYMEMBER_RO", "nokey", "nope", "1", "km"}) == array({}));
  CHECK(store.run({"GEORADIUS", "nokey", "200", "37", "1", "km"}) == err("ERR invalid longitude,latitude pair 200.000000,37.000000"));
  CHECK(store.run({"SET", "s", "x"}) == ok());
  CHECK(store.run({"GEORADIUS", "s", "200", "37", "1", "km"}) == err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  CHECK(store.run({"GEORADIUSBYMEMBER", "s", "m", "1", "km"}) == err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  CHECK(store.run({"GEORADIUS_RO", "s", "1", "1", "1", "km"}) == err("WRONGTYPE Operation against a key holding the wrong kind of value"));
  CHECK(store.run({"GEORADIUSBYMEMBER_RO", "s", "m", "1", "km"}) == err("WRONGTYPE Operation against a key holding the wrong kind of value"));
}

TEST_CASE("Searches at the poles and across the antimeridian") {
  Store store;
  CHECK(store.run({"GEOADD", "w", "179.99", "0", "east", "-179.99", "0", "west", "179.999", "0.001", "east2", "-179.999", "-0.001", "west2", "0", "85.05", "north", "180", "85.05", "north2", "0", "-85.05", "south", "-180", "-85.05", "south2", "10", "80.5", "arctic", "25", "78.2", "svalbard", "-149.9", "61.2", "alaska"}) == integer(11));
  CHECK(store.run({"GEOSEARCH", "w", "FROMLONLAT", "180", "0", "BYRADIUS", "10", "km", "ASC", "WITHDIST"}) == array({bulks({"east2", "0.1573"}), bulks({"east", "1.1125"})}));
  CHECK(store.run({"GEOSEARCH", "w", "FROMLONLAT", "-180", "0", "BYRADIUS", "10", "km", "ASC", "WITHDIST"}) == array({bulks({"west2", "0.1573"}), bulks({"east2", "0.1573"}), bulks({"east", "1.1125"}), bulks({"west", "1.1125"})}));
  CHECK(store.run({"GEOSEARCH", "w", "FROMMEMBER", "east", "BYRADIUS", "5", "km", "ASC", "WITHDIST"}) == array({bulks({"east", "0.0000"}), bulks({"east2", "1.0073"}), bulks({"west2", "1.2288"}), bulks({"west", "2.2250"})}));
  CHECK(store.run({"GEOSEARCH", "w", "FROMMEMBER", "east", "BYBOX", "10", "10", "km", "ASC", "WITHDIST"}) == array({bulks({"east", "0.0000"}), bulks({"east2", "1.0073"}), bulks({"west2", "1.2288"}), bulks({"west", "2.2250"})}));
  CHECK(store.run({"GEOSEARCH", "w", "FROMLONLAT", "0", "85", "BYRADIUS", "1000", "km", "ASC", "WITHDIST"}) == array({bulks({"north", "5.5613"}), bulks({"arctic", "517.9655"}), bulks({"svalbard", "841.4519"})}));
  CHECK(store.run({"GEOSEARCH", "w", "FROMLONLAT", "90", "85.05112878", "BYRADIUS", "1500", "km", "ASC", "WITHDIST"}) == array({bulks({"north", "778.0503"}), bulks({"arctic", "1102.1814"}), bulks({"svalbard", "1188.0278"})}));
  CHECK(store.run({"GEOSEARCH", "w", "FROMLONLAT", "0", "-85.05112878", "BYBOX", "20000", "200", "km", "ASC", "WITHDIST"}) == array({bulks({"south", "0.1256"}), bulks({"south2", "1101.0149"})}));
  CHECK(store.run({"GEOSEARCH", "w", "FROMLONLAT", "10", "80", "BYRADIUS", "600", "km", "ASC", "WITHDIST"}) == array({bulks({"arctic", "55.6132"}), bulks({"svalbard", "372.0219"}), bulks({"north", "577.9385"})}));
  CHECK(store.run({"GEOSEARCH", "w", "FROMLONLAT", "0", "0", "BYRADIUS", "20000", "km"}) == bulks({"north", "arctic", "svalbard", "south", "alaska", "south2"}));
  CHECK(store.run({"GEOSEARCH", "w", "FROMLONLAT", "0", "0", "BYRADIUS", "20000", "km", "ASC", "COUNT", "4"}) == bulks({"svalbard", "arctic", "north", "south"}));
  CHECK(store.run({"GEOSEARCH", "w", "FROMLONLAT", "0", "0", "BYBOX", "40000", "40000", "km", "DESC", "COUNT", "3"}) == bulks({"alaska", "south2", "north"}));
  CHECK(store.run({"GEOSEARCH", "w", "FROMLONLAT", "0", "0", "BYRADIUS", "100000", "km"}) == bulks({"north", "arctic", "svalbard", "east", "east2", "south", "west", "alaska", "south2", "west2"}));
  CHECK(store.run({"GEOSEARCH", "w", "FROMLONLAT", "-150", "61", "BYRADIUS", "0.5", "mi", "WITHDIST"}) == array({}));
}

