// The list family, command by command, as redis-cli would show it.

#include "harness.hpp"

using namespace test;
