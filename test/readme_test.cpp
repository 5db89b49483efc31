// The README's table of supported commands matches the command table.

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "cmd/table.hpp"
#include "harness.hpp"

namespace {

std::string flag_names(std::uint32_t flags) {
  using namespace not_redis::detail;
  static const std::pair<std::uint32_t, const char*> kNames[] = {
      {kWrite, "write"}, {kReadonly, "readonly"}, {kDenyOom, "denyoom"}, {kAdmin, "admin"},
      {kBlocking, "blocking"}, {kFast, "fast"}, {kNoscript, "noscript"}, {kLoading, "loading"},
      {kStale, "stale"}, {kNoAuth, "no_auth"}, {kSentinel, "sentinel"}, {kAllowBusy, "allow_busy"},
  };
  std::string out;
  for (auto [bit, name] : kNames)
    if (flags & bit) out += (out.empty() ? "" : " ") + std::string(name);
  return out;
}

// A subcommand's name "object|encoding" needs its bar escaped in a table cell.
std::string row(const not_redis::detail::CommandSpec& spec) {
  std::string name(spec.name);
  if (auto bar = name.find('|'); bar != std::string::npos) name.replace(bar, 1, "\\|");
  return fmt::format("| `{}` | {} | {} |", name, spec.arity, flag_names(spec.flags));
}

// One row per command and per subcommand, sorted by name.
std::string expected_table() {
  std::map<std::string, std::string> rows;
  for (const auto* spec : not_redis::detail::CommandTable::instance().all()) {
    rows[std::string(spec->name)] = row(*spec);
    for (const auto& sub : spec->subcommands) rows[std::string(sub.name)] = row(sub);
  }
  std::string out = "| Command | Arity | Flags |\n|---|---|---|\n";
  for (const auto& [name, row] : rows) out += row + "\n";
  return out;
}

std::string readme_table() {
  const char* path = std::getenv("NOT_REDIS_README");
  REQUIRE_MESSAGE(path != nullptr, "NOT_REDIS_README must point at README.md");
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  const auto begin = all.find("<!-- commands -->");
  const auto end = all.find("<!-- /commands -->");
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  std::string table = all.substr(begin, end - begin);
  table = table.substr(table.find('\n') + 1);
  // Keep the table lines only.
  std::string out;
  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("|", 0) == 0) out += line + "\n";
  return out;
}

} // namespace

TEST_CASE("the README lists exactly the commands of the command table") {
  const std::string expected = expected_table();
  const std::string actual = readme_table();
  if (actual != expected) MESSAGE("README table should be:\n" << expected);
  CHECK(actual == expected);
}
