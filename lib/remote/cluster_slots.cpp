#include "remote/cluster_slots.hpp"

#include <vector>

#include "cmd/command_keys.hpp"
#include "cmd/table.hpp"

namespace not_redis::detail {

namespace {

constexpr std::array<std::uint16_t, 256> make_crc16_table() {
  std::array<std::uint16_t, 256> table{};
  for (unsigned byte = 0; byte < 256; ++byte) {
    auto crc = static_cast<std::uint16_t>(byte << 8);
    for (int bit = 0; bit < 8; ++bit)
      crc = static_cast<std::uint16_t>(crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1);
    table[byte] = crc;
  }
  return table;
}

constexpr auto kCrc16Table = make_crc16_table();

/// Folds one more key's slot into what the command has so far.
void merge(CommandSlot& slot, int key_slot) noexcept {
  if (std::holds_alternative<NoKeys>(slot)) slot = key_slot;
  else if (const int* have = std::get_if<int>(&slot); have && *have != key_slot) slot = CrossSlot{};
}

} // namespace

std::uint16_t crc16(std::string_view bytes) noexcept {
  std::uint16_t crc = 0;
  for (const char c : bytes)
    crc = static_cast<std::uint16_t>((crc << 8) ^ kCrc16Table[((crc >> 8) ^ static_cast<unsigned char>(c)) & 0xff]);
  return crc;
}

int key_hash_slot(std::string_view key) noexcept {
  if (const auto open = key.find('{'); open != std::string_view::npos) {
    const auto close = key.find('}', open + 1);
    if (close != std::string_view::npos && close != open + 1) key = key.substr(open + 1, close - open - 1);
  }
  return crc16(key) & (kClusterSlots - 1);
}

CommandSlot command_slot(const Argv& argv) {
  CommandSlot slot = NoKeys{};
  const std::string_view name = argv[0];
  // Their channels are "not keys" to the key specs, yet a shard channel lives
  // in the slot of its name.
  if (iequals(name, "spublish")) {
    if (argv.size() > 1) merge(slot, key_hash_slot(argv[1]));
    return slot;
  }
  if (iequals(name, "ssubscribe") || iequals(name, "sunsubscribe")) {
    for (std::size_t i = 1; i < argv.size(); ++i) merge(slot, key_hash_slot(argv[i]));
    return slot;
  }
  std::vector<std::string_view> args(argv.begin(), argv.end());
  const CommandSpec* spec = find_for_argv(args);
  if (!spec) return slot;  // unknown here: the server gives its error, from any node
  for (const KeyRef& key : command_keys(*spec, args)) merge(slot, key_hash_slot(args[key.pos]));
  return slot;
}

} // namespace not_redis::detail
