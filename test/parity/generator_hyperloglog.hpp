#pragma once
// The random generator's grammars for hyperloglog. HLLs live in the string
// keys' pool, so the string commands meet them too (APPEND or SETRANGE on an
// HLL makes a corrupt or foreign one, which both servers must refuse alike),
// and a GET after a write now and then compares the raw bytes: sparse runs,
// the cached cardinality, the dense registers after a promotion.

#include <string>

#include "generator.hpp"

namespace parity::grammar {

namespace hll_detail {

/// Mostly the shared members (so PFADDs of different keys overlap and a
/// repeated one changes nothing); now and then a batch large enough to make
/// the value dense (about 1700 elements at the default 3000 bytes).
inline void elements(G& g, Command& c) {
  if (g.chance(4)) {
    const int n = 200 + g.roll(2500);
    const int base = g.roll(100000);
    for (int i = 0; i < n; ++i) c.push_back("e" + std::to_string(base + i));
    return;
  }
  const int n = g.chance(10) ? 0 : 1 + g.roll(5);
  for (int i = 0; i < n; ++i) c.push_back(g.chance(80) ? g.member() : g.value());
}

inline void witness(G& g, Out& o, const std::string& key) {
  if (g.chance(25)) o.push_back({"GET", key});
}

} // namespace hll_detail

inline void hyperloglog(std::map<std::string, Generator::Grammar>& m) {
  using namespace hll_detail;
  m["pfadd"] = [](G& g, Out& o) {
    const std::string key = g.key(T::kString);
    // The string commands keep the pool's keys plain strings: now and then
    // start over, so that HLLs exist for PFCOUNT and PFMERGE to meet.
    if (g.chance(25)) o.push_back({"DEL", key});
    Command c{"PFADD", key};
    elements(g, c);
    o.push_back(std::move(c));
    witness(g, o, key);
  };
  m["pfcount"] = [](G& g, Out& o) {
    Command c{"PFCOUNT", g.key(T::kString)};
    for (int n = g.chance(60) ? 0 : 1 + g.roll(3); n > 0; --n) c.push_back(g.key(T::kString));
    const std::string key = c[1];
    const bool one = c.size() == 2;
    o.push_back(std::move(c));
    if (one) witness(g, o, key);  // the cache it wrote
  };
  m["pfmerge"] = [](G& g, Out& o) {
    const std::string destination = g.key(T::kString);
    Command c{"PFMERGE", destination};
    for (int n = g.roll(4); n > 0; --n) c.push_back(g.key(T::kString));
    o.push_back(std::move(c));
    witness(g, o, destination);
  };
}

} // namespace parity::grammar
