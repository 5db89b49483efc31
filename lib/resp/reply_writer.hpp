#pragma once
// The reply side of RESP: a Value in, RESP2 or RESP3 bytes out, as Redis 7.0's
// addReply* functions (networking.c) write them. No I/O.

#include <cstddef>
#include <string>
#include <string_view>

#include <not_redis/value.hpp>

namespace not_redis::detail::resp {

/// Appends `value` to `out` in protocol `resp` (2 or 3). RESP2 gets Redis's
/// down-conversion: map -> flat array, set and push -> array, double -> bulk
/// "%.17g" ("inf", "-inf"), boolean -> :1/:0, verbatim and big number -> bulk,
/// nil -> $-1, null array -> *-1. Error texts are written as given (they carry
/// their code) with CR and LF turned into spaces, as are simple strings'.
/// Allocates nothing but `out`'s growth.
///
/// ```
/// std::string out;
/// write_reply(out, Value::map({Value::bulk("hz"), Value::bulk("10")}), 2);  // *2\r\n$2\r\nhz\r\n$2\r\n10\r\n
/// ```
void write_reply(std::string& out, const Value& value, int resp);

// Fast paths for replies built without a Value; same bytes as write_reply.
void write_integer(std::string& out, long long n);
void write_bulk(std::string& out, std::string_view s);
void write_simple(std::string& out, std::string_view s);
/// `text` starts with its code, e.g. "ERR syntax error".
void write_error(std::string& out, std::string_view text);
/// $-1 (RESP2) or _ (RESP3).
void write_nil(std::string& out, int resp);
/// *-1 (RESP2) or _ (RESP3).
void write_null_array(std::string& out, int resp);
void write_double(std::string& out, double d, int resp);
/// Redis's addReplyHumanLongDouble: "%.17Lf" without trailing zeros.
void write_human_double(std::string& out, double d, int resp);
void write_boolean(std::string& out, bool b, int resp);
/// Headers of aggregates; follow them with `n` elements (2n for a map).
void write_array_header(std::string& out, std::size_t n);
void write_map_header(std::string& out, std::size_t pairs, int resp);
void write_set_header(std::string& out, std::size_t n, int resp);
void write_push_header(std::string& out, std::size_t n, int resp);

} // namespace not_redis::detail::resp
