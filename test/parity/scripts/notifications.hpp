#pragma once
// Curated parity script for keyspace notifications: each command runs on one
// connection while another, subscribed to __key*__:*, collects what it emits;
// the events, their order and their channels must be Redis's. Deterministic
// commands only (a random SPOP would pick different members).
namespace parity::scripts {
inline constexpr const char* kNotifications = R"PARITY(
SET k v
SET k v2 EX 100
SET k v3 KEEPTTL
APPEND k x
SETRANGE k 1 zz
INCR n
INCRBY n 5
DECR n
DECRBY n 2
INCRBYFLOAT f 1.5
GETDEL k
GETEX n EX 100
GETEX n PERSIST
MSET a 1 b 2
MSETNX a 3 c 4
SETNX a 3
SETEX s 10 v
PSETEX s2 10000 v
EXPIRE a 100
PEXPIRE a 100000
EXPIREAT a 99999999999
EXPIRE a 100 GT
PERSIST a
SETBIT bits 7 1
SETBIT bits 7 1
SETBIT bits 100 0
SETBIT bits 7 0
BITOP OR bits2 bits a
BITOP AND bits2 nosuch
BITOP AND nosuch2 nosuch
BITFIELD bf GET u8 0
BITFIELD bf SET u8 0 1 GET u8 0
BITFIELD bf OVERFLOW FAIL INCRBY u8 0 1000
BITFIELD_RO bf GET u8 0
PFADD hll a b c
PFADD hll a
PFADD hll2 d
PFMERGE hll3 hll hll2
PFCOUNT hll
GEOADD geo 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
GEOADD geo XX CH 13.5 38.1 Palermo
GEOSEARCHSTORE geo2 geo FROMLONLAT 15 37 BYRADIUS 200 km
GEORADIUS geo 15 37 200 km STORE geo3
GEORADIUS geo 15 37 1 m STORE geo3
RPUSH sortme 3 1 2
SORT sortme STORE sorted
SORT nosuch STORE sorted
RESTORE restored 0 "\x00\x01v\n\x00\x91\x08\xce\xb2\x198\x8a\xce"
RESTORE restored 0 "\x00\x01v\n\x00\x91\x08\xce\xb2\x198\x8a\xce" REPLACE
RESTORE restored 0 "\x00\x01v\n\x00\x91\x08\xce\xb2\x198\x8a\xce"
RENAME a a2
RENAME a2 b
RENAMENX b c
COPY b c2
COPY b c2 REPLACE
DEL b c2 missing
UNLINK c
LPUSH l a b c
RPUSH l d
LPUSHX l e
RPUSHX nolist e
LPOP l
RPOP l 2
LINSERT l BEFORE a x
LSET l 0 y
LREM l 0 y
LTRIM l 0 0
LMOVE l l2 LEFT RIGHT
RPOPLPUSH l2 l
LMPOP 1 l LEFT
HSET h f v g w
HSETNX h f v
HINCRBY h n 1
HINCRBYFLOAT h x 1.5
HDEL h f g n x
SADD s1 a b c
SREM s1 a b
SPOP s1
SADD s1 c d
SMOVE s1 s2 c
SINTERSTORE s3 s1 s2
SUNIONSTORE s3 s2
SDIFFSTORE s4 s2 s1
SINTERSTORE s4 nosuch s1
ZADD z 1 a 2 b 3 c
ZADD z XX CH 5 a
ZINCRBY z 1 a
ZREM z a
ZPOPMIN z
ZPOPMAX z
ZADD z 1 a 2 b 3 c 4 d
ZREMRANGEBYRANK z 0 0
ZREMRANGEBYSCORE z 3 3
ZREMRANGEBYLEX z - +
ZADD z 1 a 2 b
ZUNIONSTORE z2 1 z
ZINTERSTORE z3 1 z
ZDIFFSTORE z4 1 z
ZRANGESTORE z5 z 0 -1
ZMPOP 1 z MIN
BZPOPMAX z 1
EXPIRE z5 0
GET nokey
EXISTS nokey
TYPE nokey
HGET nokey f
LRANGE nokey 0 -1
MGET nokey k
SMEMBERS nokey
ZSCORE nokey m
XADD st 1-0 f v
XADD st 2-0 f v
XADD st MAXLEN 1 3-0 f v
XADD st NOMKSTREAM 4-0 f v
XADD nost NOMKSTREAM 1-0 f v
XADD st 2-0 f v
XDEL st 3-0 9-0
XDEL st 9-0
XTRIM st MAXLEN 0
XTRIM st MAXLEN 0
XSETID st 10-0
XGROUP CREATE st g $
XGROUP CREATE st g $
XGROUP CREATE newst g $ MKSTREAM
XGROUP CREATECONSUMER st g c
XGROUP CREATECONSUMER st g c
XADD st 11-0 f v
XREADGROUP GROUP g c2 STREAMS st >
XREADGROUP GROUP g c3 STREAMS st >
XACK st g 11-0
XCLAIM st g c3 0 11-0
XAUTOCLAIM st g c4 0 0
XGROUP SETID st g 0
XGROUP DELCONSUMER st g c
XGROUP DELCONSUMER st g nosuch
XGROUP DESTROY st g
XGROUP DESTROY st g
XLEN nokey
XRANGE nokey - +
XREAD STREAMS nokey 0
RENAME st st2
COPY st2 st3
EXPIRE st3 0
FLUSHALL
)PARITY";
}  // namespace parity::scripts
