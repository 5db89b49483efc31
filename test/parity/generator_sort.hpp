#pragma once
// The random generator's grammars for SORT and SORT_RO. BY and GET patterns
// name the generator's own string and hash keys (s:*, h:*->field), so that
// elements such as "a" find values. Redis's order is not defined for a hash
// table set left unsorted without STORE, nor for ties of an ALPHA sort BY a
// pattern (the input order, which for sets and sorted sets is their hash
// table's): those shapes sort a list built just before, whose order both
// keep (stable sorts), and take no LIMIT (Redis then sorts partially, with a
// quicksort).

#include "generator.hpp"

namespace parity::grammar {

namespace sort_detail {

inline std::string by_pattern(G& g) {
  static const std::vector<std::string> kPatterns{"s:*", "h:*->f1", "h:*->f2", "nosort", "x", "h:*->", "*",
                                                   "s:*->f1", std::string("s:\0*", 4)};
  return g.one_of(kPatterns);
}
inline std::string get_pattern(G& g) {
  static const std::vector<std::string> kPatterns{"#", "s:*", "h:*->f1", "h:*->f2", "nosuch:*", "x", "#x"};
  return g.one_of(kPatterns);
}
inline bool has_star(const std::string& pattern) { return pattern.substr(0, pattern.find('\0')).find('*') != std::string::npos; }

inline void sort_command(G& g, Out& o, bool read_only) {
  const int kind = g.roll(10);
  const T type = kind < 4 ? T::kList : kind < 7 ? T::kSet : kind < 9 ? T::kZset : T::kAny;
  Command c{read_only ? "SORT_RO" : "SORT", g.key(type)};
  std::optional<std::string> by;
  if (g.chance(40)) by = by_pattern(g);
  const bool alpha = g.chance(40);
  const bool store = !read_only && g.chance(25);
  bool limit = g.chance(35);
  const bool dont_sort = by && !has_star(*by);
  // A key of the pools may hold any type by now (COPY, RENAME...): the
  // shapes whose order is the input's sort a list made here.
  if ((dont_sort && !store) || (alpha && by && !dont_sort)) {
    c[1] = "l:sort";
    o.push_back({"DEL", "l:sort"});
    Command push{"RPUSH", "l:sort"};
    for (int n = 1 + g.roll(5); n > 0; --n) push.push_back(g.member());
    o.push_back(std::move(push));
    if (!dont_sort) limit = false;
  }
  if (by) c.insert(c.end(), {g.opt("BY"), *by});
  if (limit) {
    c.insert(c.end(), {g.opt("LIMIT"), std::to_string(g.roll(8) - 2), std::to_string(g.roll(8) - 2)});
    if (g.chance(5)) c.back() = g.integer();
  }
  for (int n = g.chance(30) ? 1 + g.roll(2) : 0; n > 0; --n) c.insert(c.end(), {g.opt("GET"), get_pattern(g)});
  if (g.chance(30)) c.push_back(g.opt(g.chance(50) ? "ASC" : "DESC"));
  if (alpha) c.push_back(g.opt("ALPHA"));
  if (store) c.insert(c.end(), {g.opt("STORE"), g.key(g.chance(80) ? T::kList : T::kAny)});
  if (g.chance(2)) c.push_back(g.chance(50) ? "FOO" : "LIMIT");
  // Redis's SORT reads scores with strtod but never clears errno first, so
  // any earlier ERANGE (a SCAN cursor past 2^64, a float out of range...)
  // fails every numeric SORT until some other parse clears it. A read-only
  // GEORADIUS_RO of a missing key parses its numbers with errno cleared, and
  // changes nothing on either server.
  o.push_back({"GEORADIUS_RO", "errno:reset", "0", "0", "1", "m"});
  o.push_back(std::move(c));
}

} // namespace sort_detail

inline void sort(std::map<std::string, Generator::Grammar>& m) {
  m["sort"] = [](G& g, Out& o) { sort_detail::sort_command(g, o, false); };
  m["sort_ro"] = [](G& g, Out& o) { sort_detail::sort_command(g, o, true); };
}

} // namespace parity::grammar
