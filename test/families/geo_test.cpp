// The geo commands, against what redis-server 7.0 replies: every expected
// reply below was recorded by running the same commands, in the same order,
// against redis-server 7.0.15 (RESP3, what in-process callers get; a wire()
// check is that server's exact bytes, RESP3 or RESP2, where the reply holds
// coordinates or scores, so their digits are compared too). Then the typed
// methods of commands/geo.hpp, the keyspace events and COMMAND GETKEYS.

#include "harness.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

#include <not_redis/subscriber.hpp>

#include "counting_new.hpp"

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

TEST_CASE("A set past zset-max-listpack-entries (a skiplist) searches the same way") {
  Store store;
  CHECK(store.run({"GEOADD", "paris", "2.350000", "48.850000", "p000", "2.468077", "49.026980", "p001", "2.445959", "49.018930", "p002", "2.161602", "48.836249", "p003", "2.527343", "48.909590", "p004", "2.510360", "48.695282", "p005", "2.337628", "48.748629", "p006", "2.367504", "48.879576", "p007", "2.155246", "48.736692", "p008", "2.261793", "49.016538", "p009", "2.350000", "48.850000", "p010", "2.468859", "48.705507", "p011", "2.396981", "48.700680", "p012", "2.150710", "48.998562", "p013", "2.233783", "48.736192", "p014", "2.542968", "48.998963", "p015", "2.265722", "49.034591", "p016", "2.365689", "48.921132", "p017", "2.231912", "49.026390", "p018", "2.426257", "49.036626", "p019", "2.350000", "48.850000", "p020", "2.294476", "48.716382", "p021", "2.208281", "48.676056", "p022", "2.270544", "48.891244", "p023", "2.151353", "48.921174", "p024", "2.285159", "48.773983", "p025", "2.477407", "48.842298", "p026", "2.276317", "48.842487", "p027", "2.431868", "48.672800", "p028", "2.540040", "48.659146", "p029", "2.350000", "48.850000", "p030", "2.157227", "48.965095", "p031", "2.296474", "48.881408", "p032", "2.153631", "48.668691", "p033", "2.222368", "49.032072", "p034", "2.228609", "48.952295", "p035", "2.521862", "49.026818", "p036", "2.287753", "48.791917", "p037", "2.359881", "48.960241", "p038", "2.193221", "48.949359", "p039", "2.350000", "48.850000", "p040", "2.164653", "49.028320", "p041", "2.186472", "48.786296", "p042", "2.394331", "49.017235", "p043", "2.285984", "49.019679", "p044", "2.368058", "48.774980", "p045", "2.276720", "48.720991", "p046", "2.181278", "48.709547", "p047", "2.425670", "49.048691", "p048", "2.214612", "48.669421", "p049", "2.350000", "48.850000", "p050", "2.312355", "48.744935", "p051", "2.387584", "48.980518", "p052", "2.332266", "48.818703", "p053", "2.172283", "49.016428", "p054", "2.163088", "48.847426", "p055", "2.485372", "48.702229", "p056", "2.442666", "49.029919", "p057", "2.402160", "48.965204", "p058", "2.192652", "48.823822", "p059", "2.350000", "48.850000", "p060", "2.267925", "48.831262", "p061", "2.549720", "48.990901", "p062", "2.540403", "48.831416", "p063", "2.345264", "48.941802", "p064", "2.341617", "48.766409", "p065", "2.311516", "48.708603", "p066", "2.300800", "49.045355", "p067", "2.533926", "48.900786", "p068", "2.349729", "48.785392", "p069", "2.350000", "48.850000", "p070", "2.462808", "48.996955", "p071", "2.294530", "48.964409", "p072", "2.459959", "48.927839", "p073", "2.415607", "48.953855", "p074", "2.295373", "48.931788", "p075", "2.262341", "48.844274", "p076", "2.457899", "48.926353", "p077", "2.267541", "49.028219", "p078", "2.409877", "48.882264", "p079", "2.350000", "48.850000", "p080", "2.250277", "48.918657", "p081", "2.335176", "48.976672", "p082", "2.408975", "48.969050", "p083", "2.289154", "48.907625", "p084", "2.445131", "48.981275", "p085", "2.290018", "48.987152", "p086", "2.497965", "48.925335", "p087", "2.540449", "49.032607", "p088", "2.357256", "48.861736", "p089", "2.350000", "48.850000", "p090", "2.524953", "48.840896", "p091", "2.426570", "48.937875", "p092", "2.442141", "48.718731", "p093", "2.462149", "48.882338", "p094", "2.416222", "48.818317", "p095", "2.399495", "48.959882", "p096", "2.404747", "48.938166", "p097", "2.161049", "48.714009", "p098", "2.326427", "48.910047", "p099", "2.350000", "48.850000", "p100", "2.402346", "48.666745", "p101", "2.338634", "48.740497", "p102", "2.171657", "48.703411", "p103", "2.276940", "48.722619", "p104", "2.227344", "48.664263", "p105", "2.336132", "48.802120", "p106", "2.394718", "48.886066", "p107", "2.245139", "49.011273", "p108", "2.150264", "48.812150", "p109", "2.350000", "48.850000", "p110", "2.196030", "48.982548", "p111", "2.299552", "48.664425", "p112", "2.395426", "48.687929", "p113", "2.368088", "48.785749", "p114", "2.382358", "49.033320", "p115", "2.477409", "48.817641", "p116", "2.475196", "48.906919", "p117", "2.297777", "48.706845", "p118", "2.388375", "48.875544", "p119", "2.350000", "48.850000", "p120", "2.393444", "48.790446", "p121", "2.507387", "48.650379", "p122", "2.193167", "48.876325", "p123", "2.396067", "48.706280", "p124", "2.401783", "49.006513", "p125", "2.300339", "48.822674", "p126", "2.240534", "48.766598", "p127", "2.538982", "48.801912", "p128", "2.534456", "49.015499", "p129", "2.350000", "48.850000", "p130", "2.542392", "48.848522", "p131", "2.316197", "48.777661", "p132", "2.543711", "48.846702", "p133", "2.264559", "48.840774", "p134", "2.198754", "48.898675", "p135", "2.327387", "48.767241", "p136", "2.462683", "48.980722", "p137", "2.155281", "48.863026", "p138", "2.259515", "49.024101", "p139", "2.350000", "48.850000", "p140", "2.257075", "48.711906", "p141", "2.545530", "48.767275", "p142", "2.393215", "48.839853", "p143", "2.407951", "48.891541", "p144", "2.447389", "48.697272", "p145", "2.454159", "48.770276", "p146", "2.363399", "48.784449", "p147", "2.268729", "48.861947", "p148", "2.335735", "48.794416", "p149", "2.350000", "48.850000", "p150", "2.164572", "48.750969", "p151", "2.332245", "49.016629", "p152", "2.505176", "48.868237", "p153", "2.155824", "48.961353", "p154", "2.321093", "48.880257", "p155", "2.433272", "48.902894", "p156", "2.342752", "49.014686", "p157", "2.304189", "48.806746", "p158", "2.490761", "48.728587", "p159", "2.350000", "48.850000", "p160", "2.176422", "48.984511", "p161", "2.427849", "48.823128", "p162", "2.264544", "48.962292", "p163", "2.514270", "48.707074", "p164", "2.341365", "48.869638", "p165", "2.349073", "48.782295", "p166", "2.211411", "48.884341", "p167", "2.474729", "48.677368", "p168", "2.242008", "48.977837", "p169", "2.350000", "48.850000", "p170", "2.160221", "48.939039", "p171", "2.541474", "49.049334", "p172", "2.430499", "48.669557", "p173", "2.486825", "48.737693", "p174", "2.408295", "49.030898", "p175", "2.434977", "48.703850", "p176", "2.266997", "49.017199", "p177", "2.209892", "48.894245", "p178", "2.315574", "48.714472", "p179", "2.350000", "48.850000", "p180", "2.193286", "48.801680", "p181", "2.178802", "48.673024", "p182", "2.380102", "48.946935", "p183", "2.501383", "48.703733", "p184", "2.322668", "48.775828", "p185", "2.390087", "48.845832", "p186", "2.525415", "48.799679", "p187", "2.172300", "48.928919", "p188", "2.210444", "48.902538", "p189", "2.350000", "48.850000", "p190", "2.371956", "48.898351", "p191", "2.255299", "48.870670", "p192", "2.251676", "48.950231", "p193", "2.356798", "48.703512", "p194", "2.243768", "48.798486", "p195", "2.444701", "48.721728", "p196", "2.435319", "48.912005", "p197", "2.184097", "48.917181", "p198", "2.186471", "48.699917", "p199"}) == integer(200));
  CHECK(store.run({"OBJECT", "ENCODING", "paris"}) == bulk("skiplist"));
  CHECK(store.run({"GEOSEARCH", "paris", "FROMLONLAT", "2.35", "48.85", "BYRADIUS", "2", "km", "ASC"}) == bulks({"p000", "p010", "p020", "p030", "p040", "p050", "p060", "p070", "p080", "p090", "p100", "p110", "p120", "p130", "p140", "p150", "p160", "p170", "p180", "p190", "p089"}));
  CHECK(store.run({"GEOSEARCH", "paris", "FROMLONLAT", "2.35", "48.85", "BYRADIUS", "5", "km", "COUNT", "12"}) == bulks({"p000", "p010", "p020", "p030", "p040", "p050", "p060", "p070", "p080", "p090", "p100", "p110"}));
  CHECK(store.run({"GEOSEARCH", "paris", "FROMLONLAT", "2.35", "48.85", "BYRADIUS", "5", "km", "COUNT", "12", "DESC", "WITHDIST"}) == array({bulks({"p126", "4.7387"}), bulks({"p119", "3.9946"}), bulks({"p155", "3.9747"}), bulks({"p053", "3.7154"}), bulks({"p007", "3.5302"}), bulks({"p143", "3.3585"}), bulks({"p186", "2.9705"}), bulks({"p165", "2.2738"}), bulks({"p089", "1.4091"}), bulks({"p090", "0.0001"}), bulks({"p100", "0.0001"}), bulks({"p110", "0.0001"})}));
  CHECK(store.run({"GEOSEARCH", "paris", "FROMMEMBER", "p007", "BYBOX", "3", "3", "km", "COUNT", "8", "ANY"}) == bulks({"p007"}));
  CHECK(store.run({"GEOSEARCH", "paris", "FROMMEMBER", "p007", "BYBOX", "10", "4", "km"}) == bulks({"p165", "p089", "p155", "p007", "p119", "p107", "p079", "p144"}));
  CHECK(store.run({"GEOSEARCHSTORE", "near", "paris", "FROMLONLAT", "2.35", "48.85", "BYRADIUS", "3", "km", "STOREDIST"}) == integer(23));
  CHECK(store.run({"ZRANGE", "near", "0", "4"}) == bulks({"p000", "p010", "p020", "p030", "p040"}));
  CHECK(store.run({"ZCARD", "near"}) == integer(23));
  CHECK(store.run({"GEORADIUS", "paris", "2.35", "48.85", "30", "km", "COUNT", "150", "STORE", "big"}) == integer(150));
  CHECK(store.run({"ZCARD", "big"}) == integer(150));
  CHECK(store.run({"OBJECT", "ENCODING", "big"}) == bulk("skiplist"));
  CHECK(store.run({"GEORADIUS", "paris", "2.35", "48.85", "30", "km", "COUNT", "100", "STORE", "mid"}) == integer(100));
  CHECK(store.run({"OBJECT", "ENCODING", "mid"}) == bulk("listpack"));
}

TEST_CASE("Keyspace events: GEOADD reports zadd, the stores georadiusstore or geosearchstore, an empty store del") {
  Store store;
  not_redis::Subscriber sub(store.client());
  sub.psubscribe("__keyevent@0__:*").get();
  CHECK(store.run({"CONFIG", "SET", "notify-keyspace-events", "KEA"}) == ok());
  CHECK(store.run({"GEOADD", "g", "1", "2", "a", "3", "4", "b"}) == integer(2));
  CHECK(store.run({"GEOADD", "g", "1", "2", "a"}) == integer(0));  // nothing changed: no event
  CHECK(store.run({"GEOADD", "g", "XX", "5", "6", "a"}) == integer(0));
  CHECK(store.run({"GEOADD", "none", "XX", "5", "6", "a"}) == integer(0));
  CHECK(store.run({"GEORADIUS", "g", "1", "2", "1000", "km", "STORE", "d"}) == integer(2));
  CHECK(store.run({"GEORADIUSBYMEMBER", "g", "b", "1", "km", "STOREDIST", "d"}) == integer(1));
  CHECK(store.run({"GEOSEARCHSTORE", "d2", "g", "FROMLONLAT", "1", "2", "BYRADIUS", "10000", "km"}) == integer(2));
  CHECK(store.run({"GEOSEARCHSTORE", "d2", "g", "FROMLONLAT", "100", "2", "BYRADIUS", "1", "km"}) == integer(0));
  CHECK(store.run({"GEORADIUS", "nokey", "1", "2", "1", "km", "STORE", "d"}) == integer(0));
  CHECK(store.run({"GEORADIUS", "nokey", "1", "2", "1", "km", "STORE", "d"}) == integer(0));  // nothing to delete
  std::vector<std::string> seen;
  while (auto m = sub.try_next()) seen.push_back(m->channel.substr(std::string_view("__keyevent@0__:").size()) + "=" + m->payload);
  CHECK(seen == std::vector<std::string>{"zadd=g", "zadd=g", "georadiusstore=d", "georadiusstore=d",
                                         "geosearchstore=d2", "del=d2", "del=d"});
}

TEST_CASE("COMMAND GETKEYS finds GEORADIUS's STORE and STOREDIST keys, as Redis's key specs do") {
  Store store;
  CHECK(store.run({"COMMAND", "GETKEYS", "GEORADIUS", "src", "1", "2", "3", "km", "STORE", "dst"}) == bulks({"src", "dst"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "GEORADIUS", "src", "1", "2", "3", "km", "STOREDIST", "dst", "STORE", "d2"}) ==
        bulks({"src", "d2", "dst"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "GEORADIUS", "src", "1", "2", "3", "km"}) == bulks({"src"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "GEORADIUSBYMEMBER", "src", "m", "3", "km", "store", "d"}) == bulks({"src", "d"}));
  // The keyword search starts after the fixed arguments and stops before the last one.
  CHECK(store.run({"COMMAND", "GETKEYS", "GEORADIUS", "store", "1", "2", "3", "store", "d"}) == bulks({"store"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "GEORADIUS", "src", "1", "2", "3", "km", "store"}) == bulks({"src"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "GEOSEARCHSTORE", "d", "s", "FROMMEMBER", "m", "BYRADIUS", "1", "km"}) ==
        bulks({"d", "s"}));
  CHECK(store.run({"COMMAND", "GETKEYSANDFLAGS", "GEORADIUSBYMEMBER", "src", "m", "3", "km", "STORE", "d"}) ==
        array({array({bulk("src"), Value::set({simple("RO"), simple("access")})}),
               array({bulk("d"), Value::set({simple("OW"), simple("update")})})}));
}

// --- the typed API -------------------------------------------------------------------------

TEST_CASE("Typed GEOADD, GEOPOS, GEODIST, GEOHASH") {
  Store store;
  CHECK(store->geoadd("Sicily", {{13.361389, 38.115556, "Palermo"}, {15.087269, 37.502669, "Catania"}}).get() == 2);
  CHECK(store->geoadd("Sicily", {{13.361389, 38.115556, "Palermo"}, {1, 1, "New"}},
                      {.condition = GeoAddCondition::if_exists, .changed = true})
            .get() == 0);
  CHECK(store->geoadd("Sicily", {{13.4, 38.1, "Palermo"}}, {.changed = true}).get() == 1);
  CHECK(store->geoadd("Sicily", {{13.361389, 38.115556, "Palermo"}}, {.condition = GeoAddCondition::if_absent}).get() == 0);
  const std::vector<not_redis::GeoMember> more = {{12.5, 38.0, "Trapani"}};
  CHECK(store->geoadd("Sicily", more).get() == 1);
  CHECK(store->geoadd("Sicily", {{13.361389, 38.115556, "Palermo"}}).get() == 0);

  const auto positions = store->geopos("Sicily", {"Palermo", "nope"}).get();
  REQUIRE(positions.size() == 2);
  REQUIRE(positions[0]);
  // The centre of Palermo's cell, as Redis prints it: 13.36138933897018433, 38.11555639549629859.
  CHECK(positions[0]->longitude == 13.36138933897018433);
  CHECK(positions[0]->latitude == 38.11555639549629859);
  CHECK_FALSE(positions[1]);
  CHECK(store->geopos("nokey", {"a"}).get() == std::vector<std::optional<GeoPosition>>{std::nullopt});

  CHECK(store->geodist("Sicily", "Palermo", "Catania").get() == 166274.1516);
  CHECK(store->geodist("Sicily", "Palermo", "Catania", GeoUnit::km).get() == 166.2742);
  CHECK(store->geodist("Sicily", "Palermo", "Catania", GeoUnit::mi).get() == 103.3182);
  CHECK(store->geodist("Sicily", "Palermo", "Catania", GeoUnit::ft).get() == 545518.8700);
  CHECK(store->geodist("Sicily", "Palermo", "nope").get() == std::nullopt);
  CHECK(store->geohash("Sicily", {"Palermo", "Catania", "nope"}).get() ==
        std::vector<std::optional<std::string>>{"sqc8b49rny0", "sqdtr74hyu0", std::nullopt});
  store.run({"SET", "s", "x"});
  CHECK(thrown_text(store->geopos("s", {"a"})) == kWrongType);
  CHECK(thrown_text(store->geoadd("g", {{200, 100, "m"}})) ==
        "ERR invalid longitude,latitude pair 200.000000,100.000000");
}

TEST_CASE("Typed GEOSEARCH and GEORADIUS: results with the fields asked for") {
  Store store;
  store->geoadd("Sicily", {{13.361389, 38.115556, "Palermo"}, {15.087269, 37.502669, "Catania"}}).get();
  const GeoPosition catania{15.08726745843887329, 37.50266842333162032};
  const GeoPosition palermo{13.36138933897018433, 38.11555639549629859};

  CHECK(store->geosearch("Sicily", GeoFrom::position({15, 37}), GeoArea::radius(200, GeoUnit::km),
                         {.order = GeoOrder::ascending})
            .get() == std::vector<GeoResult>{{"Catania", {}, {}, {}}, {"Palermo", {}, {}, {}}});
  CHECK(store->geosearch("Sicily", GeoFrom::position({15, 37}), GeoArea::radius(200, GeoUnit::km),
                         {.order = GeoOrder::descending, .with_coordinates = true, .with_distance = true, .with_hash = true})
            .get() == std::vector<GeoResult>{{"Palermo", 190.4424, 3479099956230698, palermo},
                                              {"Catania", 56.4413, 3479447370796909, catania}});
  CHECK(store->geosearch("Sicily", GeoFrom::member("Palermo"), GeoArea::box(400, 400, GeoUnit::km),
                         {.count = 1, .with_distance = true})
            .get() == std::vector<GeoResult>{{"Palermo", 0.0, {}, {}}});
  CHECK(store->geosearch("Sicily", GeoFrom::position({15, 37}), GeoArea::radius(200, GeoUnit::km),
                         {.count = 1, .any = true, .with_hash = true})
            .get() == std::vector<GeoResult>{{"Palermo", {}, 3479099956230698, {}}});
  CHECK(store->georadius("Sicily", {15, 37}, 100, GeoUnit::km, {.with_coordinates = true}).get() ==
        std::vector<GeoResult>{{"Catania", {}, {}, catania}});
  CHECK(store->georadius_ro("Sicily", {15, 37}, 200, GeoUnit::km, {.order = GeoOrder::descending}).get() ==
        std::vector<GeoResult>{{"Palermo", {}, {}, {}}, {"Catania", {}, {}, {}}});
  CHECK(store->georadiusbymember("Sicily", "Palermo", 200, GeoUnit::km, {.order = GeoOrder::ascending, .with_distance = true})
            .get() == std::vector<GeoResult>{{"Palermo", 0.0, {}, {}}, {"Catania", 166.2742, {}, {}}});
  CHECK(store->georadiusbymember_ro("Sicily", "Catania", 1, GeoUnit::mi).get() ==
        std::vector<GeoResult>{{"Catania", {}, {}, {}}});
  CHECK(thrown_text(store->geosearch("Sicily", GeoFrom::member("nope"), GeoArea::radius(1, GeoUnit::m))) == "ERR could not decode requested zset member");
  CHECK(thrown_text(store->geosearch("Sicily", GeoFrom::member("Palermo"), GeoArea::radius(1, GeoUnit::m), {.count = 0})) == "ERR COUNT must be > 0");
}

TEST_CASE("Typed GEOSEARCHSTORE and the GEORADIUS stores") {
  Store store;
  store->geoadd("Sicily", {{13.361389, 38.115556, "Palermo"}, {15.087269, 37.502669, "Catania"}}).get();
  CHECK(store->geosearchstore("dst", "Sicily", GeoFrom::position({15, 37}), GeoArea::radius(200, GeoUnit::km)).get() == 2);
  CHECK(store->zscore("dst", "Palermo").get() == 3479099956230698.0);
  CHECK(store->geosearchstore("dst", "Sicily", GeoFrom::position({15, 37}), GeoArea::radius(200, GeoUnit::km),
                              {.count = 1, .store_distance = true})
            .get() == 1);
  CHECK(store->zrange_withscores("dst", 0, -1).get() == not_redis::ScoredMembers{{"Catania", 56.441257870158204}});
  CHECK(store->georadius_store("Sicily", {15, 37}, 200, GeoUnit::km, "r", {.order = GeoOrder::descending, .count = 1}).get() == 1);
  CHECK(store->zrange("r", 0, -1).get() == std::vector<std::string>{"Palermo"});
  CHECK(store->georadiusbymember_store("Sicily", "Palermo", 200, GeoUnit::km, "r", {.store_distance = true}).get() == 2);
  CHECK(store->zrange_withscores("r", 0, -1).get() ==
        not_redis::ScoredMembers{{"Palermo", 0.0}, {"Catania", 166.27415156960032}});
  CHECK(store->geosearchstore("r", "Sicily", GeoFrom::position({100, 0}), GeoArea::box(1, 1, GeoUnit::km)).get() == 0);
  CHECK(store->exists("r").get() == 0);
}

TEST_CASE("A search allocates for what it finds, not for the members its cells hold") {
  // One member at the centre, `near` more in the same cells but outside a
  // 100 m box: the search scans them all and keeps one.
  const auto allocations_of_search = [](int near) {
    Store store;
    CHECK(store.run({"GEOADD", "g", "0", "0", "centre"}) == integer(1));
    for (int i = 0; i < near; ++i) {
      const std::string lon = fmt::format("{:.7f}", 0.0006 + 0.0006 * i / near);
      store.run({"GEOADD", "g", lon, "0", "m" + std::to_string(i)});
    }
    const std::initializer_list<std::string_view> search = {"GEOSEARCH", "g", "FROMLONLAT", "0", "0", "BYBOX", "0.1", "0.1", "km"};
    CHECK(store.run(search) == bulks({"centre"}));
    const long before = allocations.load();
    CHECK(store.run(search) == bulks({"centre"}));
    return allocations.load() - before;
  };
  // A listpack of 11 members, then a skiplist of 2001.
  CHECK(allocations_of_search(10) == allocations_of_search(2000));
}
