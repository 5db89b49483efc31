#pragma once
// Curated parity script: SORT and SORT_RO. Numeric and ALPHA sorts of lists,
// sets and sorted sets, ASC|DESC, LIMIT's arithmetic, BY keys and hash fields
// (and BY without `*`: no sorting), GET `#`, keys and hash fields, STORE (a
// list, or a deleted destination), every error text. Sets are left unsorted
// only where their order is defined (intsets, or with STORE, which sorts
// them); ALPHA BY ties only on lists, which keep their order.
namespace parity::scripts {
inline constexpr const char* kSort = R"PARITY(
# An earlier script may have left errno at ERANGE in redis-server (see
# generator_sort.hpp); this read-only parse clears it.
GEORADIUS_RO errno:reset 0 0 1 m
SET str v
HSET hash f v
RPUSH nums 3 1 2 10 -5 2.5 1e2 0x10 " 7"
SORT nums
SORT nums DESC
SORT nums ASC
SORT nums LIMIT 0 3
SORT nums LIMIT 2 3 DESC
SORT nums LIMIT -5 2
SORT nums LIMIT 5 -1
SORT nums LIMIT 5 0
SORT nums LIMIT 100 5
SORT nums LIMIT 8 100
SORT nums LIMIT 0 1 LIMIT 3 2
SORT nums ALPHA
SORT nums ALPHA DESC
SORT nums alpha limit 1 2
RPUSH words banana apple cherry Apple "" "b\x00z" "b\x00a" 10 9
SORT words
SORT words ALPHA
SORT words ALPHA DESC
SORT words ALPHA STORE out
LRANGE out 0 -1
TYPE out
OBJECT ENCODING out
# BY and GET
MSET w_3 30 w_1 10 w_2 20 w_10 5 w_-5 50
MSET name_3 three name_1 one name_2 two name_10 ten
HSET h_3 x 1 name c
HSET h_1 x 3 name a
HSET h_2 x 2 name b
HSET h_10 x 0
SORT nums BY w_*
SORT nums BY w_* DESC
SORT nums BY w_* GET name_*
SORT nums BY w_* GET # GET name_* GET h_*->name GET h_*->x GET nosuch_*
SORT nums BY h_*->x
SORT nums BY h_*->x GET h_*->name
SORT nums BY h_*->nosuch GET #
SORT nums BY w_* LIMIT 1 3
SORT nums BY w_* ALPHA
SORT nums BY name_* ALPHA
SORT nums BY name_* ALPHA DESC
SORT nums BY nosort
SORT nums BY nosort DESC
SORT nums BY nosort LIMIT 2 3
SORT nums BY nosort LIMIT 2 3 DESC
SORT nums BY nosort GET name_* GET #
SORT nums BY w_ GET #
SORT nums BY * GET *
SORT nums BY h_*-> GET h_*->
SORT nums BY str
SORT nums GET str
SORT nums GET hash
SORT nums GET #x
SORT nums GET "#\x00x"
SORT nums BY "w_\x00*"
SORT nums BY "w_*\x00zz"
SORT nums BY h_*->x STORE out
LRANGE out 0 -1
SORT nums BY nosort GET name_* STORE out
LRANGE out 0 -1
SORT nums BY w_* GET name_* STORE out
LRANGE out 0 -1
# Scores that are not numbers
RPUSH bad 1 x 3
SORT bad
SORT bad ALPHA
SORT bad BY nosort
SORT bad BY w_*
SORT bad STORE out
EXISTS out
RPUSH tiny 1 1e-400
SORT tiny
# Redis's SORT reads scores with strtod without clearing errno first, so
# after an ERANGE every numeric SORT fails until something clears it, as
# this GEORADIUS_RO does. not_redis clears errno for each score.
GEORADIUS_RO errno:reset 0 0 1 m
RPUSH huge 1 1e400
SORT huge
GEORADIUS_RO errno:reset 0 0 1 m
RPUSH specials inf -inf 0 ""
SORT specials
RPUSH nan nan 1
SORT nan
SET w_x notanumber
SORT bad BY w_*
# Sets
SADD ints 5 3 9 1 7
SORT ints
SORT ints DESC LIMIT 1 2
SORT ints BY nosort
SORT ints BY nosort DESC
SORT ints BY nosort LIMIT 1 2
SADD letters d b a c e
SORT letters ALPHA
SORT letters ALPHA DESC LIMIT 0 2
SORT letters
SORT letters BY nosort STORE out
LRANGE out 0 -1
SORT letters BY nosort ALPHA STORE out DESC
LRANGE out 0 -1
# Sorted sets
ZADD z 3 c 1 a 2 b 10 j 5 e
SORT z ALPHA
SORT z ALPHA DESC
SORT z BY nosort
SORT z BY nosort DESC
SORT z BY nosort LIMIT 1 2
SORT z BY nosort LIMIT 1 2 DESC
SORT z BY nosort LIMIT 4 10 DESC
SORT z
ZADD zn 1 3 2 1 3 2
SORT zn
SORT zn BY nosort
SORT zn BY w_* GET name_*
# STORE
SORT nums STORE out
LRANGE out 0 -1
SET out x
EXPIRE out 100
SORT nums LIMIT 0 2 STORE out
TTL out
LRANGE out 0 -1
SORT nosuch STORE out
EXISTS out
SORT nums LIMIT 0 0 STORE out
EXISTS out
SORT nums STORE nums
LRANGE nums 0 -1
SORT nums GET nosuch_* STORE out
LRANGE out 0 -1
SORT nums STORE a STORE b
EXISTS a b
SORT nums STORE hash
TYPE hash
# Missing keys and errors
SORT nosuch
SORT nosuch ALPHA LIMIT 0 5
SORT nosuch GET #
SORT str
SORT hash
SORT str STORE out
SORT nums FOO
SORT nums LIMIT 0
SORT nums LIMIT a 1
SORT nums LIMIT 0 b
SORT nums BY
SORT nums GET
SORT nums STORE
SORT nums ASC DESC ASC
SORT nosuch FOO
SORT nosuch LIMIT a 1
SORT
# SORT_RO
SORT_RO nums
SORT_RO nums BY w_* GET name_* DESC LIMIT 0 2
SORT_RO nums STORE out
SORT_RO str
SORT_RO
COMMAND GETKEYS SORT nums STORE out
COMMAND GETKEYS SORT nums BY store STORE out GET x LIMIT 0 1
COMMAND GETKEYS SORT nums GET store x
COMMAND GETKEYS SORT nums STORE a STORE b
COMMAND GETKEYS SORT_RO nums
)PARITY";
} // namespace parity::scripts
