// CONFIG GET, SET, RESETSTAT and HELP (Redis's config.c). The settings
// themselves, with their names and parsers, are the table in cmd/settings.cpp,
// where the engine and other families reach them too.

#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "cmd/settings.hpp"
#include "families/family.hpp"
#include "util/glob.hpp"

namespace not_redis::detail {

namespace {

// ---------------------------------------------------------------------------
// CONFIG SET's error texts.

Value config_set_failed(std::string_view name, std::string_view reason) {
  return Value::error(fmt::format(fmt::runtime(errors::kConfigSetFailed), name, reason));
}

// ---------------------------------------------------------------------------
// Command handlers.

// CONFIG GET parameter [parameter ...]
Outcome config_get(Context& ctx) {
  // Each setting once, under the name that matched it first: a name given
  // without glob characters is echoed as given (CONFIG GET HZ → "HZ"), as Redis does.
  std::vector<std::pair<const Setting*, std::string>> matches;
  const auto matched = [&](const Setting& s) {
    return std::any_of(matches.begin(), matches.end(), [&](const auto& m) { return m.first == &s; });
  };
  for (std::size_t i = 2; i < ctx.argv.size(); ++i) {
    const std::string_view pattern = ctx.argv[i];
    if (pattern.find_first_of("[*?") == std::string_view::npos) {
      if (const Setting* s = find_setting(pattern); s && !matched(*s)) matches.emplace_back(s, std::string(pattern));
      continue;
    }
    for (const Setting& s : all_settings())
      if (!matched(s) && glob_match(pattern, s.name, true)) matches.emplace_back(&s, std::string(s.name));
  }
  Value::Array flat;
  for (auto& [setting, name] : matches) {
    flat.push_back(Value::bulk(std::move(name)));
    flat.push_back(Value::bulk(setting->get(ctx.store.config)));
  }
  return Value::map(std::move(flat));
}

// CONFIG SET parameter value [parameter value ...]
Outcome config_set(Context& ctx) {
  if (ctx.argv.size() % 2 != 0) return syntax_error();
  // As Redis: find every setting first (the first unknown, immutable or
  // repeated name fails the call), then set them all or none.
  std::vector<const Setting*> settings;
  for (std::size_t i = 2; i < ctx.argv.size(); i += 2) {
    const std::string_view name = ctx.argv[i];
    const Setting* s = find_setting(name);
    if (!s) return Value::error(fmt::format(fmt::runtime(errors::kConfigSetUnknown), error_arg(name)));
    if (!s->set) return config_set_failed(error_arg(name), errors::kConfigImmutable);
    if (std::find(settings.begin(), settings.end(), s) != settings.end())
      return config_set_failed(error_arg(name), errors::kConfigDuplicate);
    settings.push_back(s);
  }
  Config next = ctx.store.config;
  for (std::size_t k = 0; k < settings.size(); ++k) {
    if (SetError e = settings[k]->set(next, ctx.argv[3 + 2 * k]))
      return config_set_failed(settings[k]->name, *e);
  }
  ctx.store.config = std::move(next);
  if (ctx.store.on_config_changed) ctx.store.on_config_changed(ctx.store.engine);
  return Value::ok();
}

// CONFIG RESETSTAT
Outcome config_resetstat(Context& ctx) {
  ctx.store.stats = Stats{};
  ctx.db().reset_stats();
  ctx.store.lazy_free.reset_stats();
  return Value::ok();
}

// CONFIG HELP
Outcome config_help(Context&) {
  // Redis's text, less REWRITE: an embedded store has no configuration file.
  return help_reply("CONFIG", {
                                  "GET <pattern>",
                                  "    Return parameters matching the glob-like <pattern> and their values.",
                                  "SET <directive> <value>",
                                  "    Set the configuration <directive> to <value>.",
                                  "RESETSTAT",
                                  "    Reset statistics reported by the INFO command.",
                              });
}

// ---------------------------------------------------------------------------
// The family's rows.

constexpr std::uint32_t kConfigFlags = kAdmin | kNoscript | kLoading | kStale;

constexpr CommandSpec kConfigSubcommands[] = {
    {"config|get", -3, kConfigFlags, 0, 0, 0, &config_get, "@admin @slow @dangerous"},
    {"config|help", 2, kLoading | kStale, 0, 0, 0, &config_help, "@slow"},
    {"config|resetstat", 2, kConfigFlags, 0, 0, 0, &config_resetstat, "@admin @slow @dangerous"},
    {"config|set", -4, kConfigFlags, 0, 0, 0, &config_set, "@admin @slow @dangerous"},
};

constexpr CommandSpec kCommands[] = {
    {"config", -2, 0, 0, 0, 0, nullptr, "@slow", kConfigSubcommands},
};

} // namespace

std::span<const CommandSpec> config_commands() { return kCommands; }

} // namespace not_redis::detail
