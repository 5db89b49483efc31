#pragma once
// The random generator's grammars for streams. Ids are explicit (small ms,
// small sequences, `ms-*`), never `*`, whose value follows each server's
// clock. Reads never BLOCK outside MULTI. Trimming is mostly exact; `~` is
// used too, on entries small enough that a node holds stream-node-max-entries
// of them, where Redis's node layout (which not_redis reproduces) is the same
// on both servers. Consumer-group times (delivery, seen, idle) show only in
// XPENDING's extended form and XINFO, which normalize.hpp masks.

#include <fmt/format.h>

#include "generator.hpp"

namespace parity::grammar {

namespace stream_detail {

inline std::string id(G& g) {
  if (g.chance(5)) return g.one_of(std::vector<std::string>{"0-0", "abc", "-", "+", "(5", "5-**", " 5", "0-1"});
  const int ms = 1 + g.roll(30);
  if (g.chance(15)) return std::to_string(ms);
  return fmt::format("{}-{}", ms, g.roll(3));
}
inline std::string bound(G& g, bool start) {
  if (g.chance(30)) return start ? "-" : "+";
  if (g.chance(15)) return "(" + id(g);
  return id(g);
}
inline std::string group(G& g) { return g.one_of(std::vector<std::string>{"g1", "g2", "nosuch"}); }
inline std::string consumer(G& g) { return g.one_of(std::vector<std::string>{"alice", "bob", "carol"}); }

inline void fields(G& g, Command& c) {
  const int n = 1 + g.roll(2);
  for (int i = 0; i < n; ++i) c.insert(c.end(), {g.chance(70) ? "f" : g.field(), g.chance(80) ? "v" : g.value()});
}

inline void trim(G& g, Command& c) {
  const bool maxlen = g.chance(60);
  c.push_back(g.opt(maxlen ? "MAXLEN" : "MINID"));
  const bool approx = g.chance(20);
  if (approx) c.push_back("~");
  else if (g.chance(30)) c.push_back("=");
  c.push_back(maxlen ? std::to_string(g.roll(8)) : id(g));
  if (approx && g.chance(30)) c.insert(c.end(), {g.opt("LIMIT"), std::to_string(g.roll(200))});
}

inline void streams_and_ids(G& g, Command& c, bool group_read) {
  c.push_back(g.opt("STREAMS"));
  const int n = 1 + g.roll(2);
  std::vector<std::string> keys;
  for (int i = 0; i < n; ++i) keys.push_back(g.key(T::kStream));
  c.insert(c.end(), keys.begin(), keys.end());
  for (int i = 0; i < n; ++i) {
    if (group_read) c.push_back(g.chance(70) ? ">" : g.chance(50) ? "0" : id(g));
    else c.push_back(g.chance(20) ? "$" : g.chance(30) ? "0" : id(g));
  }
}

} // namespace stream_detail

inline void streams(std::map<std::string, Generator::Grammar>& m) {
  using namespace stream_detail;
  m["xadd"] = [](G& g, Out& o) {
    Command c{"XADD", g.key(T::kStream)};
    if (g.chance(10)) c.push_back(g.opt("NOMKSTREAM"));
    if (g.chance(25)) trim(g, c);
    c.push_back(g.chance(15) ? fmt::format("{}-*", 1 + g.roll(30)) : id(g));
    fields(g, c);
    o.push_back(std::move(c));
  };
  m["xlen"] = [](G& g, Out& o) { o.push_back({"XLEN", g.key(T::kStream)}); };
  const auto range = [](const char* name, bool reverse) {
    return [name, reverse](G& g, Out& o) {
      Command c{name, g.key(T::kStream), bound(g, !reverse), bound(g, reverse)};
      if (g.chance(40)) c.insert(c.end(), {g.opt("COUNT"), g.chance(80) ? std::to_string(g.roll(5)) : g.integer()});
      o.push_back(std::move(c));
    };
  };
  m["xrange"] = range("XRANGE", false);
  m["xrevrange"] = range("XREVRANGE", true);
  m["xdel"] = [](G& g, Out& o) {
    Command c{"XDEL", g.key(T::kStream)};
    for (int i = 1 + g.roll(3); i > 0; --i) c.push_back(id(g));
    o.push_back(std::move(c));
  };
  m["xtrim"] = [](G& g, Out& o) {
    Command c{"XTRIM", g.key(T::kStream)};
    trim(g, c);
    o.push_back(std::move(c));
  };
  m["xsetid"] = [](G& g, Out& o) {
    Command c{"XSETID", g.key(T::kStream), id(g)};
    if (g.chance(30)) c.insert(c.end(), {g.opt("ENTRIESADDED"), std::to_string(g.roll(40))});
    if (g.chance(20)) c.insert(c.end(), {g.opt("MAXDELETEDID"), id(g)});
    o.push_back(std::move(c));
  };
  m["xread"] = [](G& g, Out& o) {
    Command c{"XREAD"};
    if (g.chance(40)) c.insert(c.end(), {g.opt("COUNT"), std::to_string(g.roll(4))});
    streams_and_ids(g, c, false);
    o.push_back(std::move(c));
  };
  m["xreadgroup"] = [](G& g, Out& o) {
    Command c{"XREADGROUP", g.opt("GROUP"), group(g), consumer(g)};
    if (g.chance(40)) c.insert(c.end(), {g.opt("COUNT"), std::to_string(g.roll(4))});
    if (g.chance(15)) c.push_back(g.opt("NOACK"));
    streams_and_ids(g, c, true);
    o.push_back(std::move(c));
  };
  m["xgroup"] = [](G& g, Out& o) {
    const std::string key = g.key(T::kStream);
    switch (g.roll(6)) {
      case 0: {
        Command c{"XGROUP", g.opt("CREATE"), key, group(g), g.chance(40) ? "$" : g.chance(50) ? "0" : id(g)};
        if (g.chance(40)) c.push_back(g.opt("MKSTREAM"));
        if (g.chance(15)) c.insert(c.end(), {g.opt("ENTRIESREAD"), std::to_string(g.roll(10) - 1)});
        o.push_back(std::move(c));
        break;
      }
      case 1: {
        Command c{"XGROUP", g.opt("SETID"), key, group(g), g.chance(30) ? "$" : id(g)};
        if (g.chance(20)) c.insert(c.end(), {g.opt("ENTRIESREAD"), std::to_string(g.roll(10) - 1)});
        o.push_back(std::move(c));
        break;
      }
      case 2: o.push_back({"XGROUP", g.opt("DESTROY"), key, group(g)}); break;
      case 3: o.push_back({"XGROUP", g.opt("CREATECONSUMER"), key, group(g), consumer(g)}); break;
      case 4: o.push_back({"XGROUP", g.opt("DELCONSUMER"), key, group(g), consumer(g)}); break;
      default: o.push_back({"XGROUP", g.opt("HELP")});
    }
  };
  m["xack"] = [](G& g, Out& o) {
    Command c{"XACK", g.key(T::kStream), group(g)};
    for (int i = 1 + g.roll(3); i > 0; --i) c.push_back(id(g));
    o.push_back(std::move(c));
  };
  m["xpending"] = [](G& g, Out& o) {
    Command c{"XPENDING", g.key(T::kStream), group(g)};
    if (g.chance(50)) {
      if (g.chance(20)) c.insert(c.end(), {g.opt("IDLE"), "0"});
      c.insert(c.end(), {bound(g, true), bound(g, false), std::to_string(g.roll(5))});
      if (g.chance(30)) c.push_back(consumer(g));
    }
    o.push_back(std::move(c));
  };
  m["xclaim"] = [](G& g, Out& o) {
    Command c{"XCLAIM", g.key(T::kStream), group(g), consumer(g), "0"};
    for (int i = 1 + g.roll(3); i > 0; --i) c.push_back(id(g));
    if (g.chance(20)) c.insert(c.end(), {g.opt("RETRYCOUNT"), std::to_string(g.roll(5))});
    if (g.chance(15)) c.push_back(g.opt("FORCE"));
    if (g.chance(25)) c.push_back(g.opt("JUSTID"));
    if (g.chance(10)) c.insert(c.end(), {g.opt("LASTID"), id(g)});
    o.push_back(std::move(c));
  };
  m["xautoclaim"] = [](G& g, Out& o) {
    Command c{"XAUTOCLAIM", g.key(T::kStream), group(g), consumer(g), "0", g.chance(50) ? "0" : bound(g, true)};
    if (g.chance(40)) c.insert(c.end(), {g.opt("COUNT"), std::to_string(g.roll(5))});
    if (g.chance(25)) c.push_back(g.opt("JUSTID"));
    o.push_back(std::move(c));
  };
  m["xinfo"] = [](G& g, Out& o) {
    const std::string key = g.key(T::kStream);
    switch (g.roll(4)) {
      case 0: o.push_back({"XINFO", g.opt("GROUPS"), key}); break;
      case 1: o.push_back({"XINFO", g.opt("CONSUMERS"), key, group(g)}); break;
      case 2:
        if (g.chance(50)) o.push_back({"XINFO", g.opt("STREAM"), key});
        else o.push_back({"XINFO", g.opt("STREAM"), key, g.opt("FULL"), g.opt("COUNT"), std::to_string(g.roll(3))});
        break;
      default: o.push_back({"XINFO", g.opt("HELP")});
    }
  };
}

} // namespace parity::grammar
