// Zset, the sorted-set value: its order, rank queries, encodings and their
// conversions, SCAN's guarantee, and a differential run against a simple
// model for both encodings.

#include <malloc.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "db/zset.hpp"
#include "harness.hpp"

// Out-of-memory tests make one allocation fail (counting_new.hpp).
#include "counting_new.hpp"

using not_redis::detail::LexBound;
using not_redis::detail::ScoreBound;
using not_redis::detail::ScoredMember;
using not_redis::detail::Zset;
using not_redis::detail::ZsetLimits;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const ZsetLimits kAlwaysListpack{1'000'000'000, 1'000'000'000};
const ZsetLimits kAlwaysSkiplist{0, 0};

using Entries = std::vector<std::pair<double, std::string>>;

std::unique_ptr<Zset> make(const ZsetLimits& limits) { return Zset::create(0, 0, limits); }

Entries ranks(const Zset& zset, std::size_t first, std::size_t last, bool reverse = false) {
  Entries out;
  zset.for_each_in_ranks(first, last, reverse, [&](ScoredMember entry) {
    out.emplace_back(entry.score, std::string(entry.member));
    return true;
  });
  return out;
}

Entries all(const Zset& zset) { return ranks(zset, 0, zset.size()); }

LexBound lex(std::string_view member, bool exclusive = false) { return {LexBound::Kind::member, member, exclusive}; }
const LexBound kMinusInfinity{LexBound::Kind::minus_infinity, {}, false};
const LexBound kPlusInfinity{LexBound::Kind::plus_infinity, {}, false};

std::set<std::string> scan_all(const Zset& zset, std::size_t count) {
  std::set<std::string> seen;
  std::uint64_t cursor = 0;
  do {
    cursor = zset.scan(cursor, count, [&](ScoredMember entry) { seen.emplace(entry.member); });
  } while (cursor != 0);
  return seen;
}

/// Both encodings, for the tests that hold for each.
const std::pair<const char*, ZsetLimits> kEncodings[] = {{"listpack", kAlwaysListpack},
                                                         {"skiplist", kAlwaysSkiplist}};

} // namespace

TEST_CASE("entries order by score, then by member bytes; -0 ties 0") {
  for (const auto& [encoding, limits] : kEncodings) {
    const std::string name = encoding;
    CAPTURE(name);
    auto zset = make(limits);
    const std::string nul("a\0b", 3);
    for (const auto& [score, member] : Entries{{1, "b"}, {1, "a"}, {1, "ab"}, {1, ""}, {1, nul}, {1, "\xff"},
                                               {-kInf, "low"}, {kInf, "high"}, {0.0, "z"}, {-0.0, "y"}})
      CHECK(zset->insert_or_assign(member, score, limits));
    CHECK(zset->encoding() == name);
    CHECK(all(*zset) == Entries{{-kInf, "low"}, {-0.0, "y"}, {0.0, "z"}, {1, ""}, {1, "a"}, {1, nul}, {1, "ab"},
                                {1, "b"}, {1, "\xff"}, {kInf, "high"}});
    // A skiplist keeps the score as given; a listpack stores -0 as 0, as
    // Redis's listpack stores d2string's "-0" as the integer 0.
    CHECK(std::signbit(*zset->score("y")) == (name == "skiplist"));
    CHECK(zset->rank(nul) == 5u);
    CHECK(zset->rank("missing") == std::nullopt);
    CHECK(zset->at(9).member == "high");
    // Assigning -0 to a 0 keeps 0, as Redis compares the scores with ==.
    CHECK_FALSE(zset->insert_or_assign("z", -0.0, limits));
    CHECK_FALSE(std::signbit(*zset->score("z")));
  }
}

TEST_CASE("score updates move entries, and erase removes them") {
  for (const auto& [encoding, limits] : kEncodings) {
    const std::string name = encoding;
    CAPTURE(name);
    auto zset = make(limits);
    for (int i = 0; i < 10; ++i) zset->insert_or_assign("m" + std::to_string(i), i, limits);
    CHECK_FALSE(zset->insert_or_assign("m0", 100, limits));
    CHECK_FALSE(zset->insert_or_assign("m9", -1, limits));
    CHECK_FALSE(zset->insert_or_assign("m5", 5.5, limits));  // stays in place
    CHECK(zset->rank("m0") == 9u);
    CHECK(zset->rank("m9") == 0u);
    CHECK(zset->at(5).member == "m5");
    CHECK(zset->at(5).score == 5.5);
    CHECK(zset->erase("m5"));
    CHECK_FALSE(zset->erase("m5"));
    CHECK(zset->size() == 9);
    CHECK(zset->encoding() == name);
  }
}

TEST_CASE("score and lex bounds become rank ranges") {
  for (const auto& [encoding, limits] : kEncodings) {
    const std::string name = encoding;
    CAPTURE(name);
    auto zset = make(limits);
    for (const auto& [score, member] : Entries{{1, "a"}, {2, "b"}, {2, "c"}, {3, "d"}, {kInf, "e"}})
      zset->insert_or_assign(member, score, limits);
    CHECK(zset->first_rank(ScoreBound{2}) == 1);
    CHECK(zset->first_rank(ScoreBound{2, true}) == 3);
    CHECK(zset->end_rank(ScoreBound{2}) == 3);
    CHECK(zset->end_rank(ScoreBound{2, true}) == 1);
    CHECK(zset->first_rank(ScoreBound{-kInf}) == 0);
    CHECK(zset->end_rank(ScoreBound{kInf}) == 5);
    CHECK(zset->end_rank(ScoreBound{kInf, true}) == 4);
    CHECK(zset->first_rank(ScoreBound{kInf, true}) == 5);
    CHECK(zset->first_rank(ScoreBound{10}) == 4);
    CHECK(zset->end_rank(ScoreBound{0}) == 0);

    CHECK(zset->first_rank(kMinusInfinity) == 0);
    CHECK(zset->first_rank(kPlusInfinity) == 5);
    CHECK(zset->end_rank(kMinusInfinity) == 0);
    CHECK(zset->end_rank(kPlusInfinity) == 5);
    CHECK(zset->first_rank(lex("b")) == 1);
    CHECK(zset->first_rank(lex("b", true)) == 2);
    CHECK(zset->first_rank(lex("bb")) == 2);
    CHECK(zset->end_rank(lex("d")) == 4);
    CHECK(zset->end_rank(lex("d", true)) == 3);
    CHECK(zset->end_rank(lex("")) == 0);
    CHECK(zset->first_rank(lex("")) == 0);
    CHECK(zset->first_rank(lex("z")) == 5);
  }
}

TEST_CASE("windows of ranks: forward, reverse, early stop, empty, erase") {
  for (const auto& [encoding, limits] : kEncodings) {
    const std::string name = encoding;
    CAPTURE(name);
    auto zset = make(limits);
    for (int i = 0; i < 200; ++i) zset->insert_or_assign("m" + std::to_string(1000 + i), i, limits);
    CHECK(ranks(*zset, 10, 13) == Entries{{10, "m1010"}, {11, "m1011"}, {12, "m1012"}});
    CHECK(ranks(*zset, 10, 13, true) == Entries{{12, "m1012"}, {11, "m1011"}, {10, "m1010"}});
    CHECK(ranks(*zset, 198, 500, true) == Entries{{199, "m1199"}, {198, "m1198"}});
    CHECK(ranks(*zset, 5, 5).empty());
    CHECK(ranks(*zset, 7, 3).empty());
    CHECK(ranks(*zset, 300, 400).empty());
    int visited = 0;
    zset->for_each_in_ranks(0, 200, true, [&](ScoredMember) { return ++visited < 3; });
    CHECK(visited == 3);

    zset->erase_ranks(50, 150);
    CHECK(zset->size() == 100);
    CHECK(zset->at(49).member == "m1049");
    CHECK(zset->at(50).member == "m1150");
    CHECK(zset->score("m1100") == std::nullopt);
    CHECK(zset->rank("m1199") == 99u);
    zset->erase_ranks(90, 1000);
    CHECK(zset->size() == 90);
    zset->erase_ranks(0, 90);
    CHECK(zset->empty());
    CHECK(zset->encoding() == name);
    CHECK(zset->insert_or_assign("again", 1, limits));
    CHECK(all(*zset) == Entries{{1, "again"}});
  }
}

TEST_CASE("a listpack converts as Redis 7.0's zsetAdd does, and back on request") {
  const ZsetLimits limits{4, 8};
  auto zset = Zset::create(1, 3, limits);
  CHECK(zset->is_listpack());
  for (int i = 0; i < 4; ++i) zset->insert_or_assign("m" + std::to_string(i), i, limits);
  CHECK(zset->encoding() == "listpack");  // exactly max_entries
  zset->insert_or_assign("m0", 7, limits);  // updating converts nothing
  CHECK(zset->is_listpack());
  zset->insert_or_assign("12345678", 1, ZsetLimits{5, 8});  // max_value bytes stay
  CHECK(zset->is_listpack());
  zset->insert_or_assign("m9", 9, limits);  // one more than max_entries
  CHECK(zset->encoding() == "skiplist");
  CHECK(zset->size() == 6);
  CHECK(zset->free_effort() == 6);
  CHECK(all(*zset) == Entries{{1, "12345678"}, {1, "m1"}, {2, "m2"}, {3, "m3"}, {7, "m0"}, {9, "m9"}});
  zset->erase("m9");
  CHECK(zset->encoding() == "skiplist");  // never back on its own

  CHECK(Zset::fits_listpack(5, 8, ZsetLimits{5, 8}));
  CHECK_FALSE(Zset::fits_listpack(6, 8, ZsetLimits{5, 8}));
  CHECK_FALSE(Zset::fits_listpack(5, 9, ZsetLimits{5, 8}));
  zset->convert_to_listpack();
  CHECK(zset->encoding() == "listpack");
  CHECK(zset->free_effort() == 1);
  CHECK(all(*zset) == Entries{{1, "12345678"}, {1, "m1"}, {2, "m2"}, {3, "m3"}, {7, "m0"}});

  auto wide = Zset::create(0, 0, limits);
  wide->insert_or_assign("123456789", 1, limits);  // max_value + 1 converts before the add
  CHECK(wide->encoding() == "skiplist");
  CHECK(wide->score("123456789") == 1);

  CHECK(Zset::create(4, 8, limits)->is_listpack());
  CHECK_FALSE(Zset::create(5, 8, limits)->is_listpack());
  CHECK_FALSE(Zset::create(1, 9, limits)->is_listpack());
  CHECK(Zset::create(0, 0, ZsetLimits{0, 0})->is_listpack());  // 0 <= 0, as zsetTypeCreate tests
  auto none = Zset::create(0, 0, ZsetLimits{0, 0});
  none->insert_or_assign("a", 1, ZsetLimits{0, 0});
  CHECK(none->encoding() == "skiplist");
}

TEST_CASE("clones and copies are deep and keep the encoding") {
  for (const auto& [encoding, limits] : kEncodings) {
    const std::string name = encoding;
    CAPTURE(name);
    auto zset = make(limits);
    for (int i = 0; i < 300; ++i) zset->insert_or_assign("m" + std::to_string(i), i % 17, limits);
    const Entries before = all(*zset);
    auto clone = zset->clone();
    auto& copy = static_cast<Zset&>(*clone);
    CHECK(copy.encoding() == name);
    CHECK(all(copy) == before);
    zset->erase("m1");
    zset->insert_or_assign("m2", 100, limits);
    CHECK(all(copy) == before);
    CHECK(copy.rank("m2") == *Zset(copy).rank("m2"));
    CHECK(copy.memory_usage() > 300 * 10);
  }
}

TEST_CASE("a skiplist scan returns every member present throughout, across growth and removals") {
  auto zset = make(kAlwaysSkiplist);
  // m0..m499 stay (scores above every other); m500..m999 go, n* come and go.
  for (int i = 0; i < 1000; ++i) zset->insert_or_assign("m" + std::to_string(i), 1e6 + i, kAlwaysSkiplist);
  CHECK(scan_all(*zset, 10).size() == 1000);

  std::set<std::string> seen;
  std::uint64_t cursor = 0;
  int step = 0;
  do {
    cursor = zset->scan(cursor, 10, [&](ScoredMember entry) { seen.emplace(entry.member); });
    ++step;
    if (step < 50) {
      for (int i = 0; i < 80; ++i) zset->insert_or_assign("n" + std::to_string(step * 80 + i), i, kAlwaysSkiplist);
    } else if (step < 60) {
      for (int i = 500 + (step - 50) * 50; i < 550 + (step - 50) * 50; ++i) zset->erase("m" + std::to_string(i));
    } else if (step == 60) {
      zset->erase_ranks(0, zset->size() - 500);  // every n*: the index shrinks
    }
  } while (cursor != 0);
  CHECK(step > 60);
  CHECK(zset->size() == 500);
  for (int i = 0; i < 500; ++i) CHECK(seen.count("m" + std::to_string(i)) == 1);

  auto small = make(kAlwaysListpack);
  small->insert_or_assign("a", 1, kAlwaysListpack);
  small->insert_or_assign("b", 2, kAlwaysListpack);
  std::size_t visited = 0;
  CHECK(small->scan(0, 1, [&](ScoredMember) { ++visited; }) == 0);
  CHECK(visited == 2);
}

namespace {

/// The reference: an ordered set of (score, member) and a member -> score map.
class Model {
public:
  bool insert_or_assign(const std::string& member, double score) {
    const auto it = scores_.find(member);
    if (it != scores_.end()) {
      if (it->second != score) {
        order_.erase({it->second, member});
        order_.emplace(score, member);
        it->second = score;
      }
      return false;
    }
    scores_.emplace(member, score);
    order_.emplace(score, member);
    return true;
  }
  bool erase(const std::string& member) {
    const auto it = scores_.find(member);
    if (it == scores_.end()) return false;
    order_.erase({it->second, member});
    scores_.erase(it);
    return true;
  }
  void erase_ranks(std::size_t first, std::size_t last) {
    last = std::min(last, order_.size());
    if (first >= last) return;
    auto begin = std::next(order_.begin(), static_cast<std::ptrdiff_t>(first));
    auto end = std::next(begin, static_cast<std::ptrdiff_t>(last - first));
    for (auto it = begin; it != end; ++it) scores_.erase(it->second);
    order_.erase(begin, end);
  }
  std::size_t size() const { return order_.size(); }
  std::optional<double> score(const std::string& member) const {
    const auto it = scores_.find(member);
    if (it == scores_.end()) return std::nullopt;
    return it->second;
  }
  Entries entries() const { return {order_.begin(), order_.end()}; }

private:
  std::set<std::pair<double, std::string>> order_;
  std::unordered_map<std::string, double> scores_;
};

/// Every query of `zset` against the model, the bounds drawn from `rng`.
void check_against(const Zset& zset, const Model& model, const std::vector<std::string>& members,
                   const std::vector<double>& scores, std::mt19937_64& rng) {
  const Entries expected = model.entries();
  REQUIRE(zset.size() == expected.size());
  REQUIRE(all(zset) == expected);
  for (std::size_t rank = 0; rank < expected.size(); ++rank) {
    const ScoredMember entry = zset.at(rank);
    REQUIRE(entry.member == expected[rank].second);
    REQUIRE(entry.score == expected[rank].first);
    REQUIRE(zset.rank(expected[rank].second) == rank);
    REQUIRE(zset.score(expected[rank].second) == expected[rank].first);
  }
  const auto pick = [&](const auto& pool) { return pool[rng() % pool.size()]; };
  for (int i = 0; i < 20; ++i) {
    const double value = pick(scores);
    const auto below = [&](auto test) {
      return static_cast<std::size_t>(std::count_if(expected.begin(), expected.end(), test));
    };
    CHECK(zset.first_rank(ScoreBound{value}) == below([&](const auto& e) { return e.first < value; }));
    CHECK(zset.first_rank(ScoreBound{value, true}) == below([&](const auto& e) { return e.first <= value; }));
    CHECK(zset.end_rank(ScoreBound{value}) == below([&](const auto& e) { return e.first <= value; }));
    CHECK(zset.end_rank(ScoreBound{value, true}) == below([&](const auto& e) { return e.first < value; }));
    const std::string member = pick(members);
    CHECK(zset.score(member) == model.score(member));
    // Lex ranges assume one score (with several, the answer is merely some
    // partition point, as in Redis).
    if (!expected.empty() && expected.front().first != expected.back().first) continue;
    const auto prefix = [&](auto test) {
      return static_cast<std::size_t>(std::find_if_not(expected.begin(), expected.end(), test) - expected.begin());
    };
    CHECK(zset.first_rank(lex(member)) == prefix([&](const auto& e) { return e.second < member; }));
    CHECK(zset.first_rank(lex(member, true)) == prefix([&](const auto& e) { return e.second <= member; }));
    CHECK(zset.end_rank(lex(member)) == prefix([&](const auto& e) { return e.second <= member; }));
    CHECK(zset.end_rank(lex(member, true)) == prefix([&](const auto& e) { return e.second < member; }));

  }
  for (int i = 0; i < 20; ++i) {
    const std::size_t first = rng() % (expected.size() + 2);
    const std::size_t last = first + rng() % 70;
    const bool reverse = rng() % 2 == 0;
    Entries window(expected.begin() + static_cast<std::ptrdiff_t>(std::min(first, expected.size())),
                   expected.begin() + static_cast<std::ptrdiff_t>(std::min(last, expected.size())));
    if (reverse) std::reverse(window.begin(), window.end());
    CHECK(ranks(zset, first, last, reverse) == window);
  }
  std::set<std::string> scanned = scan_all(zset, 1 + rng() % 20);
  CHECK(scanned.size() == expected.size());
}

void differential(const ZsetLimits& limits, std::size_t pool_size, int operations, std::uint64_t seed,
                  bool one_score = false) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> members;
  for (std::size_t i = 0; i < pool_size; ++i) {
    std::string member(rng() % 12, '\0');
    for (char& c : member) c = static_cast<char>(rng() % 4 == 0 ? rng() % 256 : 'a' + rng() % 3);
    members.push_back(member);
  }
  members.emplace_back();
  // Few distinct scores, so that ties (ordered by member) are common.
  std::vector<double> scores = {-kInf, kInf, 0.0, -0.0, 1.5, -2.25, 1e300};
  for (int i = 0; i < 20; ++i) scores.push_back(static_cast<double>(rng() % 1000) / 8 - 60);
  if (one_score) scores = {0.0, -0.0};  // equal: the lex order alone

  auto zset = make(limits);
  Model model;
  const auto pick = [&](const auto& pool) { return pool[rng() % pool.size()]; };
  for (int op = 0; op < operations; ++op) {
    const unsigned kind = rng() % 100;
    const std::string& member = pick(members);
    if (kind < 60) {
      const double score = pick(scores);
      REQUIRE(zset->insert_or_assign(member, score, limits) == model.insert_or_assign(member, score));
    } else if (kind < 90) {
      REQUIRE(zset->erase(member) == model.erase(member));
    } else if (kind < 92) {
      const std::size_t first = rng() % (model.size() + 1);
      const std::size_t last = first + rng() % (kind == 90 ? 5 : 200);
      zset->erase_ranks(first, last);
      model.erase_ranks(first, last);
    } else {
      REQUIRE(zset->score(member) == model.score(member));
      REQUIRE(zset->rank(member).has_value() == model.score(member).has_value());
    }
    if (op % 500 == 0) check_against(*zset, model, members, scores, rng);
  }
  check_against(*zset, model, members, scores, rng);
  check_against(static_cast<const Zset&>(*zset->clone()), model, members, scores, rng);
}

} // namespace

TEST_CASE("differential: 20,000 random operations against a model, each encoding") {
  SUBCASE("listpack") {
    differential(kAlwaysListpack, 600, 20'000, 7);
  }
  SUBCASE("skiplist") {
    differential(kAlwaysSkiplist, 6000, 40'000, 11);
  }
  SUBCASE("one score, lex ranges: listpack") {
    differential(kAlwaysListpack, 400, 8'000, 17, true);
  }
  SUBCASE("one score, lex ranges: skiplist") {
    differential(kAlwaysSkiplist, 6000, 20'000, 19, true);
  }
  SUBCASE("small limits: conversions on the way") {
    differential(ZsetLimits{16, 6}, 300, 10'000, 13);
  }
}

TEST_CASE("a large skiplist: deep tree, windows at random ranks, bulk erasure") {
  const ZsetLimits limits = kAlwaysSkiplist;
  auto zset = make(limits);
  std::mt19937_64 rng(3);
  constexpr int kMembers = 200'000;
  for (int i = 0; i < kMembers; ++i) zset->insert_or_assign("member:" + std::to_string(i), static_cast<double>(rng() % 50'000), limits);
  REQUIRE(zset->size() == kMembers);
  for (int i = 0; i < 1000; ++i) {
    const std::size_t first = rng() % kMembers;
    const Entries window = ranks(*zset, first, first + 10);
    for (std::size_t j = 0; j < window.size(); ++j) {
      CHECK(zset->rank(window[j].second) == first + j);
      if (j > 0) CHECK(window[j - 1] < window[j]);
    }
  }
  zset->erase_ranks(1000, kMembers - 1000);
  CHECK(zset->size() == 2000);
  Entries rest = all(*zset);
  CHECK(std::is_sorted(rest.begin(), rest.end()));
  for (const auto& [score, member] : rest) CHECK(zset->rank(member).has_value());
  CHECK(scan_all(*zset, 100).size() == 2000);
}

TEST_CASE("memory: bytes per 16-byte member, skiplist and listpack") {
  const auto heap_bytes = [] {
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
  };
  const auto member = [](std::size_t i) {
    std::string name = "member:" + std::to_string(100'000'000 + i);  // 16 bytes
    return name;
  };
  std::mt19937_64 rng(5);
  constexpr std::size_t kMembers = 200'000;
  std::size_t before = heap_bytes();
  auto zset = make(kAlwaysSkiplist);
  for (std::size_t i = 0; i < kMembers; ++i)
    zset->insert_or_assign(member(i), static_cast<double>(rng() % 1'000'000), kAlwaysSkiplist);
  const double skiplist = static_cast<double>(heap_bytes() - before) / kMembers;
  MESSAGE("skiplist, random scores: " << skiplist << " bytes per member");
  CHECK(skiplist < 80);
  CHECK(zset->memory_usage() > kMembers * 50);
  zset.reset();

  before = heap_bytes();
  auto small = make(kAlwaysListpack);
  for (std::size_t i = 0; i < 128; ++i) small->insert_or_assign(member(i), static_cast<double>(i), kAlwaysListpack);
  const double listpack = static_cast<double>(heap_bytes() - before) / 128;
  MESSAGE("listpack: " << listpack << " bytes per member");
  CHECK(listpack < 30);
}

TEST_CASE("an allocation failure inside insert_or_assign leaves the set as it was") {
  // Each change is tried with the first, second, third... allocation failing
  // until it goes through; every failed attempt must change nothing.
  const auto attempt = [](Zset& zset, const std::string& member, double score, const ZsetLimits& limits) {
    const Entries before = all(zset);
    for (long countdown = 0;; ++countdown) {
      test::allocations_before_failure = countdown;
      try {
        zset.insert_or_assign(member, score, limits);
        test::allocations_before_failure = -1;
        return countdown;
      } catch (const std::bad_alloc&) {
        test::allocations_before_failure = -1;
        REQUIRE(all(zset) == before);
      }
    }
  };
  const ZsetLimits limits{64, 64};
  auto zset = make(limits);
  for (int i = 0; i < 64; ++i) zset->insert_or_assign("m" + std::to_string(i), i, limits);
  CHECK(attempt(*zset, "converting", 1.5, limits) > 64);  // every entry is copied
  CHECK(zset->encoding() == "skiplist");
  std::mt19937_64 rng(23);
  long failures = 0;
  for (int i = 0; i < 400; ++i) {
    failures += attempt(*zset, "n" + std::to_string(i), static_cast<double>(rng() % 100), limits);
    failures += attempt(*zset, "m" + std::to_string(rng() % 64), static_cast<double>(rng() % 100), limits);
  }
  CHECK(failures > 400);  // every new entry, index growth and node split failed once
  CHECK(zset->size() == 465);
}
