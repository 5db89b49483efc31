#pragma once
// The random generator's grammars for hyperloglog.

#include "generator.hpp"

namespace parity::grammar {

inline void hyperloglog(std::map<std::string, Generator::Grammar>&) {}

} // namespace parity::grammar
