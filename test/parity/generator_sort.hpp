#pragma once
// The random generator's grammars for sort.

#include "generator.hpp"

namespace parity::grammar {

inline void sort(std::map<std::string, Generator::Grammar>&) {}

} // namespace parity::grammar
