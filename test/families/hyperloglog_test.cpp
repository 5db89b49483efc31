// The hyperloglog commands, against what redis-server 7.0 replies.

#include "harness.hpp"

using namespace test;
