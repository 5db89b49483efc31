#pragma once
// The random generator's grammars for geo.

#include "generator.hpp"

namespace parity::grammar {

inline void geo(std::map<std::string, Generator::Grammar>&) {}

} // namespace parity::grammar
