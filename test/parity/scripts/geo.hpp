#pragma once
// Curated parity script: geo.
namespace parity::scripts {
inline constexpr const char* kGeo = R"PARITY(
PING
)PARITY";
} // namespace parity::scripts
