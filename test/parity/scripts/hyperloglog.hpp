#pragma once
// Curated parity script: hyperloglog.
namespace parity::scripts {
inline constexpr const char* kHyperLogLog = R"PARITY(
PING
)PARITY";
} // namespace parity::scripts
