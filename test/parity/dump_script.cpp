// Hand tool, not built by meson: runs a curated parity script against an
// already running redis-server (RESP2, then RESP3 after HELLO 3, each after
// RESET and FLUSHALL, one command at a time) and prints every raw reply, so
// that a new script's replies can be reviewed before not_redis has the
// commands. Lines whose reply is an error are marked "E".
//   g++ -std=c++20 -I test -o /tmp/dump_script test/parity/dump_script.cpp
//   redis-server --port 7790 --daemonize yes --save ''
//   /tmp/dump_script 7790 streams [2|3]     (or a file holding a script)
//   redis-cli -p 7790 shutdown nosave
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "parity/redis_process.hpp"
#include "parity/script.hpp"
#include "parity/scripts/hashes.hpp"
#include "parity/scripts/keys.hpp"
#include "parity/scripts/lists.hpp"
#include "parity/scripts/server.hpp"
#include "parity/scripts/sets.hpp"
#include "parity/scripts/streams.hpp"
#include "parity/scripts/strings.hpp"
#include "parity/scripts/transactions.hpp"
#include "parity/scripts/zsets.hpp"
#include "parity/scripts/bitmaps.hpp"
#include "parity/scripts/hyperloglog.hpp"
#include "parity/scripts/geo.hpp"
#include "parity/scripts/sort.hpp"

int main(int argc, char** argv) {
  using namespace parity;
  if (argc < 3) {
    std::cerr << "usage: dump_script PORT SCRIPT|FILE [2|3]\n";
    return 2;
  }
  const std::map<std::string, const char*> known = {
      {"strings", scripts::kStrings}, {"keys", scripts::kKeys},     {"hashes", scripts::kHashes},
      {"lists", scripts::kLists},     {"sets", scripts::kSets},     {"zsets", scripts::kZsets},
      {"server", scripts::kServer},   {"transactions", scripts::kTransactions},
      {"streams", scripts::kStreams}, {"streams-info", scripts::kStreamsInfo},
      {"bitmaps", scripts::kBitmaps}, {"hyperloglog", scripts::kHyperLogLog}, {"geo", scripts::kGeo}, {"sort", scripts::kSort}};
  std::string text;
  if (const auto it = known.find(argv[2]); it != known.end()) {
    text = it->second;
  } else {
    std::ifstream in(argv[2]);
    if (!in) { std::cerr << "no such script or file: " << argv[2] << "\n"; return 2; }
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  const int only = argc > 3 ? std::atoi(argv[3]) : 0;
  const std::vector<ScriptLine> lines = parse_script(text);
  for (int resp : {2, 3}) {
    if (only && only != resp) continue;
    Connection c(std::atoi(argv[1]));
    c.call({"RESET"});
    if (resp == 3) c.call({"HELLO", "3"});
    c.call({"FLUSHALL"});
    std::cout << "===== RESP" << resp << " (" << lines.size() << " commands)\n";
    for (const ScriptLine& l : lines) {
      const std::string r = c.call(l.argv);
      std::cout << (r[0] == '-' ? "E " : "  ") << l.line << ": " << format_command(l.argv) << "\n      "
                << printable(r, 100000) << std::endl;
    }
  }
}
