// The sorted-set family, command by command: ZADD and its options, scores,
// ranks, ranges by index, score and lex, removal and pops. Every expected
// reply is redis-server 7.0's RESP3 reply (what in-process callers get:
// scores are doubles), taken by running the same commands against it; the
// wire() checks are its RESP2 bytes, where a score is a "%.17g" string.
// Set operations, encodings and types are in zsets_multikey_test.cpp, the
// blocking pops in zsets_blocking_test.cpp.

#include "harness.hpp"

using namespace test;

// --- ZADD, ZCARD, ZSCORE, ZMSCORE -------------------------------------------------------

TEST_CASE("ZADD adds and updates; its reply counts new members, or changed ones with CH") {
  Store store;
  CHECK(store.run({"ZADD", "z", "1", "a", "2", "b", "3", "c"}) == integer(3));
  CHECK(store.run({"ZADD", "z", "1", "a", "5", "b", "4", "d"}) == integer(1));
  CHECK(store.run({"ZADD", "z", "CH", "1", "a", "6", "b", "7", "e"}) == integer(2));
  CHECK(store.run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}) == scored({{"a", 1.0}, {"c", 3.0}, {"d", 4.0}, {"b", 6.0}, {"e", 7.0}}));
  CHECK(store.run({"ZCARD", "z"}) == integer(5));
  CHECK(store.run({"ZCARD", "nosuch"}) == integer(0));
  // A member named twice takes its last score.
  CHECK(store.run({"ZADD", "dup", "1", "m", "2", "m", "3", "m"}) == integer(1));
  CHECK(store.run({"ZSCORE", "dup", "m"}) == number(3.0));
  CHECK(store.run({"ZCARD", "dup"}) == integer(1));
}

TEST_CASE("ZADD's NX XX GT LT CH, alone and together") {
  Store store;
  CHECK(store.run({"ZADD", "z", "10", "a", "20", "b"}) == integer(2));
  CHECK(store.run({"ZADD", "z", "NX", "100", "a", "30", "c"}) == integer(1));
  CHECK(store.run({"ZADD", "z", "XX", "100", "a", "40", "d"}) == integer(0));
  CHECK(store.run({"ZADD", "z", "XX", "CH", "100", "a", "40", "d"}) == integer(0));
  CHECK(store.run({"ZADD", "z", "GT", "CH", "50", "a", "200", "b", "1", "e"}) == integer(2));
  CHECK(store.run({"ZADD", "z", "LT", "CH", "50", "a", "300", "b"}) == integer(1));
  CHECK(store.run({"ZADD", "z", "XX", "GT", "CH", "0", "a", "500", "b"}) == integer(1));
  CHECK(store.run({"ZADD", "z", "LT", "9", "new"}) == integer(1));
  CHECK(store.run({"ZADD", "z", "GT", "XX", "100", "new2"}) == integer(0));
  CHECK(store.run({"ZRANGE", "z", "0", "-1", "WITHSCORES"}) == scored({{"e", 1.0}, {"new", 9.0}, {"c", 30.0}, {"a", 50.0}, {"b", 500.0}}));
  // XX on a missing key creates nothing.
  CHECK(store.run({"ZADD", "nosuch", "XX", "1", "a"}) == integer(0));
  CHECK(store.run({"EXISTS", "nosuch"}) == integer(0));
  CHECK(store.run({"ZADD", "z", "nx", "xx", "ch", "1", "a"}) == err(kXxNx));
  CHECK(store.run({"ZADD", "z", "XX", "NX", "GT", "1", "a"}) == err(kXxNx));
  CHECK(store.run({"ZADD", "z", "GT", "LT", "1", "a"}) == err(kGtLtNx));
  CHECK(store.run({"ZADD", "z", "GT", "NX", "1", "a"}) == err(kGtLtNx));
  CHECK(store.run({"ZADD", "z", "LT", "NX", "1", "a"}) == err(kGtLtNx));
  CHECK(store.run({"ZADD", "z", "FOO", "1", "a"}) == err(kSyntax));
  CHECK(store.run({"ZADD", "z", "CH", "INCR", "1"}) == err(kSyntax));
  CHECK(store.run({"ZADD", "z", "1", "a", "2"}) == err(kSyntax));
  CHECK(store.run({"ZADD", "z", "1"}) == arity_error("zadd"));
  CHECK(store.run({"ZADD", "z", "NX"}) == arity_error("zadd"));
  CHECK(store.run({"ZADD", "z"}) == arity_error("zadd"));
}

TEST_CASE("ZADD INCR answers the new score, or nil when a condition stops it") {
  Store store;
  CHECK(store.run({"ZADD", "zi", "INCR", "1.5", "m"}) == number(1.5));
  CHECK(store.run({"ZADD", "zi", "INCR", "1.5", "m"}) == number(3.0));
  CHECK(store.run({"ZADD", "zi", "INCR", "-3", "m"}) == number(0.0));
  CHECK(store.run({"ZADD", "zi", "NX", "INCR", "1", "m"}) == nil());
  CHECK(store.run({"ZADD", "zi", "XX", "INCR", "1", "n"}) == nil());
  CHECK(store.run({"ZADD", "zi", "XX", "INCR", "1", "m"}) == number(1.0));
  CHECK(store.run({"ZADD", "zi", "GT", "INCR", "-1", "m"}) == nil());
  CHECK(store.run({"ZADD", "zi", "LT", "INCR", "-1", "m"}) == number(0.0));
  CHECK(store.run({"ZADD", "zi", "GT", "INCR", "0", "m"}) == nil());
  CHECK(store.run({"ZADD", "zi", "CH", "INCR", "1", "m"}) == number(1.0));
  CHECK(store.run({"ZADD", "zi", "INCR", "1", "a", "2", "b"}) == err(kIncrPair));
  CHECK(store.run({"ZADD", "zi", "INCR", "NX", "1", "a", "2", "b"}) == err(kIncrPair));
  CHECK(store.run({"ZADD", "zi", "INCR", "nan", "m"}) == err(kScoreNotFloat));
  CHECK(store.run({"ZADD", "zi", "INCR", "inf", "m"}) == number(kInf));
  // inf + -inf is NaN: refused, the score stays.
  CHECK(store.run({"ZADD", "zi", "INCR", "-inf", "m"}) == err(kScoreNaN));
  CHECK(store.run({"ZSCORE", "zi", "m"}) == number(kInf));
  CHECK(store.run({"EXISTS", "nosuch"}) == integer(0));
  CHECK(store.run({"ZADD", "nosuch", "XX", "INCR", "1", "m"}) == nil());
  CHECK(store.run({"EXISTS", "nosuch"}) == integer(0));
}

TEST_CASE("scores: what Redis's strtod accepts, infinities, and the refusals") {
  Store store;
  CHECK(store.run({"ZADD", "sc", "inf", "pinf", "+inf", "pinf2", "-inf", "ninf", "INF", "upper", "-Inf", "mixedcase", "infinity", "long"}) == integer(6));
  CHECK(store.run({"ZADD", "sc", "1e1", "e1", ".5", "half", "5.", "five", "+1", "plus", "0x1p3", "hexp", "0x10", "hex"}) == integer(6));
  CHECK(store.run({"ZRANGE", "sc", "0", "-1", "WITHSCORES"}) == scored({{"mixedcase", -kInf}, {"ninf", -kInf}, {"half", 0.5}, {"plus", 1.0}, {"five", 5.0}, {"hexp", 8.0}, {"e1", 10.0}, {"hex", 16.0}, {"long", kInf}, {"pinf", kInf}, {"pinf2", kInf}, {"upper", kInf}}));
  CHECK(store.run({"ZADD", "sc", "1e400", "big"}) == err(kScoreNotFloat));
  CHECK(store.run({"ZADD", "sc", "-1e400", "nbig"}) == err(kScoreNotFloat));
  CHECK(store.run({"ZADD", "sc", "1e-400", "under"}) == err(kScoreNotFloat));
  CHECK(store.run({"ZADD", "sc", "nan", "x"}) == err(kScoreNotFloat));
  CHECK(store.run({"ZADD", "sc", "abc", "x"}) == err(kScoreNotFloat));
  CHECK(store.run({"ZADD", "sc", "", "x"}) == err(kScoreNotFloat));
  CHECK(store.run({"ZADD", "sc", " 1", "x"}) == err(kScoreNotFloat));
  CHECK(store.run({"ZADD", "sc", "1 ", "x"}) == err(kScoreNotFloat));
  CHECK(store.run({"ZADD", "sc", "1", "ok", "nan", "bad"}) == err(kScoreNotFloat));
  CHECK(store.run({"ZSCORE", "sc", "ok"}) == nil());
  CHECK(store.run({"ZINCRBY", "sc", "1e400", "x"}) == err(kScoreNotFloat));
  CHECK(store.run({"ZINCRBY", "sc", " 1", "x"}) == err(kScoreNotFloat));
  CHECK(store.run({"ZINCRBY", "sc", "0x1", "hex"}) == number(17.0));
}

TEST_CASE("scores reach in-process callers as doubles, and RESP2 clients as %.17g strings") {
  Store store;
  CHECK(store.run({"ZADD", "sc", "0.1", "tenth", "1e20", "e20", "1.5e-7", "small", "-0", "negzero", "3.0", "three", "1e16", "e16", "1e17", "e17", "123456789012345678", "big", "5e-324", "denorm", "inf", "pinf", "-inf", "ninf"}) == integer(11));
  CHECK(store.run({"ZSCORE", "sc", "tenth"}) == number(0.1));
  CHECK(store.run({"ZSCORE", "sc", "three"}) == number(3.0));
  CHECK(store.run({"ZSCORE", "sc", "pinf"}) == number(kInf));
  CHECK(store.run({"ZMSCORE", "sc", "tenth", "nosuch", "ninf"}) == array({number(0.1), nil(), number(-kInf)}));
  CHECK(wire(store.run({"ZSCORE", "sc", "tenth"}), 2) == "$19\r\n0.10000000000000001\r\n");
  CHECK(wire(store.run({"ZSCORE", "sc", "e20"}), 2) == "$5\r\n1e+20\r\n");
  CHECK(wire(store.run({"ZSCORE", "sc", "small"}), 2) == "$22\r\n1.4999999999999999e-07\r\n");
  CHECK(wire(store.run({"ZSCORE", "sc", "negzero"}), 2) == "$1\r\n0\r\n");
  CHECK(wire(store.run({"ZSCORE", "sc", "three"}), 2) == "$1\r\n3\r\n");
  CHECK(wire(store.run({"ZSCORE", "sc", "e16"}), 2) == "$17\r\n10000000000000000\r\n");
  CHECK(wire(store.run({"ZSCORE", "sc", "e17"}), 2) == "$5\r\n1e+17\r\n");
  CHECK(wire(store.run({"ZSCORE", "sc", "big"}), 2) == "$22\r\n1.2345678901234568e+17\r\n");
  CHECK(wire(store.run({"ZSCORE", "sc", "denorm"}), 2) == "$23\r\n4.9406564584124654e-324\r\n");
  CHECK(wire(store.run({"ZSCORE", "sc", "pinf"}), 2) == "$3\r\ninf\r\n");
  CHECK(wire(store.run({"ZSCORE", "sc", "ninf"}), 2) == "$4\r\n-inf\r\n");
  CHECK(wire(store.run({"ZINCRBY", "sc", "0.2", "tenth"}), 2) == "$19\r\n0.30000000000000004\r\n");
  CHECK(wire(store.run({"ZADD", "sc", "INCR", "1", "three"}), 2) == "$1\r\n4\r\n");
  CHECK(wire(store.run({"ZSCORE", "sc", "nosuch"}), 2) == "$-1\r\n");
}

TEST_CASE("ZINCRBY creates, adds, and refuses a NaN result") {
  Store store;
  CHECK(store.run({"ZINCRBY", "zz", "1", "a"}) == number(1.0));
  CHECK(store.run({"ZINCRBY", "zz", "2.5", "a"}) == number(3.5));
  CHECK(store.run({"ZINCRBY", "zz", "-10", "b"}) == number(-10.0));
  CHECK(store.run({"ZRANGE", "zz", "0", "-1", "WITHSCORES"}) == scored({{"b", -10.0}, {"a", 3.5}}));
  CHECK(store.run({"ZADD", "zn", "inf", "x"}) == integer(1));
  CHECK(store.run({"ZINCRBY", "zn", "-inf", "x"}) == err(kScoreNaN));
  CHECK(store.run({"ZSCORE", "zn", "x"}) == number(kInf));
  CHECK(store.run({"ZINCRBY", "zn", "inf", "x"}) == number(kInf));
  CHECK(store.run({"ZADD", "big", "1e308", "x"}) == integer(1));
  CHECK(store.run({"ZINCRBY", "big", "1e308", "x"}) == number(kInf));
  CHECK(store.run({"ZINCRBY", "zz", "abc", "a"}) == err(kScoreNotFloat));
  CHECK(store.run({"ZINCRBY", "zz", "nan", "a"}) == err(kScoreNotFloat));
  CHECK(store.run({"ZINCRBY", "zz", "1"}) == arity_error("zincrby"));
  CHECK(store.run({"ZINCRBY", "zz", "1", "a", "b"}) == arity_error("zincrby"));
}

TEST_CASE("ZSCORE and ZMSCORE on missing members and keys") {
  Store store;
  CHECK(store.run({"ZADD", "z", "1", "a", "2", "b"}) == integer(2));
  CHECK(store.run({"ZSCORE", "z", "a"}) == number(1.0));
  CHECK(store.run({"ZSCORE", "z", "nosuch"}) == nil());
  CHECK(store.run({"ZSCORE", "nosuch", "a"}) == nil());
  CHECK(store.run({"ZMSCORE", "z", "a", "nosuch", "b"}) == array({number(1.0), nil(), number(2.0)}));
  CHECK(store.run({"ZMSCORE", "nosuch", "a", "b"}) == array({nil(), nil()}));
  CHECK(store.run({"ZMSCORE", "z", "nosuch"}) == array({nil()}));
  CHECK(store.run({"ZMSCORE", "z"}) == arity_error("zmscore"));
  CHECK(store.run({"ZSCORE", "z"}) == arity_error("zscore"));
  CHECK(store.run({"ZCARD"}) == arity_error("zcard"));
  CHECK(store.run({"ZCARD", "z", "z"}) == arity_error("zcard"));
}

// --- Ranks and ranges -------------------------------------------------------------------

TEST_CASE("ZRANK and ZREVRANK; equal scores order by member, byte by byte") {
  Store store;
  CHECK(store.run({"ZADD", "tie", "1", "b", "1", "a", "1", "c", "1", "B", "1", "", "1", "\000"sv, "1", "\377", "1", "aa", "0", "z", "2", "A"}) == integer(10));
  CHECK(store.run({"ZRANGE", "tie", "0", "-1"}) == bulks({"z", "", "\000"sv, "B", "a", "aa", "b", "c", "\377", "A"}));
  CHECK(store.run({"ZRANK", "tie", ""}) == integer(1));
  CHECK(store.run({"ZRANK", "tie", "\000"sv}) == integer(2));
  CHECK(store.run({"ZRANK", "tie", "\377"}) == integer(8));
  CHECK(store.run({"ZREVRANK", "tie", "\377"}) == integer(1));
  CHECK(store.run({"ZRANK", "tie", "A"}) == integer(9));
  CHECK(store.run({"ZREVRANK", "tie", "A"}) == integer(0));
  CHECK(store.run({"ZRANK", "tie", "nosuch"}) == nil());
  CHECK(store.run({"ZREVRANK", "tie", "nosuch"}) == nil());
  CHECK(store.run({"ZRANK", "nosuch", "a"}) == nil());
  CHECK(store.run({"ZREVRANK", "nosuch", "a"}) == nil());
  CHECK(store.run({"ZRANK", "tie", "a", "WITHSCORE"}) == arity_error("zrank"));
  CHECK(store.run({"ZRANK", "tie"}) == arity_error("zrank"));
}

TEST_CASE("ZRANGE by index, REV, WITHSCORES; ZREVRANGE") {
  Store store;
  CHECK(store.run({"ZADD", "r", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}) == integer(5));
  CHECK(store.run({"ZRANGE", "r", "0", "-1"}) == bulks({"a", "b", "c", "d", "e"}));
  CHECK(store.run({"ZRANGE", "r", "1", "3", "WITHSCORES"}) == scored({{"b", 2.0}, {"c", 3.0}, {"d", 4.0}}));
  CHECK(store.run({"ZRANGE", "r", "-2", "-1"}) == bulks({"d", "e"}));
  CHECK(store.run({"ZRANGE", "r", "-100", "100"}) == bulks({"a", "b", "c", "d", "e"}));
  CHECK(store.run({"ZRANGE", "r", "3", "1"}) == array({}));
  CHECK(store.run({"ZRANGE", "r", "5", "10"}) == array({}));
  CHECK(store.run({"ZRANGE", "r", "0", "-6"}) == array({}));
  CHECK(store.run({"ZRANGE", "r", "0", "-5"}) == bulks({"a"}));
  CHECK(store.run({"ZRANGE", "r", "9223372036854775807", "-9223372036854775808"}) == array({}));
  CHECK(store.run({"ZRANGE", "r", "-9223372036854775808", "9223372036854775807"}) == bulks({"a", "b", "c", "d", "e"}));
  CHECK(store.run({"ZRANGE", "r", "0", "1", "REV", "WITHSCORES"}) == scored({{"e", 5.0}, {"d", 4.0}}));
  CHECK(store.run({"ZRANGE", "r", "0", "-1", "withscores", "rev"}) == scored({{"e", 5.0}, {"d", 4.0}, {"c", 3.0}, {"b", 2.0}, {"a", 1.0}}));
  CHECK(store.run({"ZRANGE", "r", "0", "-1", "WITHSCORES", "WITHSCORES"}) == scored({{"a", 1.0}, {"b", 2.0}, {"c", 3.0}, {"d", 4.0}, {"e", 5.0}}));
  CHECK(store.run({"ZREVRANGE", "r", "0", "1", "WITHSCORES"}) == scored({{"e", 5.0}, {"d", 4.0}}));
  CHECK(store.run({"ZREVRANGE", "r", "-2", "-1"}) == bulks({"b", "a"}));
  CHECK(store.run({"ZRANGE", "nosuch", "0", "-1"}) == array({}));
  CHECK(store.run({"ZRANGE", "r", "abc", "1"}) == err(kNotInteger));
  CHECK(store.run({"ZRANGE", "r", "0", "1.5"}) == err(kNotInteger));
  CHECK(store.run({"ZRANGE", "r", "0", "-1", "FOO"}) == err(kSyntax));
  CHECK(store.run({"ZRANGE", "r", "0", "-1", "REV", "REV"}) == err(kSyntax));
  CHECK(store.run({"ZRANGE", "r", "0", "-1", "REV", "WITHSCORES", "REV"}) == err(kSyntax));
  CHECK(store.run({"ZRANGE", "r", "0", "-1", "LIMIT", "0", "1"}) == err(kLimitWithoutBy));
  CHECK(store.run({"ZREVRANGE", "r", "0", "-1", "LIMIT", "0", "1"}) == err(kLimitWithoutBy));
  // Redis tests LIMIT's count, not its presence: a count of -1 is taken, and ignored.
  CHECK(store.run({"ZRANGE", "r", "0", "-1", "LIMIT", "3", "-1"}) == bulks({"a", "b", "c", "d", "e"}));
  CHECK(store.run({"ZRANGE", "r", "0", "1", "LIMIT", "-5", "-1", "WITHSCORES"}) == scored({{"a", 1.0}, {"b", 2.0}}));
  CHECK(store.run({"ZREVRANGE", "r", "0", "1", "LIMIT", "1", "-1"}) == bulks({"e", "d"}));
  CHECK(store.run({"ZRANGE", "r", "1.5", "2", "LIMIT", "3", "-1", "REV"}) == err(kNotInteger));
  CHECK(store.run({"ZRANGE", "r", "0", "-1", "LIMIT", "0", "-2"}) == err(kLimitWithoutBy));
  CHECK(store.run({"ZREVRANGE", "r", "0", "-1", "REV"}) == err(kSyntax));
  CHECK(store.run({"ZRANGE", "r", "0"}) == arity_error("zrange"));
}

TEST_CASE("ZRANGE BYSCORE: inclusive and exclusive bounds, infinities, REV, LIMIT") {
  Store store;
  CHECK(store.run({"ZADD", "r", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}) == integer(5));
  CHECK(store.run({"ZRANGE", "r", "2", "4", "BYSCORE"}) == bulks({"b", "c", "d"}));
  CHECK(store.run({"ZRANGE", "r", "(2", "4", "BYSCORE"}) == bulks({"c", "d"}));
  CHECK(store.run({"ZRANGE", "r", "2", "(4", "BYSCORE"}) == bulks({"b", "c"}));
  CHECK(store.run({"ZRANGE", "r", "(2", "(4", "BYSCORE"}) == bulks({"c"}));
  CHECK(store.run({"ZRANGE", "r", "(2", "(3", "BYSCORE"}) == array({}));
  CHECK(store.run({"ZRANGE", "r", "2", "2", "BYSCORE"}) == bulks({"b"}));
  CHECK(store.run({"ZRANGE", "r", "4", "2", "BYSCORE"}) == array({}));
  CHECK(store.run({"ZRANGE", "r", "4", "2", "BYSCORE", "REV"}) == bulks({"d", "c", "b"}));
  CHECK(store.run({"ZRANGE", "r", "(4", "2", "BYSCORE", "REV", "WITHSCORES"}) == scored({{"c", 3.0}, {"b", 2.0}}));
  CHECK(store.run({"ZRANGE", "r", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "2"}) == bulks({"b", "c"}));
  CHECK(store.run({"ZRANGE", "r", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "-1"}) == bulks({"b", "c", "d", "e"}));
  CHECK(store.run({"ZRANGE", "r", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "0"}) == array({}));
  CHECK(store.run({"ZRANGE", "r", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "2"}) == array({}));
  CHECK(store.run({"ZRANGE", "r", "-inf", "+inf", "BYSCORE", "LIMIT", "10", "2"}) == array({}));
  CHECK(store.run({"ZRANGE", "r", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "1", "2", "WITHSCORES"}) == scored({{"d", 4.0}, {"c", 3.0}}));
  // Bounds are parsed more loosely than scores: 1e400 is inf, a leading space is fine.
  CHECK(store.run({"ZRANGE", "r", "1e400", "2", "BYSCORE", "REV"}) == bulks({"e", "d", "c", "b"}));
  CHECK(store.run({"ZRANGE", "r", " 1", "2", "BYSCORE"}) == bulks({"a", "b"}));
  CHECK(store.run({"ZRANGE", "r", "( 1", "2", "BYSCORE"}) == bulks({"b"}));
  CHECK(store.run({"ZRANGE", "r", "0x1", "2", "BYSCORE"}) == bulks({"a", "b"}));
  CHECK(store.run({"ZRANGE", "r", "x", "2", "BYSCORE"}) == err(kBoundNotFloat));
  CHECK(store.run({"ZRANGE", "r", "(", "2", "BYSCORE"}) == bulks({"a", "b"}));
  CHECK(store.run({"ZRANGE", "r", "((1", "2", "BYSCORE"}) == err(kBoundNotFloat));
  CHECK(store.run({"ZRANGE", "r", "nan", "2", "BYSCORE"}) == err(kBoundNotFloat));
  CHECK(store.run({"ZRANGE", "r", "1 ", "2", "BYSCORE"}) == err(kBoundNotFloat));
  CHECK(store.run({"ZRANGE", "r", "-inf", "+inf", "BYSCORE", "LIMIT", "1"}) == err(kSyntax));
  CHECK(store.run({"ZRANGE", "r", "-inf", "+inf", "BYSCORE", "LIMIT", "a", "1"}) == err(kNotInteger));
  CHECK(store.run({"ZRANGE", "r", "1", "2", "BYSCORE", "BYLEX"}) == err(kSyntax));
  CHECK(store.run({"ZRANGE", "r", "1", "2", "BYSCORE", "BYSCORE"}) == err(kSyntax));
  CHECK(store.run({"ZRANGEBYSCORE", "r", "1", "2", "BYSCORE"}) == err(kSyntax));
  CHECK(store.run({"ZREVRANGEBYSCORE", "r", "2", "1", "REV"}) == err(kSyntax));
  CHECK(store.run({"ZRANGEBYSCORE", "r", "(2", "4", "WITHSCORES"}) == scored({{"c", 3.0}, {"d", 4.0}}));
  CHECK(store.run({"ZRANGEBYSCORE", "r", "-inf", "+inf", "LIMIT", "1", "2", "WITHSCORES"}) == scored({{"b", 2.0}, {"c", 3.0}}));
  CHECK(store.run({"ZRANGEBYSCORE", "r", "-inf", "+inf", "REV"}) == err(kSyntax));
  CHECK(store.run({"ZRANGEBYSCORE", "r", "x", "1"}) == err(kBoundNotFloat));
  CHECK(store.run({"ZREVRANGEBYSCORE", "r", "4", "2"}) == bulks({"d", "c", "b"}));
  CHECK(store.run({"ZREVRANGEBYSCORE", "r", "2", "4"}) == array({}));
  CHECK(store.run({"ZREVRANGEBYSCORE", "r", "(4", "(2", "WITHSCORES"}) == scored({{"c", 3.0}}));
  CHECK(store.run({"ZREVRANGEBYSCORE", "r", "+inf", "-inf", "LIMIT", "1", "2"}) == bulks({"d", "c"}));
  CHECK(store.run({"ZRANGEBYSCORE", "nosuch", "x", "2"}) == err(kBoundNotFloat));
}

TEST_CASE("ZRANGE BYLEX and the lex commands on members of one score") {
  Store store;
  CHECK(store.run({"ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "", "0", "\000"sv, "0", "\377", "0", "aa"}) == integer(9));
  CHECK(store.run({"ZRANGE", "lex", "-", "+", "BYLEX"}) == bulks({"", "\000"sv, "a", "aa", "b", "c", "d", "e", "\377"}));
  CHECK(store.run({"ZRANGE", "lex", "+", "-", "BYLEX", "REV"}) == bulks({"\377", "e", "d", "c", "b", "aa", "a", "\000"sv, ""}));
  CHECK(store.run({"ZRANGE", "lex", "[b", "[d", "BYLEX"}) == bulks({"b", "c", "d"}));
  CHECK(store.run({"ZRANGE", "lex", "(b", "(d", "BYLEX"}) == bulks({"c"}));
  CHECK(store.run({"ZRANGE", "lex", "(a", "[aa", "BYLEX"}) == bulks({"aa"}));
  CHECK(store.run({"ZRANGE", "lex", "(a", "(a", "BYLEX"}) == array({}));
  CHECK(store.run({"ZRANGE", "lex", "[d", "[b", "BYLEX", "REV"}) == bulks({"d", "c", "b"}));
  CHECK(store.run({"ZRANGE", "lex", "-", "[c", "BYLEX", "LIMIT", "1", "2"}) == bulks({"\000"sv, "a"}));
  CHECK(store.run({"ZRANGE", "lex", "[", "[\000"sv, "BYLEX"}) == bulks({"", "\000"sv}));
  CHECK(store.run({"ZRANGE", "lex", "(", "+", "BYLEX"}) == bulks({"\000"sv, "a", "aa", "b", "c", "d", "e", "\377"}));
  CHECK(store.run({"ZRANGE", "lex", "(\377", "+", "BYLEX"}) == array({}));
  CHECK(store.run({"ZRANGE", "lex", "+", "-", "BYLEX"}) == array({}));
  CHECK(store.run({"ZRANGE", "lex", "-", "-", "BYLEX"}) == array({}));
  CHECK(store.run({"ZRANGE", "lex", "a", "b", "BYLEX"}) == err(kBoundNotLex));
  CHECK(store.run({"ZRANGE", "lex", "", "+", "BYLEX"}) == err(kBoundNotLex));
  CHECK(store.run({"ZRANGE", "lex", "-a", "+", "BYLEX"}) == err(kBoundNotLex));
  CHECK(store.run({"ZRANGE", "lex", "-", "+", "BYLEX", "WITHSCORES"}) == err(kWithscoresByLex));
  CHECK(store.run({"ZRANGE", "lex", "-", "+", "BYLEX", "BYSCORE"}) == err(kSyntax));
  CHECK(store.run({"ZRANGE", "lex", "-", "+", "BYLEX", "BYLEX"}) == err(kSyntax));
  CHECK(store.run({"ZRANGEBYLEX", "lex", "-", "+", "BYLEX"}) == err(kSyntax));
  // An invalid range is reported even for a missing key.
  CHECK(store.run({"ZRANGE", "nosuch", "a", "b", "BYLEX"}) == err(kBoundNotLex));
  CHECK(store.run({"ZRANGEBYLEX", "lex", "[b", "(d"}) == bulks({"b", "c"}));
  CHECK(store.run({"ZRANGEBYLEX", "lex", "-", "+", "LIMIT", "1", "3"}) == bulks({"\000"sv, "a", "aa"}));
  CHECK(store.run({"ZRANGEBYLEX", "lex", "-", "+", "WITHSCORES"}) == err(kWithscoresByLex));
  CHECK(store.run({"ZREVRANGEBYLEX", "lex", "(d", "[b"}) == bulks({"c", "b"}));
  CHECK(store.run({"ZREVRANGEBYLEX", "lex", "+", "-", "LIMIT", "1", "2"}) == bulks({"e", "d"}));
  CHECK(store.run({"ZREVRANGEBYLEX", "lex", "-", "+"}) == array({}));
  CHECK(store.run({"ZLEXCOUNT", "lex", "-", "+"}) == integer(9));
  CHECK(store.run({"ZLEXCOUNT", "lex", "[b", "[d"}) == integer(3));
  CHECK(store.run({"ZLEXCOUNT", "lex", "(b", "(d"}) == integer(1));
  CHECK(store.run({"ZLEXCOUNT", "lex", "[d", "[b"}) == integer(0));
  CHECK(store.run({"ZLEXCOUNT", "lex", "[\377", "+"}) == integer(1));
  CHECK(store.run({"ZLEXCOUNT", "lex", "[a", "b"}) == err(kBoundNotLex));
  CHECK(store.run({"ZLEXCOUNT", "nosuch", "-", "+"}) == integer(0));
  CHECK(store.run({"ZLEXCOUNT", "nosuch", "a", "b"}) == err(kBoundNotLex));
  CHECK(store.run({"ZLEXCOUNT", "lex", "-"}) == arity_error("zlexcount"));
}

TEST_CASE("ZCOUNT") {
  Store store;
  CHECK(store.run({"ZADD", "r", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}) == integer(5));
  CHECK(store.run({"ZCOUNT", "r", "2", "4"}) == integer(3));
  CHECK(store.run({"ZCOUNT", "r", "(2", "4"}) == integer(2));
  CHECK(store.run({"ZCOUNT", "r", "(2", "(4"}) == integer(1));
  CHECK(store.run({"ZCOUNT", "r", "4", "2"}) == integer(0));
  CHECK(store.run({"ZCOUNT", "r", "(3", "(3"}) == integer(0));
  CHECK(store.run({"ZCOUNT", "r", "3", "3"}) == integer(1));
  CHECK(store.run({"ZCOUNT", "r", "-inf", "+inf"}) == integer(5));
  CHECK(store.run({"ZCOUNT", "r", "x", "1"}) == err(kBoundNotFloat));
  CHECK(store.run({"ZCOUNT", "r", "1", "(x"}) == err(kBoundNotFloat));
  CHECK(store.run({"ZCOUNT", "nosuch", "1", "2"}) == integer(0));
  CHECK(store.run({"ZCOUNT", "nosuch", "x", "2"}) == err(kBoundNotFloat));
  CHECK(store.run({"ZCOUNT", "r", "1"}) == arity_error("zcount"));
}

TEST_CASE("ZRANGESTORE stores a range with its scores, and deletes the destination for an empty one") {
  Store store;
  CHECK(store.run({"ZADD", "r", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}) == integer(5));
  CHECK(store.run({"ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d"}) == integer(4));
  CHECK(store.run({"SET", "str", "v"}) == ok());
  CHECK(store.run({"ZRANGESTORE", "dst", "r", "1", "2", "REV"}) == integer(2));
  CHECK(store.run({"ZRANGE", "dst", "0", "-1", "WITHSCORES"}) == scored({{"c", 3.0}, {"d", 4.0}}));
  CHECK(store.run({"ZRANGESTORE", "dst", "r", "(2", "+inf", "BYSCORE", "LIMIT", "1", "2"}) == integer(2));
  CHECK(store.run({"ZRANGE", "dst", "0", "-1", "WITHSCORES"}) == scored({{"d", 4.0}, {"e", 5.0}}));
  CHECK(store.run({"ZRANGESTORE", "dst", "lex", "[b", "[d", "BYLEX"}) == integer(3));
  CHECK(store.run({"ZRANGE", "dst", "0", "-1", "WITHSCORES"}) == scored({{"b", 0.0}, {"c", 0.0}, {"d", 0.0}}));
  CHECK(store.run({"ZRANGESTORE", "dst", "r", "10", "20"}) == integer(0));
  CHECK(store.run({"EXISTS", "dst"}) == integer(0));
  CHECK(store.run({"ZRANGESTORE", "dst", "nosuch", "0", "-1"}) == integer(0));
  // The destination's old type does not matter.
  CHECK(store.run({"ZRANGESTORE", "str", "r", "0", "0"}) == integer(1));
  CHECK(store.run({"TYPE", "str"}) == simple("zset"));
  CHECK(store.run({"ZRANGESTORE", "r", "r", "0", "1"}) == integer(2));
  CHECK(store.run({"ZRANGE", "r", "0", "-1", "WITHSCORES"}) == scored({{"a", 1.0}, {"b", 2.0}}));
  CHECK(store.run({"ZRANGESTORE", "dst", "r", "0", "-1", "WITHSCORES"}) == err(kSyntax));
  CHECK(store.run({"ZRANGESTORE", "dst", "r", "0", "-1", "REV", "REV"}) == err(kSyntax));
  CHECK(store.run({"ZRANGESTORE", "dst", "r", "1", "2", "BYSCORE", "BYLEX"}) == err(kSyntax));
  CHECK(store.run({"ZRANGESTORE", "dst", "r", "0", "-1", "LIMIT", "0", "1"}) == err(kLimitWithoutBy));
  CHECK(store.run({"ZRANGESTORE", "dst", "r", "0", "-1", "LIMIT", "1", "-1"}) == integer(2));
  CHECK(store.run({"ZRANGESTORE", "dst", "r", "0"}) == arity_error("zrangestore"));
}

// --- Removing -----------------------------------------------------------------------------

TEST_CASE("ZREM and the ZREMRANGEBY family; the last member takes the key with it") {
  Store store;
  CHECK(store.run({"ZADD", "rm", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f", "7", "g"}) == integer(7));
  CHECK(store.run({"ZREM", "rm", "a", "nosuch"}) == integer(1));
  CHECK(store.run({"ZREM", "rm", "b", "b"}) == integer(1));
  CHECK(store.run({"ZREM", "nosuch", "a"}) == integer(0));
  CHECK(store.run({"ZREMRANGEBYRANK", "rm", "0", "0"}) == integer(1));
  CHECK(store.run({"ZREMRANGEBYRANK", "rm", "-1", "-1"}) == integer(1));
  CHECK(store.run({"ZREMRANGEBYRANK", "rm", "-2", "100"}) == integer(2));
  CHECK(store.run({"ZRANGE", "rm", "0", "-1"}) == bulks({"d"}));
  CHECK(store.run({"ZREMRANGEBYRANK", "rm", "5", "10"}) == integer(0));
  CHECK(store.run({"ZREMRANGEBYRANK", "rm", "1", "0"}) == integer(0));
  CHECK(store.run({"ZREMRANGEBYRANK", "rm", "-100", "-50"}) == integer(0));
  CHECK(store.run({"ZREMRANGEBYRANK", "rm", "a", "1"}) == err(kNotInteger));
  CHECK(store.run({"ZREMRANGEBYRANK", "rm", "0", "-1"}) == integer(1));
  CHECK(store.run({"EXISTS", "rm"}) == integer(0));
  CHECK(store.run({"ZADD", "rm", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}) == integer(5));
  CHECK(store.run({"ZREMRANGEBYSCORE", "rm", "(1", "(3"}) == integer(1));
  CHECK(store.run({"ZREMRANGEBYSCORE", "rm", "4", "3"}) == integer(0));
  CHECK(store.run({"ZREMRANGEBYSCORE", "rm", "x", "1"}) == err(kBoundNotFloat));
  CHECK(store.run({"ZREMRANGEBYSCORE", "rm", "(4", "+inf"}) == integer(1));
  CHECK(store.run({"ZRANGE", "rm", "0", "-1", "WITHSCORES"}) == scored({{"a", 1.0}, {"c", 3.0}, {"d", 4.0}}));
  CHECK(store.run({"ZREMRANGEBYSCORE", "nosuch", "x", "2"}) == err(kBoundNotFloat));
  CHECK(store.run({"ZREMRANGEBYSCORE", "rm", "-inf", "+inf"}) == integer(3));
  CHECK(store.run({"EXISTS", "rm"}) == integer(0));
  CHECK(store.run({"ZADD", "rml", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e"}) == integer(5));
  CHECK(store.run({"ZREMRANGEBYLEX", "rml", "[b", "(d"}) == integer(2));
  CHECK(store.run({"ZREMRANGEBYLEX", "rml", "a", "b"}) == err(kBoundNotLex));
  CHECK(store.run({"ZREMRANGEBYLEX", "nosuch", "a", "b"}) == err(kBoundNotLex));
  CHECK(store.run({"ZREMRANGEBYLEX", "rml", "-", "+"}) == integer(3));
  CHECK(store.run({"EXISTS", "rml"}) == integer(0));
  CHECK(store.run({"ZREM", "rm"}) == arity_error("zrem"));
}

TEST_CASE("ZPOPMIN and ZPOPMAX, with and without a count") {
  Store store;
  CHECK(store.run({"ZADD", "p", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}) == integer(5));
  CHECK(store.run({"ZPOPMIN", "p"}) == array({bulk("a"), number(1.0)}));
  CHECK(store.run({"ZPOPMAX", "p"}) == array({bulk("e"), number(5.0)}));
  CHECK(store.run({"ZPOPMIN", "p", "2"}) == scored({{"b", 2.0}, {"c", 3.0}}));
  CHECK(store.run({"ZPOPMAX", "p", "0"}) == array({}));
  CHECK(store.run({"ZPOPMIN", "p", "-1"}) == err(kMustBePositive));
  CHECK(store.run({"ZPOPMIN", "p", "abc"}) == err(kMustBePositive));
  CHECK(store.run({"ZPOPMIN", "p", "1.5"}) == err(kMustBePositive));
  CHECK(store.run({"ZPOPMIN", "p", "1", "2"}) == err(kSyntax));
  CHECK(store.run({"ZPOPMAX", "p", "100"}) == scored({{"d", 4.0}}));
  CHECK(store.run({"EXISTS", "p"}) == integer(0));
  // A missing key: an empty array, not nil.
  CHECK(store.run({"ZPOPMIN", "p"}) == array({}));
  CHECK(store.run({"ZPOPMIN", "p", "1"}) == array({}));
  CHECK(store.run({"ZPOPMIN", "nosuch", "-1"}) == err(kMustBePositive));
  CHECK(store.run({"ZPOPMIN"}) == arity_error("zpopmin"));
}

TEST_CASE("ZMPOP pops from the first non-empty key") {
  Store store;
  CHECK(store.run({"ZADD", "mp1", "1", "a", "2", "b", "3", "c"}) == integer(3));
  CHECK(store.run({"ZADD", "mp2", "10", "x"}) == integer(1));
  CHECK(store.run({"SET", "str", "v"}) == ok());
  CHECK(store.run({"ZMPOP", "1", "mp1", "MIN"}) == array({bulk("mp1"), scored({{"a", 1.0}})}));
  CHECK(store.run({"ZMPOP", "1", "mp1", "MAX"}) == array({bulk("mp1"), scored({{"c", 3.0}})}));
  CHECK(store.run({"ZMPOP", "2", "nosuch", "mp2", "MAX", "COUNT", "5"}) == array({bulk("mp2"), scored({{"x", 10.0}})}));
  CHECK(store.run({"ZMPOP", "2", "nosuch", "mp1", "min", "count", "10"}) == array({bulk("mp1"), scored({{"b", 2.0}})}));
  CHECK(store.run({"EXISTS", "mp1", "mp2"}) == integer(0));
  CHECK(store.run({"ZMPOP", "2", "nosuch", "nosuch2", "MAX", "COUNT", "3"}) == nil());
  CHECK(store.run({"ZADD", "mp1", "1", "a", "2", "b", "3", "c"}) == integer(3));
  CHECK(store.run({"ZMPOP", "1", "mp1", "MIN", "COUNT", "2"}) == array({bulk("mp1"), scored({{"a", 1.0}, {"b", 2.0}})}));
  // Keys after the first non-empty one are not looked at.
  CHECK(store.run({"ZMPOP", "2", "mp1", "str", "MIN"}) == array({bulk("mp1"), scored({{"c", 3.0}})}));
  CHECK(store.run({"ZMPOP", "2", "nosuch", "str", "MIN"}) == err(kWrongType));
  CHECK(store.run({"ZMPOP", "1", "mp1", "MIN", "COUNT", "0"}) == err(kCountNotAboveZero));
  CHECK(store.run({"ZMPOP", "1", "mp1", "MIN", "COUNT", "-1"}) == err(kCountNotAboveZero));
  CHECK(store.run({"ZMPOP", "1", "mp1", "MIN", "COUNT", "abc"}) == err(kCountNotAboveZero));
  CHECK(store.run({"ZMPOP", "1", "mp1", "MIN", "COUNT"}) == err(kSyntax));
  CHECK(store.run({"ZMPOP", "1", "mp1", "MIN", "COUNT", "1", "COUNT", "1"}) == err(kSyntax));
  CHECK(store.run({"ZMPOP", "1", "mp1", "MIDDLE"}) == err(kSyntax));
  CHECK(store.run({"ZMPOP", "0", "mp1", "MIN"}) == err(kNumkeysNotPositive));
  CHECK(store.run({"ZMPOP", "-1", "mp1", "MIN"}) == err(kNumkeysNotPositive));
  CHECK(store.run({"ZMPOP", "abc", "mp1", "MIN"}) == err(kNumkeysNotPositive));
  CHECK(store.run({"ZMPOP", "2", "mp1", "MIN"}) == err(kSyntax));
  CHECK(store.run({"ZMPOP", "1", "mp1"}) == arity_error("zmpop"));
}
