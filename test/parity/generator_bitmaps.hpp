#pragma once
// The random generator's grammars for bitmaps.

#include "generator.hpp"

namespace parity::grammar {

inline void bitmaps(std::map<std::string, Generator::Grammar>&) {}

} // namespace parity::grammar
