// The set family, command by command, as redis-cli would show it.

#include "harness.hpp"

using namespace test;
