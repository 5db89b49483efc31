#pragma once
// The random generator's grammars for bitmaps, on the string keys every other
// string grammar writes (so integers, empty strings and binary values are
// read as bitmaps too). Offsets stay within a few hundred bytes; a few reach
// for the proto-max-bulk-len limit, which is refused before anything is
// allocated.

#include <fmt/format.h>

#include "generator.hpp"

namespace parity::grammar {

namespace bitmap_detail {

inline std::string bit_offset(G& g) {
  if (g.chance(8))
    return g.one_of(std::vector<std::string>{"-1", "abc", "4294967296", "4294967295x", "1.5", "", "#1"});
  return std::to_string(g.chance(70) ? g.roll(64) : g.roll(2000));
}
inline std::string index(G& g) {
  if (g.chance(5)) return g.integer();
  return std::to_string(g.roll(40) - 20);
}
inline std::string field_type(G& g) {
  if (g.chance(5)) return g.one_of(std::vector<std::string>{"u64", "i65", "u0", "x8", "8", "i"});
  static const std::vector<std::string> kTypes{"u1", "i1", "u4", "i4", "u8", "i8", "u16", "i16", "u32", "i32",
                                                "u63", "i64", "u7", "i13"};
  return g.one_of(kTypes);
}
inline std::string field_offset(G& g) {
  if (g.chance(5)) return g.one_of(std::vector<std::string>{"-1", "#-1", "#", "a", "4294967296"});
  if (g.chance(25)) return "#" + std::to_string(g.roll(8));
  return std::to_string(g.roll(100));
}
inline std::string field_value(G& g) {
  static const std::vector<std::string> kValues{"0", "1", "-1", "7", "-8", "100", "255", "256", "-129", "1000000",
                                                 "9223372036854775807", "-9223372036854775808", "x"};
  return g.one_of(kValues);
}

inline void bitfield_ops(G& g, Command& c, bool read_only) {
  const int n = g.roll(5);
  for (int i = 0; i < n; ++i) {
    const int kind = read_only && !g.chance(5) ? 0 : g.roll(4);
    switch (kind) {
      case 0: c.insert(c.end(), {g.opt("GET"), field_type(g), field_offset(g)}); break;
      case 1: c.insert(c.end(), {g.opt("SET"), field_type(g), field_offset(g), field_value(g)}); break;
      case 2: c.insert(c.end(), {g.opt("INCRBY"), field_type(g), field_offset(g), field_value(g)}); break;
      default:
        c.insert(c.end(), {g.opt("OVERFLOW"), g.chance(95) ? g.opt(g.one_of(std::vector<const char*>{"WRAP", "SAT", "FAIL"})) : "BAD"});
    }
  }
}

inline void range(G& g, Command& c, std::size_t max_args) {
  const auto n = static_cast<std::size_t>(g.roll(static_cast<int>(max_args) + 1));
  for (std::size_t i = 0; i < n; ++i) {
    if (i + 1 == max_args && n == max_args) c.push_back(g.chance(90) ? g.opt(g.chance(50) ? "BIT" : "BYTE") : "xx");
    else c.push_back(index(g));
  }
}

} // namespace bitmap_detail

inline void bitmaps(std::map<std::string, Generator::Grammar>& m) {
  using namespace bitmap_detail;
  m["setbit"] = [](G& g, Out& o) {
    o.push_back({"SETBIT", g.key(T::kString), bit_offset(g), g.chance(90) ? (g.chance(50) ? "1" : "0") : g.integer()});
  };
  m["getbit"] = [](G& g, Out& o) { o.push_back({"GETBIT", g.key(T::kString), bit_offset(g)}); };
  m["bitcount"] = [](G& g, Out& o) {
    Command c{"BITCOUNT", g.key(T::kString)};
    range(g, c, 3);
    o.push_back(std::move(c));
  };
  m["bitpos"] = [](G& g, Out& o) {
    Command c{"BITPOS", g.key(T::kString), g.chance(90) ? (g.chance(50) ? "1" : "0") : g.integer()};
    range(g, c, 3);
    o.push_back(std::move(c));
  };
  m["bitop"] = [](G& g, Out& o) {
    const bool not_op = g.chance(20);
    Command c{"BITOP", not_op ? g.opt("NOT") : g.opt(g.one_of(std::vector<const char*>{"AND", "OR", "XOR"})),
              g.key(T::kString)};
    if (g.chance(3)) c[1] = "NAND";
    const int n = not_op && g.chance(90) ? 1 : 1 + g.roll(3);
    for (int i = 0; i < n; ++i) c.push_back(g.key(g.chance(90) ? T::kString : T::kAny));
    o.push_back(std::move(c));
  };
  m["bitfield"] = [](G& g, Out& o) {
    Command c{"BITFIELD", g.key(g.chance(95) ? T::kString : T::kAny)};
    bitfield_ops(g, c, false);
    o.push_back(std::move(c));
  };
  m["bitfield_ro"] = [](G& g, Out& o) {
    Command c{"BITFIELD_RO", g.key(g.chance(95) ? T::kString : T::kAny)};
    bitfield_ops(g, c, true);
    o.push_back(std::move(c));
  };
}

} // namespace parity::grammar
