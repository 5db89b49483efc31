// The sorted-set family across keys and types: ZUNION/ZINTER/ZDIFF (and
// STORE), ZINTERCARD, ZRANDMEMBER where it is determined, ZSCAN, binary
// members, WRONGTYPE both ways, keyspace commands on a zset, and the
// listpack/skiplist conversions. Expected replies are redis-server 7.0's
// (RESP3; wire() for RESP2 bytes).

#include <cmath>

#include "harness.hpp"

using namespace test;

// --- ZUNION, ZINTER, ZDIFF and their STORE forms -----------------------------------------

TEST_CASE("ZUNION: sums by default, WEIGHTS and AGGREGATE, plain sets count as score 1") {
  Store store;
  CHECK(store.run({"ZADD", "za", "1", "a", "2", "b", "3", "c"}) == integer(3));
  CHECK(store.run({"ZADD", "zb", "10", "b", "20", "c", "30", "d"}) == integer(3));
  CHECK(store.run({"ZADD", "zc", "100", "c", "200", "d", "300", "e"}) == integer(3));
  CHECK(store.run({"SADD", "sa", "a", "b", "x"}) == integer(3));
  CHECK(store.run({"ZUNION", "2", "za", "zb"}) == bulks({"a", "b", "c", "d"}));
  CHECK(store.run({"ZUNION", "3", "za", "zb", "zc", "WITHSCORES"}) == scored({{"a", 1.0}, {"b", 12.0}, {"c", 123.0}, {"d", 230.0}, {"e", 300.0}}));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "WEIGHTS", "2", "3", "WITHSCORES"}) == scored({{"a", 2.0}, {"b", 34.0}, {"c", 66.0}, {"d", 90.0}}));
  // The result is ordered by score, then member.
  CHECK(store.run({"ZUNION", "2", "za", "zb", "WEIGHTS", "1", "-1", "WITHSCORES"}) == scored({{"d", -30.0}, {"c", -17.0}, {"b", -8.0}, {"a", 1.0}}));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "AGGREGATE", "MIN", "WITHSCORES"}) == scored({{"a", 1.0}, {"b", 2.0}, {"c", 3.0}, {"d", 30.0}}));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "AGGREGATE", "MAX", "WITHSCORES"}) == scored({{"a", 1.0}, {"b", 10.0}, {"c", 20.0}, {"d", 30.0}}));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "AGGREGATE", "MIN", "WEIGHTS", "2", "1", "WITHSCORES"}) == scored({{"a", 2.0}, {"b", 4.0}, {"c", 6.0}, {"d", 30.0}}));
  CHECK(store.run({"ZUNION", "2", "za", "sa", "WITHSCORES"}) == scored({{"x", 1.0}, {"a", 2.0}, {"b", 3.0}, {"c", 3.0}}));
  CHECK(store.run({"ZUNION", "2", "sa", "za", "WEIGHTS", "5", "1", "WITHSCORES"}) == scored({{"c", 3.0}, {"x", 5.0}, {"a", 6.0}, {"b", 7.0}}));
  CHECK(store.run({"ZUNION", "2", "za", "za", "WITHSCORES"}) == scored({{"a", 2.0}, {"b", 4.0}, {"c", 6.0}}));
  CHECK(store.run({"ZUNION", "2", "za", "nosuch", "WITHSCORES"}) == scored({{"a", 1.0}, {"b", 2.0}, {"c", 3.0}}));
  CHECK(store.run({"ZUNION", "1", "nosuch", "WITHSCORES"}) == array({}));
  // inf * weight and inf + -inf: Redis turns the NaN into 0.
  CHECK(store.run({"ZUNION", "2", "za", "zb", "WEIGHTS", "inf", "1", "WITHSCORES"}) == scored({{"d", 30.0}, {"a", kInf}, {"b", kInf}, {"c", kInf}}));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "WEIGHTS", "inf", "-inf", "WITHSCORES"}) == scored({{"d", -kInf}, {"b", 0.0}, {"c", 0.0}, {"a", kInf}}));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "WEIGHTS", "0.1", "0.2", "WITHSCORES"}) == scored({{"a", 0.1}, {"b", 2.2}, {"c", 4.3}, {"d", 6.0}}));
  // A repeated option: the last one counts.
  CHECK(store.run({"ZUNION", "2", "za", "zb", "WEIGHTS", "1", "2", "WEIGHTS", "3", "4", "WITHSCORES"}) == scored({{"a", 3.0}, {"b", 46.0}, {"c", 89.0}, {"d", 120.0}}));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "AGGREGATE", "MIN", "AGGREGATE", "MAX", "WITHSCORES"}) == scored({{"a", 1.0}, {"b", 10.0}, {"c", 20.0}, {"d", 30.0}}));
  CHECK(store.run({"ZUNION", "0", "za"}) == err("ERR at least 1 input key is needed for 'zunion' command"));
  CHECK(store.run({"ZUNION", "-1", "za"}) == err("ERR at least 1 input key is needed for 'zunion' command"));
  CHECK(store.run({"ZUNION", "abc", "za"}) == err(kNotInteger));
  CHECK(store.run({"ZUNION", "3", "za", "zb"}) == err(kSyntax));
  CHECK(store.run({"ZUNION", "9223372036854775807", "za"}) == err(kSyntax));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "WEIGHTS", "1"}) == err(kSyntax));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "WEIGHTS", "1", "2", "3"}) == err(kSyntax));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "WEIGHTS", "1", "x"}) == err(kWeightNotFloat));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "WEIGHTS", "1", "nan"}) == err(kWeightNotFloat));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "WEIGHTS", "1", "1e400"}) == err(kWeightNotFloat));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "WEIGHTS", "1", " 1"}) == err(kWeightNotFloat));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "AGGREGATE", "AVG"}) == err(kSyntax));
  CHECK(store.run({"ZUNION", "2", "za", "zb", "AGGREGATE"}) == err(kSyntax));
  CHECK(store.run({"ZUNION", "1"}) == arity_error("zunion"));
}

TEST_CASE("ZINTER and ZDIFF") {
  Store store;
  CHECK(store.run({"ZADD", "za", "1", "a", "2", "b", "3", "c"}) == integer(3));
  CHECK(store.run({"ZADD", "zb", "10", "b", "20", "c", "30", "d"}) == integer(3));
  CHECK(store.run({"ZADD", "zc", "100", "c", "200", "d", "300", "e"}) == integer(3));
  CHECK(store.run({"SADD", "sa", "a", "b", "x"}) == integer(3));
  CHECK(store.run({"ZINTER", "2", "za", "zb"}) == bulks({"b", "c"}));
  CHECK(store.run({"ZINTER", "2", "zb", "za", "WITHSCORES"}) == scored({{"b", 12.0}, {"c", 23.0}}));
  CHECK(store.run({"ZINTER", "3", "za", "zb", "zc", "WITHSCORES"}) == scored({{"c", 123.0}}));
  CHECK(store.run({"ZINTER", "2", "za", "zb", "WEIGHTS", "2", "3", "WITHSCORES"}) == scored({{"b", 34.0}, {"c", 66.0}}));
  CHECK(store.run({"ZINTER", "2", "za", "zb", "AGGREGATE", "MAX", "WITHSCORES"}) == scored({{"b", 10.0}, {"c", 20.0}}));
  CHECK(store.run({"ZINTER", "2", "sa", "za", "WITHSCORES"}) == scored({{"a", 2.0}, {"b", 3.0}}));
  CHECK(store.run({"ZINTER", "2", "za", "nosuch"}) == array({}));
  CHECK(store.run({"ZINTER", "0", "za"}) == err("ERR at least 1 input key is needed for 'zinter' command"));
  CHECK(store.run({"ZINTER", "2", "za"}) == err(kSyntax));
  CHECK(store.run({"ZINTER", "2", "za", "zb", "LIMIT", "1"}) == err(kSyntax));
  CHECK(store.run({"ZDIFF", "2", "za", "zb"}) == bulks({"a"}));
  CHECK(store.run({"ZDIFF", "3", "zc", "za", "zb", "WITHSCORES"}) == scored({{"e", 300.0}}));
  CHECK(store.run({"ZDIFF", "2", "za", "sa", "WITHSCORES"}) == scored({{"c", 3.0}}));
  CHECK(store.run({"ZDIFF", "2", "sa", "za", "WITHSCORES"}) == scored({{"x", 1.0}}));
  CHECK(store.run({"ZDIFF", "1", "za", "WITHSCORES"}) == scored({{"a", 1.0}, {"b", 2.0}, {"c", 3.0}}));
  CHECK(store.run({"ZDIFF", "2", "nosuch", "za"}) == array({}));
  CHECK(store.run({"ZDIFF", "2", "za", "za"}) == array({}));
  CHECK(store.run({"ZDIFF", "0", "za"}) == err("ERR at least 1 input key is needed for 'zdiff' command"));
  CHECK(store.run({"ZDIFF", "2", "za", "zb", "WEIGHTS", "1", "2"}) == err(kSyntax));
  CHECK(store.run({"ZDIFF", "2", "za", "zb", "AGGREGATE", "MIN"}) == err(kSyntax));
}

TEST_CASE("the inputs are added smallest set first, whatever the argument order") {
  Store store;
  CHECK(store.run({"ZADD", "A", "1e16", "m"}) == integer(1));
  CHECK(store.run({"ZADD", "B", "-1e16", "m", "0", "p"}) == integer(2));
  CHECK(store.run({"ZADD", "C", "1", "m", "0", "q", "0", "r"}) == integer(3));
  CHECK(store.run({"ZADD", "A2", "1e16", "m", "0", "a1", "0", "a2", "0", "a3"}) == integer(4));
  CHECK(store.run({"ZADD", "B2", "-1e16", "m"}) == integer(1));
  CHECK(store.run({"ZADD", "C2", "1", "m", "0", "q"}) == integer(2));
  CHECK(store.run({"ZADD", "third", "1", "x", "2", "y"}) == integer(2));
  CHECK(store.run({"ZADD", "t1", "0.1", "m", "1", "n"}) == integer(2));
  CHECK(store.run({"ZADD", "t2", "0.2", "m", "2", "n"}) == integer(2));
  CHECK(store.run({"ZADD", "t3", "0.3", "m", "3", "n", "0.7", "o"}) == integer(3));
  // (1e16 + -1e16) + 1 = 1 but (-1e16 + 1) + 1e16 = 0: the order shows.
  CHECK(store.run({"ZUNION", "3", "A", "B", "C", "WITHSCORES"}) == scored({{"p", 0.0}, {"q", 0.0}, {"r", 0.0}, {"m", 1.0}}));
  CHECK(store.run({"ZUNION", "3", "C", "B", "A", "WITHSCORES"}) == scored({{"p", 0.0}, {"q", 0.0}, {"r", 0.0}, {"m", 1.0}}));
  CHECK(store.run({"ZINTER", "3", "C", "A", "B", "WITHSCORES"}) == scored({{"m", 1.0}}));
  CHECK(store.run({"ZINTER", "3", "A2", "B2", "C2", "WITHSCORES"}) == scored({{"m", 0.0}}));
  CHECK(store.run({"ZINTER", "3", "A2", "C2", "B2", "WEIGHTS", "1", "2", "1", "WITHSCORES"}) == scored({{"m", 2.0}}));
  CHECK(store.run({"ZUNIONSTORE", "d", "3", "A2", "C2", "B2"}) == integer(5));
  CHECK(store.run({"ZSCORE", "d", "m"}) == number(0.0));
  // Sums of thirds, as Redis rounds them.
  CHECK(store.run({"ZUNION", "1", "third", "WEIGHTS", "0.3333333333333333", "WITHSCORES"}) == scored({{"x", 0.3333333333333333}, {"y", 0.6666666666666666}}));
  CHECK(wire(store.run({"ZUNIONSTORE", "d", "1", "third", "WEIGHTS", "0.3333333333333333"}), 2) == ":2\r\n");
  CHECK(wire(store.run({"ZSCORE", "d", "x"}), 2) == "$19\r\n0.33333333333333331\r\n");
  CHECK(wire(store.run({"ZSCORE", "d", "y"}), 2) == "$19\r\n0.66666666666666663\r\n");
  CHECK(store.run({"ZUNION", "3", "t1", "t2", "t3", "WITHSCORES"}) == scored({{"m", 0.6000000000000001}, {"o", 0.7}, {"n", 6.0}}));
  CHECK(store.run({"ZUNION", "3", "t1", "t2", "t3", "WEIGHTS", "0.3333333333333333", "0.3333333333333333", "0.3333333333333333", "WITHSCORES"}) == scored({{"m", 0.2}, {"o", 0.2333333333333333}, {"n", 2.0}}));
}

TEST_CASE("the STORE forms replace the destination, and delete it for an empty result") {
  Store store;
  CHECK(store.run({"ZADD", "za", "1", "a", "2", "b", "3", "c"}) == integer(3));
  CHECK(store.run({"ZADD", "zb", "10", "b", "20", "c", "30", "d"}) == integer(3));
  CHECK(store.run({"SADD", "sa", "a", "b", "x"}) == integer(3));
  CHECK(store.run({"SET", "str", "v"}) == ok());
  CHECK(store.run({"ZUNIONSTORE", "d", "2", "za", "zb", "WEIGHTS", "1", "2", "AGGREGATE", "MAX"}) == integer(4));
  CHECK(store.run({"ZRANGE", "d", "0", "-1", "WITHSCORES"}) == scored({{"a", 1.0}, {"b", 20.0}, {"c", 40.0}, {"d", 60.0}}));
  CHECK(store.run({"ZINTERSTORE", "d", "2", "za", "zb", "AGGREGATE", "MIN", "WEIGHTS", "1", "0.5"}) == integer(2));
  CHECK(store.run({"ZRANGE", "d", "0", "-1", "WITHSCORES"}) == scored({{"b", 2.0}, {"c", 3.0}}));
  CHECK(store.run({"ZINTERSTORE", "d", "2", "za", "sa"}) == integer(2));
  CHECK(store.run({"ZRANGE", "d", "0", "-1", "WITHSCORES"}) == scored({{"a", 2.0}, {"b", 3.0}}));
  CHECK(store.run({"ZDIFFSTORE", "d", "2", "za", "zb"}) == integer(1));
  CHECK(store.run({"ZRANGE", "d", "0", "-1", "WITHSCORES"}) == scored({{"a", 1.0}}));
  CHECK(store.run({"ZDIFFSTORE", "d", "2", "za", "za"}) == integer(0));
  CHECK(store.run({"EXISTS", "d"}) == integer(0));
  CHECK(store.run({"ZUNIONSTORE", "d", "2", "nosuch", "nosuch2"}) == integer(0));
  CHECK(store.run({"EXISTS", "d"}) == integer(0));
  CHECK(store.run({"ZUNIONSTORE", "str", "1", "za"}) == integer(3));
  CHECK(store.run({"TYPE", "str"}) == simple("zset"));
  CHECK(store.run({"ZUNIONSTORE", "za", "2", "za", "zb"}) == integer(4));
  CHECK(store.run({"ZRANGE", "za", "0", "-1", "WITHSCORES"}) == scored({{"a", 1.0}, {"b", 12.0}, {"c", 23.0}, {"d", 30.0}}));
  CHECK(store.run({"ZUNIONSTORE", "d", "2", "za", "zb", "WITHSCORES"}) == err(kSyntax));
  CHECK(store.run({"ZDIFFSTORE", "d", "2", "za", "zb", "WEIGHTS", "1", "1"}) == err(kSyntax));
  CHECK(store.run({"ZUNIONSTORE", "d", "0", "za"}) == err("ERR at least 1 input key is needed for 'zunionstore' command"));
  CHECK(store.run({"ZINTERSTORE", "d", "0", "za"}) == err("ERR at least 1 input key is needed for 'zinterstore' command"));
  CHECK(store.run({"ZDIFFSTORE", "d", "0", "za"}) == err("ERR at least 1 input key is needed for 'zdiffstore' command"));
  CHECK(store.run({"ZUNIONSTORE", "d"}) == arity_error("zunionstore"));
}

TEST_CASE("ZINTERCARD") {
  Store store;
  CHECK(store.run({"ZADD", "za", "1", "a", "2", "b", "3", "c"}) == integer(3));
  CHECK(store.run({"ZADD", "zb", "10", "b", "20", "c", "30", "d"}) == integer(3));
  CHECK(store.run({"SADD", "sa", "a", "b", "x"}) == integer(3));
  CHECK(store.run({"ZINTERCARD", "2", "za", "zb"}) == integer(2));
  CHECK(store.run({"ZINTERCARD", "2", "za", "zb", "LIMIT", "1"}) == integer(1));
  CHECK(store.run({"ZINTERCARD", "2", "za", "zb", "LIMIT", "0"}) == integer(2));
  CHECK(store.run({"ZINTERCARD", "2", "za", "zb", "LIMIT", "100"}) == integer(2));
  CHECK(store.run({"ZINTERCARD", "2", "za", "sa"}) == integer(2));
  CHECK(store.run({"ZINTERCARD", "1", "za"}) == integer(3));
  CHECK(store.run({"ZINTERCARD", "2", "za", "nosuch"}) == integer(0));
  CHECK(store.run({"ZINTERCARD", "0", "za"}) == err("ERR at least 1 input key is needed for 'zintercard' command"));
  CHECK(store.run({"ZINTERCARD", "abc", "za"}) == err(kNotInteger));
  CHECK(store.run({"ZINTERCARD", "3", "za", "zb"}) == err(kSyntax));
  CHECK(store.run({"ZINTERCARD", "2", "za", "zb", "LIMIT", "-1"}) == err("ERR LIMIT can't be negative"));
  CHECK(store.run({"ZINTERCARD", "2", "za", "zb", "LIMIT", "abc"}) == err("ERR LIMIT can't be negative"));
  CHECK(store.run({"ZINTERCARD", "2", "za", "zb", "LIMIT"}) == err(kSyntax));
  CHECK(store.run({"ZINTERCARD", "1"}) == arity_error("zintercard"));
}

// --- ZRANDMEMBER, ZSCAN ---------------------------------------------------------------------

TEST_CASE("ZRANDMEMBER where its answer is determined") {
  Store store;
  CHECK(store.run({"ZADD", "one", "7", "only"}) == integer(1));
  CHECK(store.run({"ZRANDMEMBER", "one"}) == bulk("only"));
  CHECK(store.run({"ZRANDMEMBER", "one", "1", "WITHSCORES"}) == scored({{"only", 7.0}}));
  CHECK(store.run({"ZRANDMEMBER", "one", "-3", "WITHSCORES"}) == scored({{"only", 7.0}, {"only", 7.0}, {"only", 7.0}}));
  CHECK(store.run({"ZRANDMEMBER", "one", "0"}) == array({}));
  CHECK(store.run({"ZRANDMEMBER", "nosuch"}) == nil());
  CHECK(store.run({"ZRANDMEMBER", "nosuch", "5"}) == array({}));
  CHECK(store.run({"ZRANDMEMBER", "nosuch", "-5", "WITHSCORES"}) == array({}));
  CHECK(store.run({"ZRANDMEMBER", "one", "abc"}) == err(kNotInteger));
  CHECK(store.run({"ZRANDMEMBER", "one", "-9223372036854775808"}) == err("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"));
  CHECK(store.run({"ZRANDMEMBER", "one", "-9223372036854775807", "WITHSCORES"}) == err("ERR value is out of range"));
  CHECK(store.run({"ZRANDMEMBER", "one", "1", "WITHSCORES", "x"}) == err(kSyntax));
  CHECK(store.run({"ZRANDMEMBER", "one", "1", "FOO"}) == err(kSyntax));
}

TEST_CASE("ZSCAN of a small sorted set returns it whole, in order, with scores as strings") {
  Store store;
  CHECK(store.run({"ZADD", "r", "1", "a", "2.5", "b", "3", "c", "inf", "d"}) == integer(4));
  CHECK(store.run({"ZSCAN", "r", "0"}) == array({bulk("0"), bulks({"a", "1", "b", "2.5", "c", "3", "d", "inf"})}));
  CHECK(store.run({"ZSCAN", "r", "0", "COUNT", "1"}) == array({bulk("0"), bulks({"a", "1", "b", "2.5", "c", "3", "d", "inf"})}));
  CHECK(store.run({"ZSCAN", "r", "0", "MATCH", "[ab]"}) == array({bulk("0"), bulks({"a", "1", "b", "2.5"})}));
  CHECK(store.run({"ZSCAN", "nosuch", "0"}) == array({bulk("0"), array({})}));
  CHECK(store.run({"ZSCAN", "r", "abc"}) == err("ERR invalid cursor"));
  CHECK(store.run({"ZSCAN", "r", "0", "COUNT", "0"}) == err(kSyntax));
  CHECK(store.run({"ZSCAN", "r", "0", "FOO"}) == err(kSyntax));
  CHECK(store.run({"ZSCAN", "r", "0", "MATCH"}) == err(kSyntax));
  CHECK(store.run({"ZSCAN", "r"}) == arity_error("zscan"));
}

// --- Types, keys, binary safety ---------------------------------------------------------------

TEST_CASE("sorted sets are binary safe") {
  Store store;
  CHECK(store.run({"ZADD", "bin\000key"sv, "1", "a\000b"sv, "2", "\000"sv, "3", "", "4", "\377\376", "5", "a\r\nb"}) == integer(5));
  CHECK(store.run({"ZRANGE", "bin\000key"sv, "0", "-1", "WITHSCORES"}) == scored({{"a\000b"sv, 1.0}, {"\000"sv, 2.0}, {"", 3.0}, {"\377\376", 4.0}, {"a\r\nb", 5.0}}));
  CHECK(store.run({"ZSCORE", "bin\000key"sv, "a\000b"sv}) == number(1.0));
  CHECK(store.run({"ZSCORE", "bin\000key"sv, "a"}) == nil());
  CHECK(store.run({"ZRANK", "bin\000key"sv, "\377\376"}) == integer(3));
  CHECK(store.run({"ZMSCORE", "bin\000key"sv, "", "\000"sv, "\000\000"sv}) == array({number(3.0), number(2.0), nil()}));
  CHECK(store.run({"ZREM", "bin\000key"sv, "a\000b"sv}) == integer(1));
  CHECK(store.run({"ZPOPMAX", "bin\000key"sv}) == array({bulk("a\r\nb"), number(5.0)}));
  CHECK(store.run({"ZINCRBY", "bin\000key"sv, "1", "\000"sv}) == number(3.0));
  CHECK(store.run({"ZRANGE", "bin\000key"sv, "0", "-1", "WITHSCORES"}) == scored({{"", 3.0}, {"\000"sv, 3.0}, {"\377\376", 4.0}}));
  CHECK(store.run({"ZADD", "lexbin", "0", "\000"sv, "0", "\000\000"sv, "0", "\000a"sv, "0", ""}) == integer(4));
  CHECK(store.run({"ZRANGEBYLEX", "lexbin", "(\000"sv, "+"}) == bulks({"\000\000"sv, "\000a"sv}));
  CHECK(store.run({"ZRANGEBYLEX", "lexbin", "[\000"sv, "(\000a"sv}) == bulks({"\000"sv, "\000\000"sv}));
}

TEST_CASE("WRONGTYPE both ways, and TYPE") {
  Store store;
  CHECK(store.run({"SET", "str", "v"}) == ok());
  CHECK(store.run({"RPUSH", "list", "a"}) == integer(1));
  CHECK(store.run({"HSET", "hash", "f", "v"}) == integer(1));
  CHECK(store.run({"SADD", "set", "a", "b", "c"}) == integer(3));
  CHECK(store.run({"ZADD", "z", "1", "a"}) == integer(1));
  CHECK(store.run({"ZADD", "str", "1", "a"}) == err(kWrongType));
  CHECK(store.run({"ZADD", "list", "1", "a"}) == err(kWrongType));
  CHECK(store.run({"ZINCRBY", "hash", "1", "a"}) == err(kWrongType));
  CHECK(store.run({"ZCARD", "str"}) == err(kWrongType));
  CHECK(store.run({"ZSCORE", "set", "a"}) == err(kWrongType));
  CHECK(store.run({"ZMSCORE", "str", "a"}) == err(kWrongType));
  CHECK(store.run({"ZRANK", "list", "a"}) == err(kWrongType));
  CHECK(store.run({"ZRANGE", "str", "0", "-1"}) == err(kWrongType));
  CHECK(store.run({"ZRANGEBYLEX", "str", "-", "+"}) == err(kWrongType));
  CHECK(store.run({"ZCOUNT", "str", "1", "2"}) == err(kWrongType));
  CHECK(store.run({"ZLEXCOUNT", "str", "-", "+"}) == err(kWrongType));
  CHECK(store.run({"ZREM", "str", "a"}) == err(kWrongType));
  CHECK(store.run({"ZREMRANGEBYRANK", "str", "0", "-1"}) == err(kWrongType));
  CHECK(store.run({"ZUNION", "2", "z", "str"}) == err(kWrongType));
  CHECK(store.run({"ZINTER", "2", "nosuch", "str"}) == err(kWrongType));
  CHECK(store.run({"ZDIFF", "2", "str", "nosuch"}) == err(kWrongType));
  CHECK(store.run({"ZINTERCARD", "2", "nosuch", "str"}) == err(kWrongType));
  CHECK(store.run({"ZRANGESTORE", "d", "str", "0", "-1"}) == err(kWrongType));
  CHECK(store.run({"ZPOPMIN", "str"}) == err(kWrongType));
  CHECK(store.run({"ZMPOP", "1", "str", "MIN"}) == err(kWrongType));
  CHECK(store.run({"ZRANDMEMBER", "str"}) == err(kWrongType));
  CHECK(store.run({"ZSCAN", "str", "0"}) == err(kWrongType));
  CHECK(store.run({"GET", "z"}) == err(kWrongType));
  CHECK(store.run({"LPUSH", "z", "x"}) == err(kWrongType));
  CHECK(store.run({"SADD", "z", "x"}) == err(kWrongType));
  CHECK(store.run({"SMEMBERS", "z"}) == err(kWrongType));
  CHECK(store.run({"HSET", "z", "f", "v"}) == err(kWrongType));
  CHECK(store.run({"INCR", "z"}) == err(kWrongType));
  CHECK(store.run({"SINTER", "z", "set"}) == err(kWrongType));
  CHECK(store.run({"SUNIONSTORE", "d", "z", "set"}) == err(kWrongType));
  CHECK(store.run({"LMPOP", "1", "z", "LEFT"}) == err(kWrongType));
  CHECK(store.run({"TYPE", "z"}) == simple("zset"));
  // Errors in the arguments come before the type check.
  CHECK(store.run({"ZRANGEBYSCORE", "str", "x", "2"}) == err(kBoundNotFloat));
  CHECK(store.run({"ZRANGE", "str", "a", "b", "BYLEX"}) == err(kBoundNotLex));
}

TEST_CASE("COPY, RENAME, DEL and expiry of a sorted set") {
  Store store;
  CHECK(store.run({"ZADD", "cp", "1", "a", "2", "b"}) == integer(2));
  CHECK(store.run({"COPY", "cp", "cp2"}) == integer(1));
  CHECK(store.run({"ZADD", "cp2", "3", "c"}) == integer(1));
  CHECK(store.run({"ZRANGE", "cp", "0", "-1", "WITHSCORES"}) == scored({{"a", 1.0}, {"b", 2.0}}));
  CHECK(store.run({"COPY", "cp", "cp2"}) == integer(0));
  CHECK(store.run({"COPY", "cp", "cp2", "REPLACE"}) == integer(1));
  CHECK(store.run({"ZRANGE", "cp2", "0", "-1", "WITHSCORES"}) == scored({{"a", 1.0}, {"b", 2.0}}));
  CHECK(store.run({"RENAME", "cp2", "cp3"}) == ok());
  CHECK(store.run({"ZRANGE", "cp3", "0", "-1", "WITHSCORES"}) == scored({{"a", 1.0}, {"b", 2.0}}));
  CHECK(store.run({"EXISTS", "cp2"}) == integer(0));
  CHECK(store.run({"SCAN", "0", "TYPE", "zset", "MATCH", "*3", "COUNT", "100"}) == array({bulk("0"), bulks({"cp3"})}));
  CHECK(store.run({"DEL", "cp", "cp3"}) == integer(2));
  CHECK(store.run({"EXISTS", "cp", "cp3"}) == integer(0));
  CHECK(store.run({"ZADD", "ex", "1", "a"}) == integer(1));
  CHECK(store.run({"EXPIRE", "ex", "100"}) == integer(1));
  CHECK(store.run({"ZADD", "ex", "2", "b"}) == integer(1));
  CHECK(store.run({"TTL", "ex"}) == integer(100));
  CHECK(store.run({"ZREM", "ex", "a", "b"}) == integer(2));
  CHECK(store.run({"TTL", "ex"}) == integer(-2));
  CHECK(store.run({"ZADD", "ex", "1", "a"}) == integer(1));
  CHECK(store.run({"TTL", "ex"}) == integer(-1));
}

// --- Encodings ------------------------------------------------------------------------------

TEST_CASE("listpack until 128 members or a member over 64 bytes, then skiplist for good") {
  Store store;
  CHECK(store.run({"ZADD", "longm", "1", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}) == integer(1));
  CHECK(store.run({"OBJECT", "ENCODING", "longm"}) == bulk("listpack"));
  CHECK(store.run({"ZADD", "longm", "2", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}) == integer(1));
  CHECK(store.run({"OBJECT", "ENCODING", "longm"}) == bulk("skiplist"));
  CHECK(store.run({"ZREM", "longm", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}) == integer(1));
  CHECK(store.run({"OBJECT", "ENCODING", "longm"}) == bulk("skiplist"));
  CHECK(store.run({"ZRANGE", "longm", "0", "-1", "WITHSCORES"}) == scored({{"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 1.0}}));
  CHECK(store.run({"CONFIG", "SET", "zset-max-listpack-entries", "4"}) == ok());
  CHECK(store.run({"CONFIG", "SET", "zset-max-listpack-value", "8"}) == ok());
  CHECK(store.run({"ZADD", "conv", "1", "a", "2", "b", "3", "c", "4", "d"}) == integer(4));
  CHECK(store.run({"OBJECT", "ENCODING", "conv"}) == bulk("listpack"));
  CHECK(store.run({"ZADD", "conv", "5", "e"}) == integer(1));
  CHECK(store.run({"OBJECT", "ENCODING", "conv"}) == bulk("skiplist"));
  CHECK(store.run({"ZPOPMIN", "conv", "4"}) == scored({{"a", 1.0}, {"b", 2.0}, {"c", 3.0}, {"d", 4.0}}));
  CHECK(store.run({"OBJECT", "ENCODING", "conv"}) == bulk("skiplist"));
  CHECK(store.run({"ZADD", "conv2", "1", "12345678"}) == integer(1));
  CHECK(store.run({"OBJECT", "ENCODING", "conv2"}) == bulk("listpack"));
  CHECK(store.run({"ZADD", "conv2", "2", "123456789"}) == integer(1));
  CHECK(store.run({"OBJECT", "ENCODING", "conv2"}) == bulk("skiplist"));
  // A stored result is converted by its own size.
  CHECK(store.run({"ZUNIONSTORE", "cu", "2", "conv", "conv2"}) == integer(3));
  CHECK(store.run({"OBJECT", "ENCODING", "cu"}) == bulk("skiplist"));
  CHECK(store.run({"ZRANGESTORE", "crs", "conv2", "0", "0"}) == integer(1));
  CHECK(store.run({"OBJECT", "ENCODING", "crs"}) == bulk("listpack"));
  CHECK(store.run({"ZRANGE", "cu", "0", "-1", "WITHSCORES"}) == scored({{"12345678", 1.0}, {"123456789", 2.0}, {"e", 5.0}}));
  CHECK(store.run({"CONFIG", "SET", "zset-max-listpack-entries", "0"}) == ok());
  CHECK(store.run({"ZADD", "zero", "1", "a"}) == integer(1));
  CHECK(store.run({"OBJECT", "ENCODING", "zero"}) == bulk("skiplist"));
  CHECK(store.run({"CONFIG", "SET", "zset-max-listpack-entries", "128"}) == ok());
  CHECK(store.run({"CONFIG", "SET", "zset-max-listpack-value", "64"}) == ok());
  CHECK(store.run({"COPY", "conv", "conv3"}) == integer(1));
  CHECK(store.run({"OBJECT", "ENCODING", "conv3"}) == bulk("skiplist"));
}

TEST_CASE("-0 is kept by a skiplist and becomes 0 in a listpack") {
  Store store;
  CHECK(store.run({"ZADD", "lp", "-0", "x"}) == integer(1));
  CHECK(wire(store.run({"ZSCORE", "lp", "x"}), 2) == "$1\r\n0\r\n");
  // Value equality does not tell -0 from 0; the sign bit does.
  const Value negated = store.run({"ZUNION", "1", "lp", "WEIGHTS", "-1", "WITHSCORES"});
  CHECK(negated == scored({{"x", 0.0}}));
  REQUIRE(negated.size() == 1);
  CHECK(std::signbit(negated[0][1].double_value()));
  const Value intersected = store.run({"ZINTER", "1", "lp", "WEIGHTS", "-1", "WITHSCORES"});
  REQUIRE(intersected.size() == 1);
  CHECK(std::signbit(intersected[0][1].double_value()));
  CHECK(store.run({"ZUNIONSTORE", "lp2", "1", "lp", "WEIGHTS", "-1"}) == integer(1));
  CHECK(wire(store.run({"ZSCORE", "lp2", "x"}), 2) == "$1\r\n0\r\n");
  CHECK(store.run({"CONFIG", "SET", "zset-max-listpack-entries", "0"}) == ok());
  CHECK(store.run({"ZADD", "sk", "-0", "x"}) == integer(1));
  CHECK(wire(store.run({"ZSCORE", "sk", "x"}), 2) == "$2\r\n-0\r\n");
  CHECK(wire(store.run({"ZINCRBY", "sk", "-0", "x"}), 2) == "$2\r\n-0\r\n");
  // ZRANGESTORE stores a window of ranks longer than a listpack holds in a
  // skiplist from the start, which keeps -0; a score window starts as a
  // listpack, which makes it 0, and converts on the third member.
  CHECK(store.run({"ZADD", "sk", "1", "y", "2", "z"}) == integer(2));
  CHECK(store.run({"CONFIG", "SET", "zset-max-listpack-entries", "2"}) == ok());
  CHECK(store.run({"ZRANGESTORE", "rs", "sk", "0", "-1"}) == integer(3));
  CHECK(store.run({"OBJECT", "ENCODING", "rs"}) == bulk("skiplist"));
  CHECK(wire(store.run({"ZSCORE", "rs", "x"}), 2) == "$2\r\n-0\r\n");
  CHECK(store.run({"ZRANGESTORE", "rs2", "sk", "-inf", "+inf", "BYSCORE"}) == integer(3));
  CHECK(store.run({"OBJECT", "ENCODING", "rs2"}) == bulk("skiplist"));
  CHECK(wire(store.run({"ZSCORE", "rs2", "x"}), 2) == "$1\r\n0\r\n");
  CHECK(store.run({"CONFIG", "SET", "zset-max-listpack-entries", "128"}) == ok());
}
