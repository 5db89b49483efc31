// The list family, command by command, as redis-cli would show it.
// Every expected reply was checked against redis-server 7.0.

#include <algorithm>
#include <atomic>
#include <climits>
#include <deque>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cmd/table.hpp"
#include "db/list.hpp"
#include "harness_direct.hpp"

using namespace test;
using not_redis::Error;
using not_redis::ListEnd;
using not_redis::ListWhere;
using not_redis::detail::List;

namespace {

const std::string kNotPositive = "ERR value is out of range, must be positive";
const std::string kNoSuchKey = "ERR no such key";
const std::string kIndexOutOfRange = "ERR index out of range";
const std::string kRankZero =
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start "
    "from the end of the list";
const std::string kCountNegative = "ERR COUNT can't be negative";
const std::string kMaxlenNegative = "ERR MAXLEN can't be negative";
const std::string kNumkeys = "ERR numkeys should be greater than 0";
const std::string kCountNotPositive = "ERR count should be greater than 0";
const std::string kTimeoutNotFloat = "ERR timeout is not a float or out of range";
const std::string kTimeoutNegative = "ERR timeout is negative";
const std::string kTimeoutOutOfRange = "ERR timeout is out of range";

// The whole list, as LRANGE key 0 -1 shows it.
Value whole(Store& store, std::string_view key) { return store.run({"LRANGE", key, "0", "-1"}); }



} // namespace

// --- The list type itself --------------------------------------------------------

namespace {

// A random element: mostly short, sometimes long enough to need a multi-byte
// length, sometimes larger than a whole chunk.
std::string random_element(std::mt19937_64& rng) {
  const unsigned pick = rng() % 100;
  std::size_t size = rng() % 20;
  if (pick >= 97) size = List::kMaxChunkBytes + rng() % 3000;
  else if (pick >= 90) size = 100 + rng() % 1500;
  std::string s(size, '\0');
  for (auto& c : s) c = static_cast<char>('a' + rng() % 4);  // few letters: LREM and insert find matches
  if (size > 0 && rng() % 4 == 0) s[0] = '\0';
  return s;
}

void check_same(const List& list, const std::deque<std::string>& model) {
  REQUIRE(list.check_invariants());
  REQUIRE(list.size() == model.size());
  std::size_t i = 0;
  list.for_range(0, list.size(), [&](std::string_view e) { REQUIRE(e == model[i++]); });
}

} // namespace

TEST_CASE("List: random operations match a std::deque") {
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    std::mt19937_64 rng(seed);
    List list;
    std::deque<std::string> model;
    for (int step = 0; step < 6000; ++step) {
      const unsigned op = rng() % 100;
      // Drift towards a few thousand elements, then drain again.
      const bool grow = (step / 1500) % 2 == 0;
      if (op < (grow ? 30u : 15u)) {
        const std::string e = random_element(rng);
        list.push(List::End::tail, e);
        model.push_back(e);
      } else if (op < (grow ? 55u : 30u)) {
        const std::string e = random_element(rng);
        list.push(List::End::head, e);
        model.push_front(e);
      } else if (op < 65) {
        if (model.empty()) continue;
        const bool head = rng() % 2;
        const std::string e = list.pop(head ? List::End::head : List::End::tail);
        REQUIRE(e == (head ? model.front() : model.back()));
        if (head) model.pop_front();
        else model.pop_back();
      } else if (op < 72) {
        if (model.empty()) continue;
        const std::size_t i = rng() % model.size();
        REQUIRE(list.at(i) == model[i]);
        const std::string e = random_element(rng);
        list.set(i, e);
        model[i] = e;
      } else if (op < 80) {
        const std::string pivot = model.empty() || rng() % 4 == 0 ? random_element(rng) : model[rng() % model.size()];
        const std::string e = random_element(rng);
        const bool after = rng() % 2;
        auto it = std::find(model.begin(), model.end(), pivot);
        REQUIRE(list.insert(pivot, e, after) == (it != model.end()));
        if (it != model.end()) model.insert(after ? it + 1 : it, e);
      } else if (op < 84) {
        const std::string value = model.empty() ? "x" : model[rng() % model.size()];
        const std::size_t limit = rng() % 3;
        const bool from_head = rng() % 2;
        std::size_t removed = 0;
        if (from_head) {
          for (auto it = model.begin(); it != model.end() && (limit == 0 || removed < limit);) {
            if (*it == value) {
              it = model.erase(it);
              ++removed;
            } else {
              ++it;
            }
          }
        } else {
          for (std::size_t i = model.size(); i-- > 0 && (limit == 0 || removed < limit);) {
            if (model[i] == value) {
              model.erase(model.begin() + static_cast<long>(i));
              ++removed;
            }
          }
        }
        REQUIRE(list.remove(value, limit, from_head ? List::End::head : List::End::tail) == removed);
      } else if (op < 87) {
        if (model.empty()) continue;
        const std::size_t head = rng() % std::min<std::size_t>(model.size(), 40);
        const std::size_t tail = rng() % std::min<std::size_t>(model.size() - head + 1, 40);
        list.trim(head, tail);
        model.erase(model.begin(), model.begin() + static_cast<long>(head));
        model.erase(model.end() - static_cast<long>(tail), model.end());
      } else if (op < 95) {
        if (model.empty()) continue;
        const std::size_t first = rng() % model.size();
        const std::size_t count = rng() % (model.size() - first + 1);
        std::size_t i = first;
        list.for_range(first, count, [&](std::string_view e) { REQUIRE(e == model[i++]); });
        REQUIRE(i == first + count);
      } else {
        // Scan from either end, stopping early.
        const bool head = rng() % 2;
        const std::size_t stop_after = rng() % 50;
        std::size_t seen = 0;
        list.scan(head ? List::End::head : List::End::tail, [&](std::size_t index, std::string_view e) {
          REQUIRE(index == (head ? seen : model.size() - 1 - seen));
          REQUIRE(e == model[index]);
          return ++seen < stop_after;
        });
      }
      REQUIRE(list.check_invariants());
      REQUIRE(list.size() == model.size());
    }
    check_same(list, model);
    const List copy(list);
    check_same(copy, model);
  }
}

TEST_CASE("List: a queue in one chunk, and a long list, keep O(1) ends") {
  List list;
  std::deque<std::string> model;
  // LPUSH + RPOP (the classic queue) and RPUSH + LPOP, within one chunk.
  for (int i = 0; i < 20000; ++i) {
    const std::string e = "element:" + std::to_string(i);
    list.push(i % 2 ? List::End::head : List::End::tail, e);
    if (i % 2) model.push_front(e);
    else model.push_back(e);
    if (model.size() > 100) {
      const bool head = i % 3 == 0;
      REQUIRE(list.pop(head ? List::End::head : List::End::tail) == (head ? model.front() : model.back()));
      if (head) model.pop_front();
      else model.pop_back();
    }
  }
  check_same(list, model);
  CHECK(list.chunk_count() <= 2);
  // Many elements: full chunks, about 17 bytes per 16-byte element.
  List big;
  for (int i = 0; i < 100000; ++i) big.push(List::End::tail, std::string(16, static_cast<char>('a' + i % 26)));
  CHECK(big.memory_usage() < 100000 * 18);
  CHECK(big.at(0) == std::string(16, 'a'));
  CHECK(big.at(99999) == std::string(16, static_cast<char>('a' + 99999 % 26)));
  for (int i = 0; i < 100000; ++i) big.pop(i % 2 ? List::End::head : List::End::tail);
  CHECK(big.empty());
  CHECK(big.chunk_count() == 0);
}

// --- LPUSH / RPUSH / LPUSHX / RPUSHX -----------------------------------------

TEST_CASE("LPUSH and RPUSH create the list and return its length") {
  Store store;
  CHECK(store.run({"RPUSH", "l", "a"}) == integer(1));
  CHECK(store.run({"RPUSH", "l", "b", "c"}) == integer(3));
  CHECK(store.run({"LPUSH", "l", "x", "y"}) == integer(5));
  CHECK(whole(store, "l") == bulks({"y", "x", "a", "b", "c"}));
  CHECK(store.run({"TYPE", "l"}) == simple("list"));
  CHECK(store.run({"OBJECT", "ENCODING", "l"}) == bulk("quicklist"));
  CHECK(store.run({"LPUSH"}) == arity_error("lpush"));
  CHECK(store.run({"LPUSH", "l"}) == arity_error("lpush"));
  CHECK(store.run({"RPUSH", "l"}) == arity_error("rpush"));
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"LPUSH", "s", "a"}) == err(kWrongType));
  CHECK(store.run({"RPUSH", "s", "a"}) == err(kWrongType));
  CHECK(store.run({"GET", "s"}) == bulk("v"));
}

TEST_CASE("LPUSHX and RPUSHX only push onto an existing list") {
  Store store;
  CHECK(store.run({"LPUSHX", "l", "a"}) == integer(0));
  CHECK(store.run({"RPUSHX", "l", "a", "b"}) == integer(0));
  CHECK(store.run({"EXISTS", "l"}) == integer(0));
  CHECK(store.run({"RPUSH", "l", "a", "b", "c"}) == integer(3));
  CHECK(store.run({"LPUSHX", "l", "x", "y"}) == integer(5));
  CHECK(store.run({"RPUSHX", "l", "z"}) == integer(6));
  CHECK(whole(store, "l") == bulks({"y", "x", "a", "b", "c", "z"}));
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"LPUSHX", "s", "a"}) == err(kWrongType));
  CHECK(store.run({"RPUSHX", "s", "a"}) == err(kWrongType));
  CHECK(store.run({"LPUSHX", "l"}) == arity_error("lpushx"));
  CHECK(store.run({"RPUSHX", "l"}) == arity_error("rpushx"));
}

TEST_CASE("lists are binary safe") {
  Store store;
  const std::string key("k\0ey", 4);
  const std::string a("a\0b", 3), b("\0", 1), empty;
  const std::string large(70000, '\0');
  CHECK(store.run({"RPUSH", key, a, b, empty, large}) == integer(4));
  CHECK(whole(store, key) == bulks({a, b, empty, large}));
  CHECK(store.run({"LINDEX", key, "1"}) == bulk(b));
  CHECK(store.run({"LPOS", key, b}) == integer(1));
  CHECK(store.run({"LPOS", key, "a"}) == nil());
  CHECK(store.run({"LINSERT", key, "AFTER", b, "x\0y"sv}) == integer(5));
  CHECK(store.run({"LREM", key, "0", a}) == integer(1));
  CHECK(store.run({"LSET", key, "-1", "\r\n"}) == ok());
  CHECK(whole(store, key) == bulks({b, "x\0y"sv, empty, "\r\n"}));
  CHECK(store.run({"LMOVE", key, "other\0"sv, "LEFT", "RIGHT"}) == bulk(b));
  CHECK(store.run({"LRANGE", "other\0"sv, "0", "-1"}) == bulks({b}));
  CHECK(store.run({"RPOP", key}) == bulk("\r\n"));
  CHECK(store.run({"LPOP", key, "5"}) == bulks({"x\0y"sv, empty}));
  CHECK(store.run({"EXISTS", key}) == integer(0));
}

// --- LPOP / RPOP ------------------------------------------------------------------

TEST_CASE("LPOP and RPOP, with and without a count") {
  Store store;
  CHECK(store.run({"LPOP", "l"}) == nil());
  CHECK(store.run({"RPOP", "l"}) == nil());
  CHECK(store.run({"RPUSH", "l", "a", "b", "c", "d", "e"}) == integer(5));
  CHECK(store.run({"LPOP", "l"}) == bulk("a"));
  CHECK(store.run({"RPOP", "l"}) == bulk("e"));
  CHECK(store.run({"LPOP", "l", "0"}) == array({}));
  CHECK(store.run({"RPOP", "l", "0"}) == array({}));
  CHECK(store.run({"RPOP", "l", "2"}) == bulks({"d", "c"}));
  CHECK(store.run({"LPOP", "l", "9223372036854775807"}) == bulks({"b"}));
  // Popping the last element deletes the key.
  CHECK(store.run({"EXISTS", "l"}) == integer(0));
  CHECK(store.run({"LPOP", "l", "0"}) == nil());
  CHECK(store.run({"LPOP", "l", "2"}) == nil());
  CHECK(store.run({"RPOP", "l", "2"}) == nil());
}

TEST_CASE("LPOP and RPOP errors") {
  Store store;
  CHECK(store.run({"RPUSH", "l", "a"}) == integer(1));
  CHECK(store.run({"LPOP", "l", "-1"}) == err(kNotPositive));
  CHECK(store.run({"RPOP", "l", "x"}) == err(kNotPositive));
  CHECK(store.run({"LPOP", "nokey", "-1"}) == err(kNotPositive));
  CHECK(store.run({"LPOP", "l", "1", "2"}) == arity_error("lpop"));
  CHECK(store.run({"RPOP", "l", "1", "2"}) == arity_error("rpop"));
  CHECK(store.run({"LPOP"}) == arity_error("lpop"));
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"LPOP", "s"}) == err(kWrongType));
  CHECK(store.run({"RPOP", "s", "0"}) == err(kWrongType));
  CHECK(store.run({"LPOP", "s", "-1"}) == err(kNotPositive));
  CHECK(whole(store, "l") == bulks({"a"}));
}

// --- LLEN / LRANGE / LINDEX --------------------------------------------------------

TEST_CASE("LLEN") {
  Store store;
  CHECK(store.run({"LLEN", "l"}) == integer(0));
  CHECK(store.run({"RPUSH", "l", "a", "b"}) == integer(2));
  CHECK(store.run({"LLEN", "l"}) == integer(2));
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"LLEN", "s"}) == err(kWrongType));
  CHECK(store.run({"LLEN"}) == arity_error("llen"));
  CHECK(store.run({"LLEN", "a", "b"}) == arity_error("llen"));
}

TEST_CASE("LRANGE clamps its indexes as Redis does") {
  Store store;
  CHECK(store.run({"LRANGE", "l", "0", "-1"}) == array({}));
  CHECK(store.run({"RPUSH", "l", "a", "b", "c", "d", "e"}) == integer(5));
  CHECK(store.run({"LRANGE", "l", "1", "2"}) == bulks({"b", "c"}));
  CHECK(store.run({"LRANGE", "l", "-2", "-1"}) == bulks({"d", "e"}));
  CHECK(store.run({"LRANGE", "l", "-100", "100"}) == bulks({"a", "b", "c", "d", "e"}));
  CHECK(store.run({"LRANGE", "l", "2", "1"}) == array({}));
  CHECK(store.run({"LRANGE", "l", "5", "10"}) == array({}));
  CHECK(store.run({"LRANGE", "l", "5", "-100"}) == array({}));
  CHECK(store.run({"LRANGE", "l", "-1", "-1"}) == bulks({"e"}));
  CHECK(store.run({"LRANGE", "l", "-9223372036854775808", "9223372036854775807"}) ==
        bulks({"a", "b", "c", "d", "e"}));
  CHECK(store.run({"LRANGE", "l", "x", "1"}) == err(kNotInteger));
  CHECK(store.run({"LRANGE", "l", "0", "1.5"}) == err(kNotInteger));
  CHECK(store.run({"LRANGE", "nokey", "x", "1"}) == err(kNotInteger));
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"LRANGE", "s", "0", "1"}) == err(kWrongType));
  CHECK(store.run({"LRANGE", "l", "0"}) == arity_error("lrange"));
}

TEST_CASE("LINDEX") {
  Store store;
  CHECK(store.run({"LINDEX", "l", "0"}) == nil());
  CHECK(store.run({"LINDEX", "l", "x"}) == nil());  // the key is looked up first
  CHECK(store.run({"RPUSH", "l", "a", "b", "c"}) == integer(3));
  CHECK(store.run({"LINDEX", "l", "0"}) == bulk("a"));
  CHECK(store.run({"LINDEX", "l", "2"}) == bulk("c"));
  CHECK(store.run({"LINDEX", "l", "-1"}) == bulk("c"));
  CHECK(store.run({"LINDEX", "l", "-3"}) == bulk("a"));
  CHECK(store.run({"LINDEX", "l", "3"}) == nil());
  CHECK(store.run({"LINDEX", "l", "-4"}) == nil());
  CHECK(store.run({"LINDEX", "l", "-9223372036854775808"}) == nil());
  CHECK(store.run({"LINDEX", "l", "x"}) == err(kNotInteger));
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"LINDEX", "s", "0"}) == err(kWrongType));
  CHECK(store.run({"LINDEX", "l"}) == arity_error("lindex"));
}

// --- LSET / LINSERT ------------------------------------------------------------------

TEST_CASE("LSET") {
  Store store;
  CHECK(store.run({"LSET", "l", "0", "x"}) == err(kNoSuchKey));
  CHECK(store.run({"LSET", "l", "x", "x"}) == err(kNoSuchKey));
  CHECK(store.run({"RPUSH", "l", "a", "b", "c"}) == integer(3));
  CHECK(store.run({"LSET", "l", "0", "Z"}) == ok());
  CHECK(store.run({"LSET", "l", "-1", "a longer element than before"}) == ok());
  CHECK(store.run({"LSET", "l", "1", ""}) == ok());
  CHECK(whole(store, "l") == bulks({"Z", "", "a longer element than before"}));
  CHECK(store.run({"LSET", "l", "3", "x"}) == err(kIndexOutOfRange));
  CHECK(store.run({"LSET", "l", "-4", "x"}) == err(kIndexOutOfRange));
  CHECK(store.run({"LSET", "l", "x", "x"}) == err(kNotInteger));
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"LSET", "s", "0", "x"}) == err(kWrongType));
  CHECK(store.run({"LSET", "l", "0"}) == arity_error("lset"));
}

TEST_CASE("LINSERT") {
  Store store;
  CHECK(store.run({"LINSERT", "l", "BEFORE", "b", "x"}) == integer(0));
  CHECK(store.run({"EXISTS", "l"}) == integer(0));
  CHECK(store.run({"RPUSH", "l", "a", "b", "c", "b"}) == integer(4));
  CHECK(store.run({"LINSERT", "l", "before", "b", "X"}) == integer(5));
  CHECK(store.run({"LINSERT", "l", "AFTER", "b", "Y"}) == integer(6));
  CHECK(store.run({"LINSERT", "l", "After", "c", "Z"}) == integer(7));
  CHECK(store.run({"LINSERT", "l", "BEFORE", "zz", "W"}) == integer(-1));
  CHECK(whole(store, "l") == bulks({"a", "X", "b", "Y", "c", "Z", "b"}));
  CHECK(store.run({"LINSERT", "l", "MIDDLE", "b", "W"}) == err(kSyntax));
  CHECK(store.run({"LINSERT", "nokey", "MIDDLE", "b", "W"}) == err(kSyntax));
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"LINSERT", "s", "BEFORE", "b", "W"}) == err(kWrongType));
  CHECK(store.run({"LINSERT", "l", "BEFORE", "b"}) == arity_error("linsert"));
}

// --- LREM / LTRIM -------------------------------------------------------------------

TEST_CASE("LREM from the head, from the tail, or all") {
  Store store;
  CHECK(store.run({"LREM", "l", "0", "a"}) == integer(0));
  CHECK(store.run({"RPUSH", "l", "a", "b", "a", "c", "a"}) == integer(5));
  CHECK(store.run({"LREM", "l", "-1", "a"}) == integer(1));
  CHECK(whole(store, "l") == bulks({"a", "b", "a", "c"}));
  CHECK(store.run({"LREM", "l", "1", "a"}) == integer(1));
  CHECK(whole(store, "l") == bulks({"b", "a", "c"}));
  CHECK(store.run({"LREM", "l", "0", "zz"}) == integer(0));
  CHECK(store.run({"RPUSH", "l", "a", "a"}) == integer(5));
  CHECK(store.run({"LREM", "l", "0", "a"}) == integer(3));
  CHECK(whole(store, "l") == bulks({"b", "c"}));
  // LLONG_MIN stays negative when Redis negates it: every match goes.
  CHECK(store.run({"RPUSH", "l", "b", "b"}) == integer(4));
  CHECK(store.run({"LREM", "l", "-9223372036854775808", "b"}) == integer(3));
  CHECK(store.run({"LREM", "l", "5", "c"}) == integer(1));
  CHECK(store.run({"EXISTS", "l"}) == integer(0));
  CHECK(store.run({"LREM", "l", "x", "a"}) == err(kNotInteger));
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"LREM", "s", "0", "a"}) == err(kWrongType));
  CHECK(store.run({"LREM", "s", "x", "a"}) == err(kNotInteger));
  CHECK(store.run({"LREM", "l", "0"}) == arity_error("lrem"));
}

TEST_CASE("LTRIM") {
  Store store;
  CHECK(store.run({"LTRIM", "l", "0", "1"}) == ok());
  CHECK(store.run({"LTRIM", "l", "x", "1"}) == err(kNotInteger));
  CHECK(store.run({"RPUSH", "l", "y", "x", "a", "b", "c", "z"}) == integer(6));
  CHECK(store.run({"LTRIM", "l", "1", "-2"}) == ok());
  CHECK(whole(store, "l") == bulks({"x", "a", "b", "c"}));
  CHECK(store.run({"LTRIM", "l", "-100", "100"}) == ok());
  CHECK(whole(store, "l") == bulks({"x", "a", "b", "c"}));
  CHECK(store.run({"LTRIM", "l", "-1", "-1"}) == ok());
  CHECK(whole(store, "l") == bulks({"c"}));
  CHECK(store.run({"LTRIM", "l", "5", "1"}) == ok());
  CHECK(store.run({"EXISTS", "l"}) == integer(0));
  CHECK(store.run({"RPUSH", "l", "a"}) == integer(1));
  CHECK(store.run({"LTRIM", "l", "1", "0"}) == ok());
  CHECK(store.run({"EXISTS", "l"}) == integer(0));
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"LTRIM", "s", "0", "1"}) == err(kWrongType));
  CHECK(store.run({"LTRIM", "s", "x", "1"}) == err(kNotInteger));
  CHECK(store.run({"LTRIM", "l", "0"}) == arity_error("ltrim"));
}

TEST_CASE("LPUSH and LTRIM keep a capped list") {
  Store store;
  for (int i = 0; i < 1000; ++i) {
    CHECK(store.run({"LPUSH", "recent", std::to_string(i)}) == integer(i < 100 ? i + 1 : 101));
    CHECK(store.run({"LTRIM", "recent", "0", "99"}) == ok());
  }
  CHECK(store.run({"LLEN", "recent"}) == integer(100));
  CHECK(store.run({"LINDEX", "recent", "0"}) == bulk("999"));
  CHECK(store.run({"LINDEX", "recent", "-1"}) == bulk("900"));
}

// --- LPOS ---------------------------------------------------------------------------

TEST_CASE("LPOS with RANK, COUNT and MAXLEN") {
  Store store;
  CHECK(store.run({"RPUSH", "l", "a", "b", "c", "a", "b", "c"}) == integer(6));
  CHECK(store.run({"LPOS", "l", "a"}) == integer(0));
  CHECK(store.run({"LPOS", "l", "c"}) == integer(2));
  CHECK(store.run({"LPOS", "l", "z"}) == nil());
  CHECK(store.run({"LPOS", "l", "a", "RANK", "2"}) == integer(3));
  CHECK(store.run({"LPOS", "l", "a", "RANK", "3"}) == nil());
  CHECK(store.run({"LPOS", "l", "a", "rank", "-1"}) == integer(3));
  CHECK(store.run({"LPOS", "l", "a", "RANK", "-2"}) == integer(0));
  CHECK(store.run({"LPOS", "l", "a", "COUNT", "0"}) == array({integer(0), integer(3)}));
  CHECK(store.run({"LPOS", "l", "a", "COUNT", "1"}) == array({integer(0)}));
  CHECK(store.run({"LPOS", "l", "a", "COUNT", "0", "RANK", "-1"}) == array({integer(3), integer(0)}));
  CHECK(store.run({"LPOS", "l", "a", "RANK", "3", "COUNT", "0"}) == array({}));
  CHECK(store.run({"LPOS", "l", "z", "COUNT", "0"}) == array({}));
  CHECK(store.run({"LPOS", "l", "c", "MAXLEN", "2"}) == nil());
  CHECK(store.run({"LPOS", "l", "c", "MAXLEN", "3"}) == integer(2));
  CHECK(store.run({"LPOS", "l", "a", "MAXLEN", "0"}) == integer(0));
  CHECK(store.run({"LPOS", "l", "c", "COUNT", "0", "MAXLEN", "3"}) == array({integer(2)}));
  CHECK(store.run({"LPOS", "l", "c", "RANK", "-1", "MAXLEN", "1"}) == integer(5));
  CHECK(store.run({"LPOS", "l", "a", "RANK", "-1", "MAXLEN", "1"}) == nil());
  // Repeated options: the last one wins.
  CHECK(store.run({"LPOS", "l", "a", "RANK", "1", "RANK", "2"}) == integer(3));
  CHECK(store.run({"LPOS", "l", "b", "COUNT", "1", "COUNT", "0"}) == array({integer(1), integer(4)}));
  // Redis 7.0 negates RANK -LLONG_MIN into itself: every match from the tail,
  // whatever the COUNT.
  CHECK(store.run({"LPOS", "l", "a", "RANK", "-9223372036854775808"}) == integer(3));
  CHECK(store.run({"LPOS", "l", "a", "RANK", "-9223372036854775808", "COUNT", "1"}) ==
        array({integer(3), integer(0)}));
  CHECK(store.run({"LPOS", "l", "a", "RANK", "-9223372036854775807", "COUNT", "0"}) == array({}));
  CHECK(store.run({"LPOS", "nokey", "a"}) == nil());
  CHECK(store.run({"LPOS", "nokey", "a", "COUNT", "0"}) == array({}));
}

TEST_CASE("LPOS errors") {
  Store store;
  CHECK(store.run({"RPUSH", "l", "a"}) == integer(1));
  CHECK(store.run({"LPOS", "l", "a", "RANK", "0"}) == err(kRankZero));
  CHECK(store.run({"LPOS", "nokey", "a", "RANK", "0"}) == err(kRankZero));
  CHECK(store.run({"LPOS", "l", "a", "RANK", "x"}) == err(kNotInteger));
  CHECK(store.run({"LPOS", "l", "a", "RANK", "9223372036854775808"}) == err(kNotInteger));
  CHECK(store.run({"LPOS", "l", "a", "COUNT", "-1"}) == err(kCountNegative));
  CHECK(store.run({"LPOS", "l", "a", "COUNT", "x"}) == err(kCountNegative));
  CHECK(store.run({"LPOS", "l", "a", "MAXLEN", "-1"}) == err(kMaxlenNegative));
  CHECK(store.run({"LPOS", "l", "a", "MAXLEN", "x"}) == err(kMaxlenNegative));
  CHECK(store.run({"LPOS", "l", "a", "FOO"}) == err(kSyntax));
  CHECK(store.run({"LPOS", "l", "a", "RANK"}) == err(kSyntax));
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"LPOS", "s", "a"}) == err(kWrongType));
  CHECK(store.run({"LPOS", "s", "a", "RANK", "0"}) == err(kRankZero));
  CHECK(store.run({"LPOS", "l"}) == arity_error("lpos"));
}

// --- LMOVE / RPOPLPUSH -------------------------------------------------------------

TEST_CASE("LMOVE in every direction") {
  Store store;
  CHECK(store.run({"RPUSH", "src", "a", "b", "c"}) == integer(3));
  CHECK(store.run({"LMOVE", "src", "dst", "LEFT", "RIGHT"}) == bulk("a"));
  CHECK(store.run({"LMOVE", "src", "dst", "right", "left"}) == bulk("c"));
  CHECK(store.run({"LMOVE", "src", "dst", "Left", "Left"}) == bulk("b"));
  CHECK(store.run({"EXISTS", "src"}) == integer(0));
  CHECK(whole(store, "dst") == bulks({"b", "c", "a"}));
  CHECK(store.run({"LMOVE", "dst", "src", "RIGHT", "RIGHT"}) == bulk("a"));
  CHECK(whole(store, "src") == bulks({"a"}));
  CHECK(store.run({"LMOVE", "nokey", "dst", "LEFT", "LEFT"}) == nil());
  CHECK(store.run({"EXISTS", "nokey"}) == integer(0));
}

TEST_CASE("LMOVE onto the same list rotates it") {
  Store store;
  CHECK(store.run({"RPUSH", "l", "a", "b", "c"}) == integer(3));
  CHECK(store.run({"LMOVE", "l", "l", "LEFT", "RIGHT"}) == bulk("a"));
  CHECK(whole(store, "l") == bulks({"b", "c", "a"}));
  CHECK(store.run({"LMOVE", "l", "l", "RIGHT", "LEFT"}) == bulk("a"));
  CHECK(whole(store, "l") == bulks({"a", "b", "c"}));
  CHECK(store.run({"RPOPLPUSH", "l", "l"}) == bulk("c"));
  CHECK(whole(store, "l") == bulks({"c", "a", "b"}));
  CHECK(store.run({"LMOVE", "l", "l", "LEFT", "LEFT"}) == bulk("c"));
  CHECK(whole(store, "l") == bulks({"c", "a", "b"}));
  CHECK(store.run({"RPUSH", "one", "x"}) == integer(1));
  CHECK(store.run({"LMOVE", "one", "one", "LEFT", "RIGHT"}) == bulk("x"));
  CHECK(whole(store, "one") == bulks({"x"}));
}

TEST_CASE("LMOVE and RPOPLPUSH errors") {
  Store store;
  CHECK(store.run({"RPUSH", "l", "a", "b", "c"}) == integer(3));
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"LMOVE", "l", "d", "UP", "LEFT"}) == err(kSyntax));
  CHECK(store.run({"LMOVE", "l", "d", "LEFT", "DOWN"}) == err(kSyntax));
  CHECK(store.run({"LMOVE", "nokey", "d", "UP", "LEFT"}) == err(kSyntax));
  // WRONGTYPE on the destination leaves the source untouched.
  CHECK(store.run({"LMOVE", "l", "s", "LEFT", "LEFT"}) == err(kWrongType));
  CHECK(store.run({"RPOPLPUSH", "l", "s"}) == err(kWrongType));
  CHECK(whole(store, "l") == bulks({"a", "b", "c"}));
  CHECK(store.run({"LMOVE", "s", "l", "LEFT", "LEFT"}) == err(kWrongType));
  CHECK(store.run({"RPOPLPUSH", "s", "l"}) == err(kWrongType));
  // A missing source replies nil without looking at the destination.
  CHECK(store.run({"LMOVE", "nokey", "s", "LEFT", "LEFT"}) == nil());
  CHECK(store.run({"RPOPLPUSH", "nokey", "s"}) == nil());
  CHECK(store.run({"LMOVE", "l", "d", "LEFT"}) == arity_error("lmove"));
  CHECK(store.run({"RPOPLPUSH", "l"}) == arity_error("rpoplpush"));
}

TEST_CASE("RPOPLPUSH") {
  Store store;
  CHECK(store.run({"RPOPLPUSH", "src", "dst"}) == nil());
  CHECK(store.run({"RPUSH", "src", "a", "b"}) == integer(2));
  CHECK(store.run({"RPOPLPUSH", "src", "dst"}) == bulk("b"));
  CHECK(store.run({"RPOPLPUSH", "src", "dst"}) == bulk("a"));
  CHECK(store.run({"EXISTS", "src"}) == integer(0));
  CHECK(whole(store, "dst") == bulks({"a", "b"}));
}

// --- LMPOP --------------------------------------------------------------------------

TEST_CASE("LMPOP pops from the first non-empty list") {
  Store store;
  CHECK(store.run({"LMPOP", "1", "l", "LEFT"}) == nil());
  CHECK(store.run({"RPUSH", "l", "a", "b", "c"}) == integer(3));
  CHECK(store.run({"LMPOP", "2", "nokey", "l", "LEFT", "COUNT", "2"}) == array({bulk("l"), bulks({"a", "b"})}));
  CHECK(store.run({"LMPOP", "2", "nokey", "l", "right", "count", "5"}) == array({bulk("l"), bulks({"c"})}));
  CHECK(store.run({"EXISTS", "l"}) == integer(0));
  CHECK(store.run({"RPUSH", "l", "a", "b"}) == integer(2));
  CHECK(store.run({"RPUSH", "m", "x"}) == integer(1));
  CHECK(store.run({"LMPOP", "2", "m", "l", "RIGHT"}) == array({bulk("m"), bulks({"x"})}));
  CHECK(store.run({"LMPOP", "2", "m", "l", "RIGHT"}) == array({bulk("l"), bulks({"b"})}));
  // WRONGTYPE only once a key of the wrong type is reached.
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"LMPOP", "2", "l", "s", "LEFT"}) == array({bulk("l"), bulks({"a"})}));
  CHECK(store.run({"LMPOP", "2", "nokey", "s", "LEFT"}) == err(kWrongType));
}

TEST_CASE("LMPOP errors") {
  Store store;
  CHECK(store.run({"RPUSH", "l", "a"}) == integer(1));
  CHECK(store.run({"LMPOP", "0", "l", "LEFT"}) == err(kNumkeys));
  CHECK(store.run({"LMPOP", "-1", "l", "LEFT"}) == err(kNumkeys));
  CHECK(store.run({"LMPOP", "x", "l", "LEFT"}) == err(kNumkeys));
  CHECK(store.run({"LMPOP", "2", "l", "LEFT"}) == err(kSyntax));
  CHECK(store.run({"LMPOP", "9223372036854775807", "l", "LEFT"}) == err(kSyntax));
  CHECK(store.run({"LMPOP", "1", "l", "UP"}) == err(kSyntax));
  CHECK(store.run({"LMPOP", "1", "l", "LEFT", "COUNT", "0"}) == err(kCountNotPositive));
  CHECK(store.run({"LMPOP", "1", "l", "LEFT", "COUNT", "-1"}) == err(kCountNotPositive));
  CHECK(store.run({"LMPOP", "1", "l", "LEFT", "COUNT", "x"}) == err(kCountNotPositive));
  CHECK(store.run({"LMPOP", "1", "l", "LEFT", "COUNT", "1", "COUNT", "2"}) == err(kSyntax));
  CHECK(store.run({"LMPOP", "1", "l", "LEFT", "COUNT"}) == err(kSyntax));
  CHECK(store.run({"LMPOP", "1", "l", "LEFT", "FOO"}) == err(kSyntax));
  CHECK(store.run({"LMPOP", "1", "l"}) == arity_error("lmpop"));
  CHECK(whole(store, "l") == bulks({"a"}));
}

// --- The command table ---------------------------------------------------------------

TEST_CASE("COMMAND knows where the list commands' keys are") {
  Store store;
  CHECK(store.run({"COMMAND", "GETKEYS", "LMPOP", "2", "a", "b", "LEFT"}) == bulks({"a", "b"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "BLMPOP", "0", "2", "a", "b", "LEFT", "COUNT", "3"}) == bulks({"a", "b"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "BLPOP", "a", "b", "0"}) == bulks({"a", "b"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "LMOVE", "a", "b", "LEFT", "LEFT"}) == bulks({"a", "b"}));
  CHECK(store.run({"COMMAND", "GETKEYS", "BRPOPLPUSH", "a", "b", "0"}) == bulks({"a", "b"}));
  const Value info = store.run({"COMMAND", "INFO", "blpop"});
  REQUIRE(info.elements().size() == 1);
  const auto& row = info.elements()[0].elements();
  CHECK(row[0] == bulk("blpop"));
  CHECK(row[1] == integer(-3));
  CHECK(row[3] == integer(1));
  CHECK(row[4] == integer(-2));
  CHECK(row[5] == integer(1));
}

// --- Expiry, COPY, RENAME --------------------------------------------------------

TEST_CASE("a list with a TTL expires like any key") {
  Store store;
  CHECK(store.run({"RPUSH", "l", "a", "b"}) == integer(2));
  CHECK(store.run({"PEXPIRE", "l", "100"}) == integer(1));
  // Pushing and popping keep the TTL.
  CHECK(store.run({"RPUSH", "l", "c"}) == integer(3));
  CHECK(store.run({"LPOP", "l"}) == bulk("a"));
  CHECK(store.run({"PTTL", "l"}) == integer(100));
  store.advance(100ms);
  CHECK(store.run({"LLEN", "l"}) == integer(2));
  store.advance(1ms);
  CHECK(store.run({"LLEN", "l"}) == integer(0));
  CHECK(store.run({"LPUSHX", "l", "x"}) == integer(0));
  CHECK(store.run({"LPUSH", "l", "x"}) == integer(1));
  CHECK(store.run({"PTTL", "l"}) == integer(-1));
  // An emptied list takes its TTL with it.
  CHECK(store.run({"PEXPIRE", "l", "100"}) == integer(1));
  CHECK(store.run({"RPOP", "l"}) == bulk("x"));
  CHECK(store.run({"RPUSH", "l", "y"}) == integer(1));
  CHECK(store.run({"PTTL", "l"}) == integer(-1));
}

TEST_CASE("COPY makes an independent list") {
  Store store;
  std::vector<std::string> elements;
  for (int i = 0; i < 2000; ++i) elements.push_back("element " + std::to_string(i));
  CHECK(store->rpush("l", elements).get() == 2000);
  CHECK(store.run({"COPY", "l", "c"}) == integer(1));
  CHECK(store.run({"RPOP", "l"}) == bulk("element 1999"));
  CHECK(store.run({"LSET", "l", "0", "changed"}) == ok());
  CHECK(store->lrange("c", 0, -1).get() == elements);
  CHECK(store.run({"OBJECT", "ENCODING", "c"}) == bulk("quicklist"));
}

// --- Random operations against a reference model ------------------------------------

TEST_CASE("random list commands match a simple model") {
  Store store;
  std::mt19937_64 rng(7);
  std::map<std::string, std::deque<std::string>> model;
  const std::vector<std::string> keys = {"a", "b", "c"};
  const std::vector<std::string> values = {"x", "y", "z", std::string(30, 'w'), std::string("n\0l", 3)};
  auto key = [&] { return keys[rng() % keys.size()]; };
  auto value = [&] { return values[rng() % values.size()]; };
  auto number = [&](long long range) { return static_cast<long long>(rng() % (2 * range + 1)) - range; };
  auto model_reply = [&](const std::deque<std::string>& l, long long start, long long stop) {
    Value::Array out;
    const auto n = static_cast<long long>(l.size());
    if (start < 0) start += n;
    if (stop < 0) stop += n;
    start = std::max(start, 0LL);
    stop = std::min(stop, n - 1);
    for (long long i = start; i <= stop; ++i) out.push_back(bulk(l[static_cast<std::size_t>(i)]));
    return Value::array(std::move(out));
  };
  auto erase_if_empty = [&](const std::string& k) {
    if (model.count(k) && model[k].empty()) model.erase(k);
  };
  for (int step = 0; step < 20000; ++step) {
    const std::string k = key();
    const std::string v = value();
    const std::string ks = k;
    switch (rng() % 10) {
    case 0: {  // LPUSH / RPUSH
      const bool left = rng() % 2;
      auto& l = model[k];
      if (left) l.push_front(v);
      else l.push_back(v);
      REQUIRE(store.run({left ? "LPUSH" : "RPUSH", k, v}) == integer(static_cast<long long>(l.size())));
      break;
    }
    case 1: {  // LPOP / RPOP with a count
      const bool left = rng() % 2;
      const long long count = static_cast<long long>(rng() % 4);
      Value expected;
      if (model.count(k)) {
        Value::Array out;
        auto& l = model[k];
        for (long long i = 0; i < count && !l.empty(); ++i) {
          out.push_back(bulk(left ? l.front() : l.back()));
          if (left) l.pop_front();
          else l.pop_back();
        }
        expected = Value::array(std::move(out));
        erase_if_empty(k);
      }
      REQUIRE(store.run({left ? "LPOP" : "RPOP", k, std::to_string(count)}) == expected);
      break;
    }
    case 2: {  // LRANGE
      const long long start = number(6), stop = number(6);
      const Value expected = model.count(k) ? model_reply(model[k], start, stop) : array({});
      REQUIRE(store.run({"LRANGE", k, std::to_string(start), std::to_string(stop)}) == expected);
      break;
    }
    case 3: {  // LINDEX / LSET
      const long long index = number(5);
      const auto n = model.count(k) ? static_cast<long long>(model[k].size()) : 0;
      const long long i = index < 0 ? index + n : index;
      const bool in_range = i >= 0 && i < n;
      if (rng() % 2) {
        REQUIRE(store.run({"LINDEX", k, std::to_string(index)}) ==
                (in_range ? bulk(model[k][static_cast<std::size_t>(i)]) : nil()));
      } else {
        const Value expected = n == 0 ? err(kNoSuchKey) : in_range ? ok() : err(kIndexOutOfRange);
        if (in_range) model[k][static_cast<std::size_t>(i)] = v;
        REQUIRE(store.run({"LSET", k, std::to_string(index), v}) == expected);
      }
      break;
    }
    case 4: {  // LINSERT
      const bool after = rng() % 2;
      const std::string pivot = value();
      long long expected = 0;
      if (model.count(k)) {
        auto& l = model[k];
        auto it = std::find(l.begin(), l.end(), pivot);
        if (it == l.end()) {
          expected = -1;
        } else {
          l.insert(after ? it + 1 : it, v);
          expected = static_cast<long long>(l.size());
        }
      }
      REQUIRE(store.run({"LINSERT", k, after ? "AFTER" : "BEFORE", pivot, v}) == integer(expected));
      break;
    }
    case 5: {  // LREM
      const long long count = number(2);
      long long removed = 0;
      if (model.count(k)) {
        auto& l = model[k];
        const auto limit = static_cast<long long>(std::llabs(count));
        if (count >= 0) {
          for (auto it = l.begin(); it != l.end() && (limit == 0 || removed < limit);) {
            if (*it == v) {
              it = l.erase(it);
              ++removed;
            } else {
              ++it;
            }
          }
        } else {
          for (std::size_t i = l.size(); i-- > 0 && removed < limit;) {
            if (l[i] == v) {
              l.erase(l.begin() + static_cast<long>(i));
              ++removed;
            }
          }
        }
        erase_if_empty(k);
      }
      REQUIRE(store.run({"LREM", k, std::to_string(count), v}) == integer(removed));
      break;
    }
    case 6: {  // LTRIM, now and then: it empties lists fast
      if (rng() % 4 != 0) break;
      const long long start = number(4), stop = number(8);
      if (model.count(k)) {
        const Value kept = model_reply(model[k], start, stop);
        auto& l = model[k];
        l.clear();
        for (const auto& e : kept.elements()) l.push_back(e.string());
        erase_if_empty(k);
      }
      REQUIRE(store.run({"LTRIM", k, std::to_string(start), std::to_string(stop)}) == ok());
      break;
    }
    case 7: {  // LMOVE
      const std::string dst = key();
      const bool from_left = rng() % 2, to_left = rng() % 2;
      Value expected;
      if (model.count(k)) {
        auto& src = model[k];
        const std::string e = from_left ? src.front() : src.back();
        if (from_left) src.pop_front();
        else src.pop_back();
        auto& d = model[dst];
        if (to_left) d.push_front(e);
        else d.push_back(e);
        erase_if_empty(k);
        expected = bulk(e);
      }
      REQUIRE(store.run({"LMOVE", k, dst, from_left ? "LEFT" : "RIGHT", to_left ? "LEFT" : "RIGHT"}) == expected);
      break;
    }
    case 8: {  // LPOS
      Value::Array found;
      if (model.count(k)) {
        const auto& l = model[k];
        for (std::size_t i = 0; i < l.size(); ++i)
          if (l[i] == v) found.push_back(integer(static_cast<long long>(i)));
      }
      REQUIRE(store.run({"LPOS", k, v, "COUNT", "0"}) == Value::array(found));
      REQUIRE(store.run({"LPOS", k, v, "RANK", "-1"}) == (found.empty() ? nil() : found.back()));
      break;
    }
    default: {  // LLEN, EXISTS
      const auto n = model.count(k) ? static_cast<long long>(model[k].size()) : 0;
      REQUIRE(store.run({"LLEN", k}) == integer(n));
      REQUIRE(store.run({"EXISTS", k}) == integer(n > 0 ? 1 : 0));
    }
    }
  }
  for (const auto& k : keys) {
    Value::Array expected;
    if (model.count(k))
      for (const auto& e : model[k]) expected.push_back(bulk(e));
    CHECK(whole(store, k) == Value::array(expected));
  }
}

// --- Blocking commands -------------------------------------------------------------

TEST_CASE("BLPOP and BRPOP serve at once when a list has elements") {
  Store store;
  CHECK(store.run({"RPUSH", "b", "1", "2", "3"}) == integer(3));
  CHECK(store.run({"BLPOP", "a", "b", "0"}) == bulks({"b", "1"}));
  CHECK(store.run({"BRPOP", "a", "b", "1.5"}) == bulks({"b", "3"}));
  CHECK(store.run({"RPUSH", "a", "x"}) == integer(1));
  CHECK(store.run({"BLPOP", "a", "b", "0"}) == bulks({"a", "x"}));
  CHECK(store.run({"BLPOP", "b", "0"}) == bulks({"b", "2"}));
  CHECK(store.run({"EXISTS", "a", "b"}) == integer(0));
  CHECK(store.run({"BLPOP", "a"}) == arity_error("blpop"));
  CHECK(store.run({"BRPOP", "a"}) == arity_error("brpop"));
  // WRONGTYPE once a key of the wrong type is reached.
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"RPUSH", "l", "x"}) == integer(1));
  CHECK(store.run({"BLPOP", "l", "s", "0"}) == bulks({"l", "x"}));
  CHECK(store.run({"BLPOP", "nokey", "s", "0"}) == err(kWrongType));
  CHECK(store.run({"BRPOP", "s", "0"}) == err(kWrongType));
}

TEST_CASE("blocking timeouts are parsed as Redis 7.0 does") {
  Store store;
  for (const char* bad : {"x", "", " 1", "1 ", "0.1abc", "nan"})
    CHECK(store.run({"BLPOP", "q", bad}) == err(kTimeoutNotFloat));
  // Beyond long long's range Redis's cast yields LLONG_MIN: "negative".
  for (const char* negative : {"-1", "-0.002", "inf", "-inf", "1e30", "9223372036854775807"})
    CHECK(store.run({"BLPOP", "q", negative}) == err(kTimeoutNegative));
  // now + timeout would overflow: Redis 7.0 lets it (and then waits forever);
  // 7.2 and later reply this, as we do.
  CHECK(store.run({"BLPOP", "q", "9223372036854775"}) == err(kTimeoutOutOfRange));
  CHECK(store.run({"BRPOP", "q", "-1"}) == err(kTimeoutNegative));
  CHECK(store.run({"BLMOVE", "q", "d", "LEFT", "LEFT", "x"}) == err(kTimeoutNotFloat));
  CHECK(store.run({"BLMOVE", "q", "d", "UP", "LEFT", "x"}) == err(kSyntax));
  CHECK(store.run({"BRPOPLPUSH", "q", "d", "-1"}) == err(kTimeoutNegative));
  CHECK(store.run({"BLMPOP", "x", "1", "q", "LEFT"}) == err(kTimeoutNotFloat));
  CHECK(store.run({"BLMPOP", "-1", "1", "q", "LEFT"}) == err(kTimeoutNegative));
  CHECK(store.run({"INFO", "clients"}).string().find("blocked_clients:0") != std::string::npos);
}

TEST_CASE("a blocked BLPOP is woken by a push and gets the first element") {
  Store store;
  auto waiter = start(store, {"BLPOP", "q", "0"});
  CHECK_FALSE(waiter.ready());
  CHECK(info_field(store, "clients", "blocked_clients") == "1");
  // The pusher sees the length it made; the waiter then takes the head.
  CHECK(store.run({"RPUSH", "q", "a", "b"}) == integer(2));
  REQUIRE(waiter.ready());
  CHECK(waiter.get() == bulks({"q", "a"}));
  CHECK(whole(store, "q") == bulks({"b"}));
  CHECK(info_field(store, "clients", "blocked_clients") == "0");

  // BRPOP takes the tail of what LPUSH pushed: LPUSH x 1 2 3 leaves 3 2 1.
  auto tail = start(store, {"BRPOP", "x", "0"});
  CHECK(store.run({"LPUSH", "x", "1", "2", "3"}) == integer(3));
  CHECK(tail.get() == bulks({"x", "1"}));
  auto head = start(store, {"BLPOP", "y", "0"});
  CHECK(store.run({"LPUSH", "y", "1", "2", "3"}) == integer(3));
  CHECK(head.get() == bulks({"y", "3"}));
}

TEST_CASE("a caller blocked on several keys is served by whichever gets data") {
  Store store;
  auto waiter = start(store, {"BLPOP", "a", "b", "c", "0"});
  CHECK(store.run({"RPUSH", "c", "x"}) == integer(1));
  CHECK(waiter.get() == bulks({"c", "x"}));
  CHECK(store.run({"EXISTS", "c"}) == integer(0));
  CHECK(info_field(store, "clients", "blocked_clients") == "0");
  // It left no trace on the other keys: a later push stays.
  CHECK(store.run({"RPUSH", "a", "y"}) == integer(1));
  CHECK(whole(store, "a") == bulks({"y"}));
}

TEST_CASE("a key named twice counts once") {
  Store store;
  auto waiter = start(store, {"BLPOP", "q", "q", "0"});
  CHECK(info_field(store, "clients", "blocked_clients") == "1");
  CHECK(store.run({"RPUSH", "q", "a", "b"}) == integer(2));
  CHECK(waiter.get() == bulks({"q", "a"}));
  CHECK(whole(store, "q") == bulks({"b"}));
  CHECK(info_field(store, "clients", "blocked_clients") == "0");
}

TEST_CASE("blocked callers are served first come, first served") {
  Store store;
  auto first = post(store, {"BLPOP", "q", "0"});
  auto second = post(store, {"BRPOP", "q", "0"});
  auto third = post(store, {"BLPOP", "other", "q", "0"});
  store->run_until_idle();
  CHECK(info_field(store, "clients", "blocked_clients") == "3");
  CHECK(store.run({"RPUSH", "q", "a"}) == integer(1));
  REQUIRE(first.ready());
  CHECK(first.get() == bulks({"q", "a"}));
  CHECK_FALSE(second.ready());
  CHECK(store.run({"RPUSH", "q", "b", "c", "d"}) == integer(3));
  CHECK(second.get() == bulks({"q", "d"}));
  CHECK(third.get() == bulks({"q", "b"}));
  CHECK(whole(store, "q") == bulks({"c"}));
  CHECK(info_field(store, "clients", "blocked_clients") == "0");
}

TEST_CASE("a push that satisfies a blocked caller is handed over before the next command") {
  Store store;
  auto waiter = post(store, {"BLPOP", "q", "0"});
  store->run_until_idle();
  // One batch: the push, then another caller's pop; the waiter wins.
  auto push = post(store, {"LPUSH", "q", "x"});
  auto pop = post(store, {"RPOP", "q"});
  store->run_until_idle();
  CHECK(push.get() == integer(1));
  CHECK(waiter.get() == bulks({"q", "x"}));
  CHECK(pop.get() == nil());
  CHECK(store.run({"EXISTS", "q"}) == integer(0));
}

TEST_CASE("blocking commands time out with nil once the deadline has passed") {
  Store store;
  auto one_second = start(store, {"BLPOP", "q", "1"});
  auto half = start(store, {"BRPOP", "q", "0.5"});
  auto tiny = start(store, {"BLMOVE", "q", "d", "LEFT", "LEFT", "0.0001"});  // rounds up to 1 ms
  auto forever = start(store, {"BLMPOP", "0", "1", "q", "LEFT"});
  auto pushx = start(store, {"BRPOPLPUSH", "q", "d", "2"});
  CHECK(info_field(store, "clients", "blocked_clients") == "5");
  store.advance(1ms);
  CHECK_FALSE(tiny.ready());  // strictly past the deadline, as Redis
  store.advance(1ms);
  CHECK(tiny.get() == nil());
  store.advance(498ms);
  CHECK_FALSE(half.ready());
  store.advance(1ms);
  CHECK(half.get() == nil());
  store.advance(500ms);
  CHECK(one_second.get() == nil());
  store.advance(1s);
  CHECK(pushx.get() == nil());
  store.advance(1h);
  CHECK_FALSE(forever.ready());
  CHECK(info_field(store, "clients", "blocked_clients") == "1");
  CHECK(store.run({"RPUSH", "q", "a"}) == integer(1));
  CHECK(forever.get() == array({bulk("q"), bulks({"a"})}));
  CHECK(info_field(store, "clients", "blocked_clients") == "0");
  // A negative fraction rounds up to zero: forever.
  auto rounded = start(store, {"BLPOP", "q", "-0.0001"});
  store.advance(1h);
  CHECK_FALSE(rounded.ready());
  CHECK(store.run({"RPUSH", "q", "b"}) == integer(1));
  CHECK(rounded.get() == bulks({"q", "b"}));
}

TEST_CASE("every command that creates a list wakes its waiters") {
  Store store;
  SUBCASE("LPUSH and RPUSH") {
    auto a = start(store, {"BLPOP", "q", "0"});
    CHECK(store.run({"LPUSH", "q", "x"}) == integer(1));
    CHECK(a.get() == bulks({"q", "x"}));
    auto b = start(store, {"BLPOP", "q", "0"});
    CHECK(store.run({"RPUSH", "q", "y"}) == integer(1));
    CHECK(b.get() == bulks({"q", "y"}));
  }
  SUBCASE("LPUSHX, RPUSHX and LINSERT cannot create a list") {
    auto a = start(store, {"BLPOP", "q", "0"});
    CHECK(store.run({"LPUSHX", "q", "x"}) == integer(0));
    CHECK(store.run({"RPUSHX", "q", "x"}) == integer(0));
    CHECK(store.run({"LINSERT", "q", "BEFORE", "x", "y"}) == integer(0));
    CHECK_FALSE(a.ready());
    CHECK(store.run({"RPUSH", "q", "z"}) == integer(1));
    CHECK(a.get() == bulks({"q", "z"}));
  }
  SUBCASE("LMOVE and RPOPLPUSH into the waited key") {
    CHECK(store.run({"RPUSH", "src", "1", "2"}) == integer(2));
    auto a = start(store, {"BLPOP", "q", "0"});
    CHECK(store.run({"LMOVE", "src", "q", "LEFT", "RIGHT"}) == bulk("1"));
    CHECK(a.get() == bulks({"q", "1"}));
    auto b = start(store, {"BRPOP", "q", "0"});
    CHECK(store.run({"RPOPLPUSH", "src", "q"}) == bulk("2"));
    CHECK(b.get() == bulks({"q", "2"}));
    CHECK(store.run({"EXISTS", "src", "q"}) == integer(0));
  }
  SUBCASE("RENAME and COPY of a list onto the waited key") {
    CHECK(store.run({"RPUSH", "src", "1", "2"}) == integer(2));
    auto a = start(store, {"BLPOP", "q", "0"});
    CHECK(store.run({"RENAME", "src", "q"}) == ok());
    CHECK(a.get() == bulks({"q", "1"}));
    auto b = start(store, {"BLPOP", "c", "0"});
    CHECK(store.run({"COPY", "q", "c"}) == integer(1));
    CHECK(b.get() == bulks({"c", "2"}));
    CHECK(whole(store, "q") == bulks({"2"}));
  }
  SUBCASE("a string at the waited key wakes nobody") {
    auto a = start(store, {"BLPOP", "q", "0"});
    CHECK(store.run({"SET", "q", "v"}) == ok());
    CHECK_FALSE(a.ready());
    CHECK(store.run({"DEL", "q"}) == integer(1));
    CHECK(store.run({"RPUSH", "q", "x"}) == integer(1));
    CHECK(a.get() == bulks({"q", "x"}));
  }
}

TEST_CASE("BLMOVE and BRPOPLPUSH move what arrives, and wake the next waiter in turn") {
  Store store;
  auto move = start(store, {"BLMOVE", "q1", "q2", "LEFT", "RIGHT", "0"});
  auto pop = start(store, {"BLPOP", "q2", "0"});
  auto chain = start(store, {"BRPOPLPUSH", "q3", "q1", "0"});
  CHECK(info_field(store, "clients", "blocked_clients") == "3");
  // q3 -> q1 (BRPOPLPUSH) -> q2 (BLMOVE) -> BLPOP, all within this command.
  CHECK(store.run({"RPUSH", "q3", "x"}) == integer(1));
  CHECK(chain.get() == bulk("x"));
  CHECK(move.get() == bulk("x"));
  CHECK(pop.get() == bulks({"q2", "x"}));
  CHECK(store.run({"EXISTS", "q1", "q2", "q3"}) == integer(0));
  CHECK(info_field(store, "clients", "blocked_clients") == "0");
  // Served at once when the source has elements, like LMOVE.
  CHECK(store.run({"RPUSH", "src", "a", "b"}) == integer(2));
  CHECK(store.run({"BLMOVE", "src", "dst", "RIGHT", "LEFT", "0"}) == bulk("b"));
  CHECK(store.run({"BRPOPLPUSH", "src", "dst", "0"}) == bulk("a"));
  CHECK(whole(store, "dst") == bulks({"a", "b"}));
}

TEST_CASE("BLMOVE with a destination of the wrong type") {
  Store store;
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"RPUSH", "src", "a"}) == integer(1));
  CHECK(store.run({"BLMOVE", "src", "s", "LEFT", "LEFT", "0"}) == err(kWrongType));
  CHECK(store.run({"BRPOPLPUSH", "src", "s", "0"}) == err(kWrongType));
  CHECK(store.run({"BLMOVE", "s", "src", "LEFT", "LEFT", "0"}) == err(kWrongType));
  // Waiting does not look at the destination; being served does, and the
  // element stays where it was.
  auto waiter = start(store, {"BLMOVE", "q", "s", "LEFT", "LEFT", "0"});
  CHECK_FALSE(waiter.ready());
  CHECK(store.run({"RPUSH", "q", "a"}) == integer(1));
  CHECK(waiter.get() == err(kWrongType));
  CHECK(whole(store, "q") == bulks({"a"}));
}

TEST_CASE("a woken caller that finds nothing waits again, keeping its place") {
  Store store;
  auto move = start(store, {"BLMOVE", "q", "elsewhere", "LEFT", "LEFT", "0"});
  auto second = start(store, {"BLPOP", "q", "0"});
  auto third = start(store, {"BLPOP", "q", "0"});
  CHECK(store.run({"RPUSH", "q", "a"}) == integer(1));
  CHECK(move.get() == bulk("a"));
  CHECK_FALSE(second.ready());
  CHECK_FALSE(third.ready());
  CHECK(info_field(store, "clients", "blocked_clients") == "2");
  CHECK(store.run({"RPUSH", "q", "b"}) == integer(1));
  CHECK(second.get() == bulks({"q", "b"}));
  CHECK_FALSE(third.ready());
  CHECK(store.run({"RPUSH", "q", "c"}) == integer(1));
  CHECK(third.get() == bulks({"q", "c"}));
  CHECK(whole(store, "elsewhere") == bulks({"a"}));
}

TEST_CASE("BLMPOP") {
  Store store;
  CHECK(store.run({"RPUSH", "b", "1", "2", "3"}) == integer(3));
  CHECK(store.run({"BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2"}) == array({bulk("b"), bulks({"3", "2"})}));
  CHECK(store.run({"BLMPOP", "0", "2", "a", "b", "LEFT"}) == array({bulk("b"), bulks({"1"})}));
  auto waiter = start(store, {"BLMPOP", "0", "2", "a", "b", "LEFT", "COUNT", "10"});
  CHECK_FALSE(waiter.ready());
  CHECK(store.run({"RPUSH", "b", "x", "y"}) == integer(2));
  CHECK(waiter.get() == array({bulk("b"), bulks({"x", "y"})}));
  CHECK(store.run({"EXISTS", "b"}) == integer(0));
  CHECK(store.run({"BLMPOP", "0", "0", "a", "LEFT"}) == err(kNumkeys));
  CHECK(store.run({"BLMPOP", "0", "1", "a", "UP"}) == err(kSyntax));
  CHECK(store.run({"BLMPOP", "0", "2", "a", "LEFT"}) == err(kSyntax));
  CHECK(store.run({"BLMPOP", "0.01", "1", "a", "LEFT", "COUNT", "0"}) == err(kCountNotPositive));
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"BLMPOP", "0", "2", "a", "s", "LEFT"}) == err(kWrongType));
  CHECK(store.run({"BLMPOP", "0", "1", "a"}) == arity_error("blmpop"));
}

TEST_CASE("inside a transaction the blocking commands answer nil at once") {
  DirectStore direct;
  auto run = [&](const not_redis::Argv& argv, not_redis::detail::CallMode mode) { return direct.run(argv, mode); };
  const not_redis::detail::CallMode in_exec = kInExec;
  CHECK(run({"BLPOP", "q", "0"}, in_exec) == nil());
  CHECK(run({"BRPOP", "q", "1"}, in_exec) == nil());
  CHECK(run({"BLMOVE", "q", "d", "LEFT", "LEFT", "0"}, in_exec) == nil());
  CHECK(run({"BRPOPLPUSH", "q", "d", "0"}, in_exec) == nil());
  CHECK(run({"BLMPOP", "0", "1", "q", "LEFT"}, in_exec) == nil());
  CHECK(run({"RPUSH", "q", "a"}, in_exec) == integer(1));
  CHECK(run({"BLPOP", "q", "0"}, in_exec) == bulks({"q", "a"}));
  // Outside one, the same call asks the engine to park it: its outcome says
  // what it waits for.
  not_redis::detail::Outcome outcome = not_redis::detail::dispatch(direct.store, direct.session, not_redis::Argv{"BLPOP", "q", "r", "1.5"});
  REQUIRE(outcome.blocked());
  const std::unique_ptr<not_redis::detail::Block> block = outcome.take_block();
  CHECK(block->keys == std::vector<std::string>{"q", "r"});
  CHECK(block->deadline_ms == std::chrono::duration_cast<std::chrono::milliseconds>(direct.clock.now()).count() + 1500);
  CHECK(block->timeout_reply.is_null_array());
  CHECK(block->wants == not_redis::detail::ObjectType::list);
}

TEST_CASE("shutting down completes blocked callers with a shutdown error") {
  not_redis::Client client;
  auto a = client.blpop("q", 0s);
  auto b = client.blmove("q", "d", ListEnd::left, ListEnd::right, 10s);
  auto c = client.blmpop({"q", "r"}, ListEnd::left, 0s);
  CHECK(client.llen("q").get() == 0);  // the three are parked by now
  CHECK(client.command<std::string>("INFO", "clients").get().find("blocked_clients:3") != std::string::npos);
  client.shutdown();
  auto kind_thrown = [](auto& pending) {
    try {
      pending.get();
    } catch (const Error& e) {
      return e.kind();
    }
    FAIL("a blocked caller completed normally");
    return Error::Kind::reply;
  };
  CHECK(kind_thrown(a) == Error::Kind::shutdown);
  CHECK(kind_thrown(b) == Error::Kind::shutdown);
  CHECK(kind_thrown(c) == Error::Kind::shutdown);
}

TEST_CASE("producers and consumers on threads lose and duplicate nothing") {
  not_redis::Client client;
  // Producers pipeline their pushes; consumers keep several BLPOPs in flight
  // (they complete in the order posted), half waiting forever on two keys,
  // half a few seconds on one.
  constexpr int kProducers = 4, kConsumers = 4, kPerProducer = 25000, kInFlight = 64;
  std::vector<std::vector<std::string>> received(kConsumers);
  std::vector<std::thread> consumers;
  for (int c = 0; c < kConsumers; ++c) {
    consumers.emplace_back([&, c] {
      using Pop = not_redis::Future<std::optional<std::pair<std::string, std::string>>>;
      std::deque<Pop> in_flight;
      bool stopping = false;
      auto issue = [&] { in_flight.push_back(c % 2 ? client.blpop({"jobs", "other"}, 0s) : client.blpop("jobs", 5s)); };
      for (int i = 0; i < kInFlight; ++i) issue();
      while (!in_flight.empty()) {
        auto got = in_flight.front().get();
        in_flight.pop_front();
        if (got && got->second == "stop") stopping = true;
        else if (got) received[static_cast<std::size_t>(c)].push_back(std::move(got->second));
        if (!stopping) issue();  // after a timeout too: wait again
      }
    });
  }
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&, p] {
      std::vector<not_redis::Future<long long>> pushes;
      pushes.reserve(kPerProducer);
      for (int i = 0; i < kPerProducer; ++i)
        pushes.push_back(client.rpush("jobs", std::to_string(p) + ":" + std::to_string(i)));
      for (auto& f : pushes) f.get();
    });
  }
  for (auto& t : producers) t.join();
  // Every element is in the list before the first "stop"; enough of them
  // for every BLPOP that can still be waiting.
  client.rpush("jobs", std::vector<std::string>(kConsumers * kInFlight, "stop")).get();
  for (auto& t : consumers) t.join();

  std::set<std::string> all;
  std::size_t total = 0;
  for (const auto& mine : received) {
    total += mine.size();
    all.insert(mine.begin(), mine.end());
    // Each consumer sees every producer's elements in the order pushed.
    std::vector<int> last(kProducers, -1);
    for (const auto& e : mine) {
      const int p = std::stoi(e.substr(0, e.find(':')));
      const int i = std::stoi(e.substr(e.find(':') + 1));
      CHECK(i > last[static_cast<std::size_t>(p)]);
      last[static_cast<std::size_t>(p)] = i;
    }
  }
  CHECK(total == std::size_t{kProducers * kPerProducer});
  CHECK(all.size() == total);
  for (const auto& left : client.lrange("jobs", 0, -1).get()) CHECK(left == "stop");
  CHECK(client.exists("other").get() == 0);
}

// --- The typed API ------------------------------------------------------------------

TEST_CASE("typed pushes, pops and reads") {
  Store store;
  CHECK(store->rpush("l", "a").get() == 1);
  CHECK(store->rpush("l", "b", std::string("c")).get() == 3);
  CHECK(store->lpush("l", {"y", "x"}).get() == 5);
  const std::vector<std::string> more = {"d", "e"};
  CHECK(store->rpush("l", more).get() == 7);
  CHECK(store->lpush("l", std::vector<std::string_view>{"z"}).get() == 8);
  CHECK(store->lpushx("nokey", "a").get() == 0);
  CHECK(store->rpushx("nokey", {"a", "b"}).get() == 0);
  CHECK(store->rpushx("l", "f").get() == 9);
  CHECK(store->lpushx("l", more).get() == 11);
  CHECK(store->lrange("l", 0, -1).get() ==
        std::vector<std::string>{"e", "d", "z", "x", "y", "a", "b", "c", "d", "e", "f"});
  CHECK(store->llen("l").get() == 11);
  CHECK(store->lpop("l").get() == "e");
  CHECK(store->rpop("l").get() == "f");
  CHECK(store->lpop("l", 2).get() == std::vector<std::string>{"d", "z"});
  CHECK(store->rpop("l", 0).get() == std::vector<std::string>{});
  CHECK(store->rpop("l", 2).get() == std::vector<std::string>{"e", "d"});
  CHECK(store->lpop("nokey").get() == std::nullopt);
  CHECK(store->lpop("nokey", 2).get() == std::nullopt);
  CHECK(store->lindex("l", -1).get() == "c");
  CHECK(store->lindex("l", 10).get() == std::nullopt);
  store->lset("l", 0, "X").get();
  CHECK(store->linsert("l", ListWhere::after, "X", "X2").get() == 6);
  CHECK(store->linsert("l", ListWhere::before, "nope", "v").get() == -1);
  CHECK(store->lrange("l", 0, -1).get() == std::vector<std::string>{"X", "X2", "y", "a", "b", "c"});
  CHECK(store->lrem("l", 0, "X2").get() == 1);
  store->ltrim("l", 1, -1).get();
  CHECK(store->lrange("l", 0, -1).get() == std::vector<std::string>{"y", "a", "b", "c"});
  CHECK(reply_error([&] { store->lset("nokey", 0, "x").get(); }) == kNoSuchKey);
  CHECK(reply_error([&] { store->lset("l", 10, "x").get(); }) == kIndexOutOfRange);
  CHECK(reply_error([&] { store->lpop("l", -1).get(); }) == kNotPositive);
  store.run({"SET", "s", "v"});
  CHECK(reply_error([&] { store->rpush("s", "x").get(); }) == kWrongType);
}

TEST_CASE("typed LPOS, LMOVE and LMPOP") {
  Store store;
  CHECK(store->rpush("l", {"a", "b", "a", "c", "a"}).get() == 5);
  CHECK(store->lpos("l", "a").get() == 0);
  CHECK(store->lpos("l", "a", {.rank = -1}).get() == 4);
  CHECK(store->lpos("l", "a", {.rank = 2, .maxlen = 2}).get() == std::nullopt);
  CHECK(store->lpos("l", "z").get() == std::nullopt);
  CHECK(store->lpos_count("l", "a", 0).get() == std::vector<long long>{0, 2, 4});
  CHECK(store->lpos_count("l", "a", 2, {.rank = -1}).get() == std::vector<long long>{4, 2});
  CHECK(reply_error([&] { store->lpos("l", "a", {.rank = 0}).get(); }) == kRankZero);
  CHECK(store->lmove("l", "m", ListEnd::left, ListEnd::right).get() == "a");
  CHECK(store->lmove("nokey", "m", ListEnd::left, ListEnd::right).get() == std::nullopt);
  CHECK(store->rpoplpush("l", "m").get() == "a");
  CHECK(store->lrange("m", 0, -1).get() == std::vector<std::string>{"a", "a"});
  using Popped = std::optional<std::pair<std::string, std::vector<std::string>>>;
  CHECK(store->lmpop({"nokey", "l"}, ListEnd::left, 2).get() == Popped{{"l", {"b", "a"}}});
  CHECK(store->lmpop(std::vector<std::string>{"nokey", "l"}, ListEnd::right).get() == Popped{{"l", {"c"}}});
  CHECK(store->lmpop({"nokey", "l"}, ListEnd::left).get() == std::nullopt);
  CHECK(reply_error([&] { store->lmpop({"l"}, ListEnd::left, 0).get(); }) == kCountNotPositive);
}

TEST_CASE("typed blocking commands") {
  Store store;
  using Popped = std::optional<std::pair<std::string, std::vector<std::string>>>;
  using KeyElement = std::optional<std::pair<std::string, std::string>>;
  CHECK(store->rpush("l", {"a", "b", "c", "d", "e"}).get() == 5);
  CHECK(store->blpop("l", 1s).get() == KeyElement{{"l", "a"}});
  CHECK(store->brpop({"nokey", "l"}, 0s).get() == KeyElement{{"l", "e"}});
  CHECK(store->blpop(std::vector<std::string>{"l"}, 1500ms).get() == KeyElement{{"l", "b"}});
  CHECK(store->blmove("l", "m", ListEnd::right, ListEnd::left, 1s).get() == "d");
  CHECK(store->brpoplpush("l", "m", 1s).get() == "c");
  CHECK(store->blmpop({"nokey", "m"}, ListEnd::left, 1s, 5).get() == Popped{{"m", {"c", "d"}}});

  // Waiting: a typed future that completes when data arrives or time passes.
  auto waiting = store->blpop("q", 250ms);
  auto moving = store->blmove("q2", "m", ListEnd::left, ListEnd::left, 0s);
  auto popping = store->blmpop(std::vector<std::string>{"q3"}, ListEnd::right, 2s, 2);
  auto timing_out = store->brpoplpush("q4", "m", 1500us);  // rounded up to 2 ms
  CHECK_FALSE(waiting.ready());
  store.advance(2ms);
  CHECK_FALSE(timing_out.ready());
  store.advance(1ms);
  CHECK(timing_out.get() == std::nullopt);
  store.advance(248ms);
  CHECK(waiting.get() == std::nullopt);
  store.run({"RPUSH", "q2", "x"});
  CHECK(moving.get() == "x");
  store.run({"RPUSH", "q3", "1", "2", "3"});
  CHECK(popping.get() == Popped{{"q3", {"3", "2"}}});
  CHECK(reply_error([&] { store->brpop("nokey", -1s).get(); }) == kTimeoutNegative);
}

TEST_CASE("durations become Redis timeouts in seconds") {
  using not_redis::detail::timeout_seconds;
  CHECK(timeout_seconds(0s) == "0.000000");
  CHECK(timeout_seconds(5s) == "5.000000");
  CHECK(timeout_seconds(1500ms) == "1.500000");
  CHECK(timeout_seconds(1us) == "0.000001");
  CHECK(timeout_seconds(std::chrono::nanoseconds(1)) == "0.000001");
  CHECK(timeout_seconds(std::chrono::duration<double>(0.25)) == "0.250000");
  CHECK(timeout_seconds(-2s) == "-2.000000");
  CHECK(timeout_seconds(1min) == "60.000000");
}

// Found by the parity test: where Redis replies addReplyNullArray (RESP2 `*-1`)
// rather than a nil bulk (`$-1`).
TEST_CASE("nothing to pop: a null array where Redis writes *-1, a nil bulk elsewhere") {
  Store store;
  CHECK(store.run({"LPOP", "nokey", "2"}).is_null_array());
  CHECK(store.run({"RPOP", "nokey", "0"}).is_null_array());
  CHECK_FALSE(store.run({"LPOP", "nokey"}).is_null_array());
  CHECK(store.run({"LPOP", "nokey"}) == nil());
  CHECK(store.run({"LMPOP", "2", "a", "b", "LEFT"}).is_null_array());
  CHECK(store.run({"LMPOP", "1", "a", "RIGHT", "COUNT", "3"}).is_null_array());
  CHECK_FALSE(store.run({"LMOVE", "nokey", "d", "LEFT", "LEFT"}).is_null_array());
  // Every blocked list command times out with a null array, BLMOVE too.
  auto move = start(store, {"BLMOVE", "q", "d", "LEFT", "LEFT", "0.01"});
  auto pushx = start(store, {"BRPOPLPUSH", "q", "d", "0.01"});
  auto pop = start(store, {"BLPOP", "q", "0.01"});
  auto mpop = start(store, {"BLMPOP", "0.01", "1", "q", "LEFT"});
  store.advance(20ms);
  CHECK(move.get().is_null_array());
  CHECK(pushx.get().is_null_array());
  CHECK(pop.get().is_null_array());
  CHECK(mpop.get().is_null_array());
}

TEST_CASE("inside a transaction BLMOVE answers a nil bulk, BLPOP and BLMPOP a null array") {
  not_redis::ManualClock clock;
  not_redis::detail::Store store;
  not_redis::detail::Session session;
  store.clock = &clock;
  auto run = [&](not_redis::Argv argv) {
    return std::move(not_redis::detail::dispatch(store, session, argv, {.deny_blocking = true}).reply());
  };
  CHECK_FALSE(run({"BLMOVE", "q", "d", "LEFT", "LEFT", "0"}).is_null_array());
  CHECK_FALSE(run({"BRPOPLPUSH", "q", "d", "0"}).is_null_array());
  CHECK(run({"BLPOP", "q", "0"}).is_null_array());
  CHECK(run({"BLMPOP", "0", "1", "q", "LEFT"}).is_null_array());
}

// Found by the parity test: BLMPOP checks its timeout after its other arguments.
TEST_CASE("BLMPOP reports numkeys, direction and COUNT errors before a bad timeout") {
  Store store;
  CHECK(store.run({"BLMPOP", "-1", "1", "l", "LEFT", "COUNT", "-8"}) == err(kCountNotPositive));
  CHECK(store.run({"BLMPOP", "abc", "0", "l", "LEFT"}) == err(kNumkeys));
  CHECK(store.run({"BLMPOP", "abc", "1", "l", "MIDDLE"}) == err(kSyntax));
  CHECK(store.run({"BLMPOP", "abc", "1", "l", "LEFT", "FOO"}) == err(kSyntax));
  CHECK(store.run({"BLMPOP", "abc", "2", "l", "LEFT"}) == err(kSyntax));
  CHECK(store.run({"SET", "s", "v"}) == ok());
  CHECK(store.run({"BLMPOP", "abc", "1", "s", "LEFT"}) == err(kTimeoutNotFloat));
  CHECK(store.run({"BLMPOP", "-1", "1", "s", "LEFT"}) == err(kTimeoutNegative));
}
