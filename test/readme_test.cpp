// The README's tables match the code: the supported commands match the
// command table, and the typed methods match include/not_redis/commands/.

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
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

std::filesystem::path readme_path() {
  const char* path = std::getenv("NOT_REDIS_README");
  REQUIRE_MESSAGE(path != nullptr, "NOT_REDIS_README must point at README.md");
  return path;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The table lines between `<!-- name -->` and `<!-- /name -->`.
std::string readme_table(std::string_view name = "commands") {
  const std::string all = read_file(readme_path());
  const auto begin = all.find(fmt::format("<!-- {} -->", name));
  const auto end = all.find(fmt::format("<!-- /{} -->", name));
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  std::string table = all.substr(begin, end - begin);
  table = table.substr(table.find('\n') + 1);
  std::string out;
  std::istringstream lines(table);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("|", 0) == 0) out += line + "\n";
  return out;
}

std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::istringstream in(row.substr(1));
  for (std::string cell; std::getline(in, cell, '|');) {
    const auto first = cell.find_first_not_of(' ');
    const auto last = cell.find_last_not_of(' ');
    out.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
  }
  return out;
}

// Every typed method declared in the mixins: `Reply<...> name(` or a scan range's `KeyScan name(`.
std::set<std::string> header_methods() {
  const auto dir = readme_path().parent_path() / "include" / "not_redis" / "commands";
  static const std::regex declaration(R"(^\s*(?:Reply<.*>|KeyScan|HashScan|SetScan|SortedSetScan)\s*\(?([a-z_]+)\)?\()");
  std::set<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::istringstream lines(read_file(entry.path()));
    for (std::string line; std::getline(lines, line);)
      if (std::smatch m; std::regex_search(line, m, declaration)) out.insert(m[1]);
  }
  return out;
}


} // namespace

TEST_CASE("the README lists exactly the commands of the command table") {
  const std::string expected = expected_table();
  const std::string actual = readme_table();
  if (actual != expected) MESSAGE("README table should be:\n" << expected);
  CHECK(actual == expected);
}

TEST_CASE("the README's typed-method table lists exactly the methods of the command mixins") {
  const std::set<std::string> declared = header_methods();
  REQUIRE(declared.size() > 100);  // the regex still finds the declarations
  std::set<std::string> listed;
  static const std::regex method(R"(`([a-z_]+)(?:<Out>)?\()");
  std::istringstream rows(readme_table("typed"));
  std::string row;
  std::getline(rows, row);  // header
  std::getline(rows, row);  // separator
  while (std::getline(rows, row)) {
    const auto cell = cells(row);
    REQUIRE_MESSAGE(cell.size() == 4, row);
    const std::string& signatures = cell[1];
    for (std::sregex_iterator it(signatures.begin(), signatures.end(), method), end; it != end; ++it)
      listed.insert((*it)[1]);
  }
  for (const auto& name : declared) CHECK_MESSAGE(listed.count(name) == 1, name << " is missing from the README's typed table");
  for (const auto& name : listed) CHECK_MESSAGE(declared.count(name) == 1, name << " is in the README's typed table but not in the headers");
}

TEST_CASE("the README's typed-method table names commands the store has") {
  const auto& table = not_redis::detail::CommandTable::instance();
  std::set<std::string> known;
  for (const auto* spec : table.all()) {
    known.insert(std::string(spec->name));
    for (const auto& sub : spec->subcommands) known.insert(std::string(sub.name));
  }
  // "EXPIRE, or PEXPIRE for ...", "OBJECT ENCODING", "SET ... GET": each comma-separated part
  // starts with a command, perhaps followed by its subcommand.
  static const std::regex command(R"(^(?:or\s+)?([A-Z]+)(?:\s+([A-Z]+))?)");
  std::istringstream rows(readme_table("typed"));
  std::string row;
  std::getline(rows, row);
  std::getline(rows, row);
  while (std::getline(rows, row)) {
    std::istringstream parts(cells(row).at(2));
    for (std::string part; std::getline(parts, part, ',');) {
      part.erase(0, part.find_first_not_of(' '));
      std::smatch m;
      if (!std::regex_search(part, m, command)) continue;  // "page after page"
      auto lower = [](std::string s) {
        std::ranges::transform(s, s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return s;
      };
      std::string name = lower(m[1]);
      if (const std::string sub = name + "|" + lower(m[2]); m[2].matched && known.count(sub)) name = sub;
      CHECK_MESSAGE(known.count(name) == 1, name << " (README typed table) is not a command of the store");
    }
  }
}
