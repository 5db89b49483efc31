// Value, its redis-cli formatting, Argv/ToArgs and FromValue conversions.

#include <array>
#include <deque>
#include <list>
#include <map>
#include <set>
#include <span>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "harness.hpp"

using namespace test;
using not_redis::Argv;
using not_redis::Error;
using not_redis::from_value;
using not_redis::make_argv;

namespace {
struct Point {
  int x = 0;
  int y = 0;
  bool operator==(const Point&) const = default;
};

std::vector<std::string> strings(const Argv& argv) { return {argv.begin(), argv.end()}; }
} // namespace

template <>
struct not_redis::ToArgs<Point> {
  static void append(Argv& out, const Point& p) {
    out.push_integer(p.x);
    out.push_integer(p.y);
  }
};

template <>
struct not_redis::FromValue<Point> {
  static Point convert(Value&& v) {
    auto [x, y] = from_value<std::pair<int, int>>(std::move(v));
    return {x, y};
  }
};

TEST_CASE("Value: construction, access and equality") {
  CHECK(Value().is_nil());
  CHECK(Value::integer(3).integer_value() == 3);
  CHECK(Value::bulk("a") == Value::bulk(std::string("a")));
  CHECK_FALSE(Value::bulk("a") == Value::simple("a"));
  CHECK(Value::map({bulk("k"), integer(1)}).size() == 1);
  CHECK_THROWS_AS(Value::map({bulk("k")}), Error);
  CHECK_THROWS_AS(Value::integer(1).string(), Error);
  CHECK_THROWS_AS(Value::bulk("1").integer_value(), Error);
  CHECK(Value::verbatim("txt", "hi").verbatim_format() == "txt");
  CHECK(Value::number(1.5) == Value::number(1.5));
  const std::string binary("a\0b", 3);
  CHECK(Value::bulk(binary).string().size() == 3);
}

TEST_CASE("Value prints like redis-cli") {
  CHECK(fmt::format("{}", Value()) == "(nil)");
  CHECK(fmt::format("{}", Value::integer(-2)) == "(integer) -2");
  CHECK(fmt::format("{}", Value::ok()) == "OK");
  CHECK(fmt::format("{}", Value::bulk(std::string("a\"b\n\0", 5))) == "\"a\\\"b\\n\\x00\"");
  CHECK(fmt::format("{}", Value::error("ERR x")) == "(error) ERR x");
  CHECK(fmt::format("{}", Value::number(1.5)) == "(double) 1.5");
  CHECK(fmt::format("{}", Value::boolean(true)) == "(true)");
  CHECK(fmt::format("{}", Value::big_number("123")) == "(big number) 123");
  CHECK(fmt::format("{}", Value::array()) == "(empty array)");
  CHECK(fmt::format("{}", Value::set()) == "(empty set)");
  CHECK(fmt::format("{}", bulks({"a", "b"})) == "1) \"a\"\n2) \"b\"");
  CHECK(fmt::format("{}", array({bulk("a"), array({integer(1), nil()})})) ==
        "1) \"a\"\n2) 1) (integer) 1\n   2) (nil)");
  CHECK(fmt::format("{}", Value::map({bulk("k"), bulk("v"), bulk("n"), integer(2)})) ==
        "1# \"k\" => \"v\"\n2# \"n\" => (integer) 2");
  CHECK(fmt::format("{}", Value::set({bulk("m")})) == "1~ \"m\"");
  Value::Array ten;
  for (int i = 0; i < 10; ++i) ten.push_back(integer(i));
  const std::string printed = fmt::format("{}", Value::array(ten));
  CHECK(printed.substr(0, 15) == " 1) (integer) 0");
  CHECK(printed.substr(printed.size() - 15) == "10) (integer) 9");
}

TEST_CASE("Argv: any mix of arguments, flattened") {
  const std::string s = "str";
  const std::string_view sv = "view";
  CHECK(strings(make_argv("SET", s, sv, 42, -7LL, 18446744073709551615ULL)) ==
        std::vector<std::string>{"SET", "str", "view", "42", "-7", "18446744073709551615"});
  CHECK(strings(make_argv(1.5, 0.1, 3.0, 1e300, -0.0)) ==
        std::vector<std::string>{"1.5", "0.1", "3", "1e+300", "-0"});
  CHECK(strings(make_argv(std::numeric_limits<double>::infinity())) == std::vector<std::string>{"inf"});
  CHECK(strings(make_argv(std::vector<std::string>{"a", "b"}, std::array<int, 2>{1, 2})) ==
        std::vector<std::string>{"a", "b", "1", "2"});
  CHECK(strings(make_argv(std::pair<std::string, int>{"f", 1})) == std::vector<std::string>{"f", "1"});
  CHECK(strings(make_argv(std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}})) ==
        std::vector<std::string>{"a", "1", "b", "2"});
  const std::vector<std::string_view> span_source{"x", "y"};
  CHECK(strings(make_argv(std::span(span_source), std::list<int>{3})) == std::vector<std::string>{"x", "y", "3"});
  CHECK(strings(make_argv("RPUSH", "pts", Point{1, 2})) == std::vector<std::string>{"RPUSH", "pts", "1", "2"});
  CHECK(strings(make_argv(true, false)) == std::vector<std::string>{"1", "0"});
}

TEST_CASE("Argv: binary safe and large") {
  const std::string binary("\0\xff\r\n", 4);
  Argv argv{"SET", binary};
  CHECK(argv[1] == binary);
  Argv many;
  std::string big(100'000, 'z');
  for (int i = 0; i < 100; ++i) many.push_back(i % 2 ? std::string_view(big) : std::string_view(""));
  CHECK(many.size() == 100);
  CHECK(many[1] == big);
  CHECK(many[98].empty());
  Argv copy = many;
  Argv moved = std::move(many);
  CHECK(copy[99] == big);
  CHECK(moved[99] == big);
}

TEST_CASE("FromValue: scalars") {
  CHECK(from_value<std::string>(bulk("x")) == "x");
  CHECK(from_value<std::string>(integer(5)) == "5");
  CHECK(from_value<long long>(integer(-5)) == -5);
  CHECK(from_value<long long>(bulk("12")) == 12);
  CHECK(from_value<int>(bulk("-12")) == -12);
  CHECK(from_value<double>(bulk("1.5")) == 1.5);
  CHECK(from_value<double>(integer(2)) == 2.0);
  CHECK(from_value<bool>(integer(1)));
  CHECK_FALSE(from_value<bool>(integer(0)));
  CHECK(from_value<bool>(ok()));
  CHECK_FALSE(from_value<bool>(nil()));
  CHECK(from_value<std::optional<std::string>>(nil()) == std::nullopt);
  CHECK(from_value<std::optional<long long>>(integer(3)) == 3);
}

TEST_CASE("FromValue: a bad conversion throws a clear Error, never UB") {
  auto expect_conversion_error = [](auto convert, std::string_view needle) {
    try {
      convert();
      FAIL("no throw");
    } catch (const Error& e) {
      CHECK(e.kind() == Error::Kind::conversion);
      CHECK(std::string(e.what()).find(needle) != std::string::npos);
    }
  };
  expect_conversion_error([] { return from_value<long long>(bulk("abc")); }, "\"abc\"");
  expect_conversion_error([] { return from_value<long long>(bulk(" 1")); }, "integer");
  expect_conversion_error([] { return from_value<std::int8_t>(integer(300)); }, "narrower");
  expect_conversion_error([] { return from_value<unsigned>(integer(-1)); }, "unsigned");
  expect_conversion_error([] { return from_value<std::string>(nil()); }, "nil");
  expect_conversion_error([] { return from_value<std::vector<int>>(integer(1)); }, "std::vector");
  expect_conversion_error([] { return from_value<std::map<std::string, int>>(bulks({"a"})); }, "odd");
  expect_conversion_error([] { return from_value<std::pair<int, int>>(bulks({"1"})); }, "pair");
  expect_conversion_error([] { return from_value<double>(bulk("nan")); }, "double");
}

TEST_CASE("FromValue: an error reply throws with Redis's exact text, except as Value") {
  try {
    from_value<long long>(err("WRONGTYPE Operation against a key holding the wrong kind of value"));
    FAIL("no throw");
  } catch (const Error& e) {
    CHECK(e.kind() == Error::Kind::reply);
    CHECK(std::string(e.what()) == kWrongType);
  }
  CHECK(from_value<Value>(err("ERR x")) == err("ERR x"));
}

TEST_CASE("FromValue: containers, maps, pairs, tuples and user types") {
  CHECK(from_value<std::vector<std::string>>(bulks({"a", "b"})) == std::vector<std::string>{"a", "b"});
  CHECK(from_value<std::vector<std::optional<std::string>>>(array({bulk("a"), nil()})) ==
        std::vector<std::optional<std::string>>{"a", std::nullopt});
  CHECK(from_value<std::set<long long>>(Value::set({integer(2), integer(1)})) == std::set<long long>{1, 2});
  CHECK(from_value<std::unordered_set<std::string>>(bulks({"x"})).count("x") == 1);
  const auto flat = from_value<std::map<std::string, long long>>(array({bulk("a"), integer(1), bulk("b"), bulk("2")}));
  CHECK(flat == std::map<std::string, long long>{{"a", 1}, {"b", 2}});
  const auto resp3 = from_value<std::unordered_map<std::string, std::string>>(Value::map({bulk("k"), bulk("v")}));
  CHECK(resp3.at("k") == "v");
  CHECK(from_value<std::pair<std::string, int>>(array({bulk("a"), integer(1)})) == std::pair<std::string, int>{"a", 1});
  CHECK(from_value<std::tuple<int, std::string, std::optional<int>>>(array({integer(1), bulk("b"), nil()})) ==
        std::tuple<int, std::string, std::optional<int>>{1, "b", std::nullopt});
  CHECK(from_value<Point>(array({integer(3), bulk("4")})) == Point{3, 4});
  CHECK(from_value<std::vector<Point>>(array({array({integer(1), integer(2)})})) == std::vector<Point>{{1, 2}});
}

TEST_CASE("FromValue: maps and vectors of pairs from a map, a flat array or an array of pairs, in order") {
  using Pairs = std::vector<std::pair<std::string, long long>>;
  const Pairs expected{{"b", 2}, {"a", 1}};
  CHECK(from_value<Pairs>(Value::map({bulk("b"), integer(2), bulk("a"), bulk("1")})) == expected);
  CHECK(from_value<Pairs>(array({bulk("b"), integer(2), bulk("a"), integer(1)})) == expected);
  CHECK(from_value<Pairs>(array({array({bulk("b"), integer(2)}), array({bulk("a"), integer(1)})})) == expected);
  CHECK(from_value<std::map<std::string, long long>>(array({array({bulk("b"), integer(2)})})).at("b") == 2);
  CHECK(from_value<Pairs>(array({})).empty());
  CHECK(from_value<Pairs>(nil()).empty());
  CHECK_THROWS_AS(from_value<Pairs>(array({bulk("a"), integer(1), bulk("b")})), Error);
  CHECK_THROWS_AS(from_value<Pairs>(array({array({bulk("a")})})), Error);
  CHECK_THROWS_AS(from_value<Pairs>(bulk("a")), Error);
  // A pair whose second half is itself an aggregate: LMPOP's [key, [elements]] as a map.
  using Nested = std::vector<std::pair<std::string, std::vector<std::string>>>;
  CHECK(from_value<Nested>(Value::map({bulk("k"), bulks({"x", "y"})})) == Nested{{"k", {"x", "y"}}});
}

TEST_CASE("typed results through a store: user types both ways") {
  Store store;
  store.run({"SET", "x", "5"});
  store.run({"SET", "y", "6"});
  CHECK(store->command<std::vector<std::optional<long long>>>("MGET", "x", "missing").get() ==
        std::vector<std::optional<long long>>{5, std::nullopt});
  CHECK(store->command<Point>("MGET", "x", "y").get() == Point{5, 6});
  store.run({"SET", "7", "a"});
  CHECK(store->command<long long>("DEL", Point{7, 8}).get() == 1);  // DEL 7 8
}
