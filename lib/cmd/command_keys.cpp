#include "cmd/command_keys.hpp"

#include <algorithm>
#include <climits>
#include <optional>

#include "cmd/command_docs.hpp"
#include "cmd/table.hpp"
#include "util/numbers.hpp"

namespace not_redis::detail {

namespace {

/// Redis's getKeysUsingKeySpecs: the keys the row's key specs find in `argv`
/// (specs of not_key arguments skipped), or nullopt when a spec does not fit
/// the arguments (a count that is no number, a range past the end...).
std::optional<std::vector<KeyRef>> keys_from_specs(const CommandSpec& spec, std::span<const std::string_view> argv) {
  std::vector<KeyRef> keys;
  const CommandDoc* doc = find_command_doc(spec.name);
  if (!doc) return keys;
  const auto argc = static_cast<long long>(argv.size());
  for (const KeySpec& key_spec : doc->key_specs) {
    if (key_spec.flags & kKeyNotKey) continue;
    long long first = 0;
    if (key_spec.begin == BeginSearch::index) {
      first = key_spec.index;
    } else if (key_spec.begin == BeginSearch::keyword) {
      // Redis's scan, to the letter: forwards it stops before the last
      // argument, backwards before the command name.
      const long long start = key_spec.startfrom > 0 ? key_spec.startfrom : argc + key_spec.startfrom;
      const long long end = key_spec.startfrom > 0 ? argc - 1 : 1;
      for (long long i = start; i != end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (iequals(argv[static_cast<std::size_t>(i)], key_spec.keyword)) {
          first = i + 1;
          break;
        }
      }
      if (!first) continue;  // no keyword, no keys of this spec
    } else {
      return std::nullopt;
    }
    long long last = 0;
    if (key_spec.find == FindKeys::range) {
      if (key_spec.lastkey >= 0) last = first + key_spec.lastkey;
      else if (!key_spec.limit) last = argc + key_spec.lastkey;
      else last = first + ((argc - first) / key_spec.limit + key_spec.lastkey);
    } else if (key_spec.find == FindKeys::keynum) {
      const long long at = first + key_spec.keynumidx;
      const auto numkeys = at < argc ? parse_integer(argv[static_cast<std::size_t>(at)]) : std::nullopt;
      if (!numkeys || *numkeys < 0 || *numkeys > argc) return std::nullopt;
      first += key_spec.firstkey;
      last = first + *numkeys - 1;
    } else {
      return std::nullopt;
    }
    if (last >= argc || last < first || first >= argc || key_spec.keystep <= 0) return std::nullopt;
    for (long long i = first; i <= last; i += key_spec.keystep)
      keys.push_back({static_cast<std::size_t>(i), key_spec.flags});
  }
  return keys;
}

/// C's atoi, which Redis's genericGetKeys reads a key count with: leading
/// blanks, a sign, then digits as far as they go ("2abc" is 2).
long long c_atoi(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) ++i;
  const bool negative = i < s.size() && s[i] == '-';
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  long long n = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9' && n < INT_MAX; ++i) n = n * 10 + (s[i] - '0');
  return negative ? -n : n;
}

/// Redis's sortGetKeys: the sorted key, and the last STORE's destination.
/// Options are skipped by their argument counts, so a STORE that is the
/// argument of BY, GET or LIMIT is no option.
std::vector<KeyRef> sort_keys(std::span<const std::string_view> argv) {
  std::vector<KeyRef> keys{{1, static_cast<std::uint16_t>(kKeyRo | kKeyAccess)}};
  std::optional<std::size_t> store;
  for (std::size_t i = 2; i < argv.size(); ++i) {
    const std::string_view arg = argv[i].substr(0, argv[i].find('\0'));
    if (iequals(arg, "limit")) i += 2;
    else if (iequals(arg, "get") || iequals(arg, "by")) i += 1;
    else if (iequals(arg, "store") && i + 1 < argv.size()) store = i + 1;
  }
  if (store) keys.push_back({*store, static_cast<std::uint16_t>(kKeyOw | kKeyUpdate)});
  return keys;
}

} // namespace

/// The row that would run `argv` (Redis's lookupCommand), or nullptr.
const CommandSpec* find_for_argv(std::span<const std::string_view> argv) {
  const CommandSpec* spec = CommandTable::instance().find(argv[0]);
  if (!spec || spec->subcommands.empty() || argv.size() == 1) return spec;
  return CommandTable::find_subcommand(*spec, argv[1]);
}

/// Redis's getKeysFromCommandWithSpecs for the rows of the table: the key
/// specs, except where Redis asks the command itself. SET's spec has
/// variable_flags (its GET option decides them: setGetKeys); for the commands
/// with a key count, a count the specs refuse gets a second reading by
/// genericGetKeys, whose keys have no flags.
std::vector<KeyRef> command_keys(const CommandSpec& spec, std::span<const std::string_view> argv) {
  if (spec.name == "set") {
    const bool get = std::any_of(argv.begin() + std::min<std::size_t>(3, argv.size()), argv.end(),
                                 [](std::string_view arg) { return iequals(arg.substr(0, arg.find('\0')), "get"); });
    return {{1, static_cast<std::uint16_t>(get ? kKeyRw | kKeyAccess | kKeyUpdate : kKeyOw | kKeyUpdate)}};
  }
  if (spec.name == "sort") return sort_keys(argv);
  // Its second spec (BY and GET keys) cannot be found (Redis's sortROGetKeys).
  if (spec.name == "sort_ro") return {{1, static_cast<std::uint16_t>(kKeyRo | kKeyAccess)}};
  if (auto keys = keys_from_specs(spec, argv)) return std::move(*keys);
  std::vector<KeyRef> keys;
  if (spec.numkeys_at > 0) {
    const auto at = static_cast<std::size_t>(spec.numkeys_at);
    const long long count = c_atoi(argv[at]);
    if (count < 1 || count > static_cast<long long>(argv.size() - at - 1)) return keys;
    for (long long i = 1; i <= count; ++i) keys.push_back({at + static_cast<std::size_t>(i), 0});
  }
  return keys;
}

} // namespace not_redis::detail
