#pragma once
// Curated parity script: bitmaps.
namespace parity::scripts {
inline constexpr const char* kBitmaps = R"PARITY(
PING
)PARITY";
} // namespace parity::scripts
