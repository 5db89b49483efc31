#pragma once
// Curated parity script: sort.
namespace parity::scripts {
inline constexpr const char* kSort = R"PARITY(
PING
)PARITY";
} // namespace parity::scripts
