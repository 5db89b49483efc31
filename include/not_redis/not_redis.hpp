#pragma once
/// @file
/// Umbrella header: everything but the opt-in fmt.hpp and uv.hpp.

#include <not_redis/argv.hpp>
#include <not_redis/client.hpp>
#include <not_redis/clock.hpp>
#include <not_redis/convert.hpp>
#include <not_redis/error.hpp>
#include <not_redis/future.hpp>
#include <not_redis/options.hpp>
#include <not_redis/remote_client.hpp>
#include <not_redis/server.hpp>
#include <not_redis/subscriber.hpp>
#include <not_redis/value.hpp>
#include <not_redis/when.hpp>
