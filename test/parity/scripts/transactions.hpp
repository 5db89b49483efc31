#pragma once
// Curated parity script: transactions (MULTI EXEC DISCARD WATCH UNWATCH), as
// Redis 7.0's multi.c and processCommand define them. Then, for every write
// command family, which commands touch a watched key (signalModifiedKey) and
// which do not: each case is `WATCH k`, the command, `MULTI`, `SET x 1`,
// `EXEC`, so EXEC's null reply (RESP2 *-1, RESP3 _) says the key was touched
// and an array says it was not. Each case's comment says which Redis does.
// The harness reconnects after QUIT and sends HELLO 3 again after RESET.
namespace parity::scripts {
inline constexpr const char* kTransactions = R"PARITY(
# ---- MULTI and EXEC
FLUSHALL
# An empty transaction.
MULTI
EXEC
# Every queued command answers +QUEUED; EXEC answers with their replies, in order.
MULTI
SET a 1
INCR a
GET a
PING
ECHO hello
EXEC
GET a
# Errors at EXEC time are per-command replies, and the rest still runs
# (WRONGTYPE in the middle; syntax and value errors only a run can find).
MULTI
SET a 1
LPUSH a x
INCR a
SET a b c
SET a 5 EX abc
LRANGE a 0 -1
GET a
EXEC
GET a
# The commands in a transaction see each other's writes.
MULTI
DEL l
RPUSH l a b c
LPOP l
LRANGE l 0 -1
HSET h f 1
HINCRBY h f 5
HGET h f
SADD s m
SMISMEMBER s m n
EXEC
# ---- Refused while queuing: EXEC answers EXECABORT and nothing runs
# Unknown command.
SET a 10
MULTI
SET a 11
NOSUCHCOMMAND x
SET a 12
EXEC
GET a
# Wrong arity.
MULTI
SET a 13
GET
EXEC
GET a
# Unknown subcommand, and a subcommand's arity.
MULTI
CONFIG NOSUCH
EXEC
MULTI
OBJECT NOSUCH a
SET a 14
EXEC
MULTI
OBJECT ENCODING
EXEC
GET a
# The arity of the commands that run at once inside MULTI is checked like any
# other's: a wrong one aborts the transaction too.
MULTI
MULTI x
EXEC
MULTI
WATCH
EXEC
MULTI
DISCARD x
EXEC
MULTI
UNWATCH x
EXEC
MULTI
RESET x
EXEC
# EXEC with arguments: EXECABORT with the arity error, and the transaction
# (its queue and its WATCHes) is gone; outside MULTI the same text.
MULTI
SET a 14
EXEC x
EXEC
GET a
EXEC x y
WATCH a
MULTI
EXEC x
SET a 16
MULTI
GET a
EXEC
# A refused command after an EXECABORT-doomed one changes nothing more.
MULTI
NOSUCH
GET
SET a 15
EXEC
GET a
# ---- MULTI nested, WATCH inside MULTI: errors that do NOT abort
MULTI
SET a 20
MULTI
SET a 21
EXEC
GET a
MULTI
SET a 22
WATCH a
WATCH nosuch
INCR a
EXEC
GET a
# ---- EXEC and DISCARD without MULTI
EXEC
DISCARD
MULTI
SET a 30
DISCARD
GET a
EXEC
DISCARD
# UNWATCH outside MULTI is fine; inside it is queued.
UNWATCH
MULTI
UNWATCH
EXEC
# ---- Blocking commands inside MULTI answer at once: on missing keys as if
# their timeout had passed (BLPOP/BRPOP/BLMPOP a null array, BLMOVE/BRPOPLPUSH
# a null bulk), also with timeout 0; with data as the non-blocking form would.
FLUSHALL
MULTI
BLPOP nosuch 0
BRPOP nosuch nosuch2 1
BLMOVE nosuch dst LEFT RIGHT 0
BRPOPLPUSH nosuch dst 0
BLMPOP 0 1 nosuch LEFT
BLMPOP 1 2 nosuch nosuch2 RIGHT COUNT 3
EXISTS dst
EXEC
MULTI
RPUSH l a b c d e f
BLPOP nosuch l 0
BRPOP l 1
BLMOVE l dst LEFT RIGHT 0
BRPOPLPUSH l dst 0
BLMPOP 0 1 l LEFT COUNT 5
BLPOP l 0
LRANGE dst 0 -1
EXEC
# Their argument errors are found at EXEC time, like any other command's.
MULTI
BLPOP l abc
BLPOP l -1
BLMPOP 0 1 l LEFT COUNT 0
BLMOVE l dst MIDDLE RIGHT 0
SET str v
BLPOP str 0
BLMOVE dst str LEFT RIGHT 0
EXEC
# ---- SELECT, PING inside MULTI
MULTI
SELECT 0
SELECT abc
SELECT 100000
PING
EXEC
# ---- EXEC's null reply (RESP2 *-1, RESP3 _) after a watched key changed,
# and the watch rules themselves
FLUSHALL
# A watched key that changes: null; that does not: an array.
WATCH k
SET k 1
MULTI
SET x 1
EXEC
WATCH k
MULTI
SET x 1
EXEC
# The transaction's own writes to the watched key do not fail it.
WATCH k
MULTI
SET k 2
INCR k
EXEC
GET k
# Several keys: any one of them changing fails EXEC.
WATCH a b c
SET c 1
MULTI
SET x 1
EXEC
WATCH a b c
WATCH a
MULTI
SET x 1
EXEC
# A key watched twice, then changed.
WATCH k k
DEL k
MULTI
SET x 1
EXEC
# Watching again after the change does not clean the slate.
WATCH k
SET k 1
WATCH k
MULTI
SET x 1
EXEC
# A missing key that gets created.
DEL k
WATCH k
SET k 1
MULTI
SET x 1
EXEC
# A missing key that stays missing.
DEL k
WATCH k
DEL k
GET k
MULTI
SET x 1
EXEC
# UNWATCH forgets the change.
WATCH k
SET k 2
UNWATCH
MULTI
SET x 1
EXEC
# ... but queued inside MULTI it comes too late.
WATCH k
SET k 3
MULTI
UNWATCH
SET x 1
EXEC
# EXEC clears the watches, whether it ran, failed, or aborted.
WATCH k
MULTI
EXEC
SET k 4
MULTI
SET x 1
EXEC
WATCH k
SET k 5
MULTI
EXEC
SET k 6
MULTI
SET x 1
EXEC
WATCH k
MULTI
NOSUCH
EXEC
SET k 7
MULTI
SET x 1
EXEC
# DISCARD clears them.
WATCH k
MULTI
DISCARD
SET k 8
MULTI
SET x 1
EXEC
# A nested MULTI or WATCH inside MULTI leaves them in place.
WATCH k
SET k 9
MULTI
MULTI
WATCH k
SET x 1
EXEC
# RESET clears them, and ends a transaction.
WATCH k
SET k 10
RESET
MULTI
SET x 1
EXEC
MULTI
SET a 40
RESET
EXEC
GET a
# QUIT inside MULTI runs at once: +OK and the connection closes (the harness
# reconnects). The new connection has neither the transaction nor the watches.
WATCH k
SET k 11
MULTI
SET a 41
QUIT
EXEC
GET a
MULTI
SET x 1
EXEC
# ---- Watched keys with a TTL
# PEXPIRE with a past deadline deletes the key at once: a change.
SET k v
WATCH k
PEXPIRE k -1
MULTI
SET x 1
EXEC
EXISTS k
# Deleted by a past deadline before WATCH: watching a missing key.
SET k v
PEXPIREAT k 1
WATCH k
MULTI
SET x 1
EXEC
# A TTL set and removed.
SET k v EX 1000
WATCH k
PERSIST k
MULTI
SET x 1
EXEC
# A key stored with a deadline already past (SET ... PXAT 1), then watched:
# nothing about it changes until it is written again. (Not compared here:
# DBSIZE, which in Redis 7.0 still counts such a key until it is reclaimed.)
SET k v PXAT 1
WATCH k
MULTI
SET x 1
EXEC
SET k v PXAT 1
WATCH k
GET k
EXISTS k
MULTI
SET x 1
EXEC
SET k v PXAT 1
WATCH k
DEL k
MULTI
SET x 1
EXEC
SET k v PXAT 1
WATCH k
FLUSHALL
MULTI
SET x 1
EXEC
SET k v PXAT 1
WATCH k
SET k v2 NX
MULTI
SET x 1
EXEC
SET k v PXAT 1
WATCH k
LPUSH k a
MULTI
SET x 1
EXEC
# ---- WATCH k, then one command: Strings. A null EXEC reply means the
# command touched k; an array means it did not.
# SET over a value: touched
FLUSHALL
SET k v
WATCH k
SET k v2
MULTI
SET x 1
EXEC
# SET of the same value: touched
FLUSHALL
SET k v
WATCH k
SET k v
MULTI
SET x 1
EXEC
# SET creating the key: touched
FLUSHALL
WATCH k
SET k v
MULTI
SET x 1
EXEC
# SET XX on an existing key: touched
FLUSHALL
SET k v
WATCH k
SET k v2 XX
MULTI
SET x 1
EXEC
# SET XX on a missing key: untouched
FLUSHALL
WATCH k
SET k v XX
MULTI
SET x 1
EXEC
# SET NX on a missing key: touched
FLUSHALL
WATCH k
SET k v NX
MULTI
SET x 1
EXEC
# SET NX on an existing key: untouched
FLUSHALL
SET k v
WATCH k
SET k v2 NX
MULTI
SET x 1
EXEC
# SET KEEPTTL: touched
FLUSHALL
SET k v EX 1000
WATCH k
SET k v2 KEEPTTL
MULTI
SET x 1
EXEC
# SET GET: touched
FLUSHALL
SET k v
WATCH k
SET k v2 GET
MULTI
SET x 1
EXEC
# SET GET on the wrong type: untouched
FLUSHALL
LPUSH k a
WATCH k
SET k v GET
MULTI
SET x 1
EXEC
# SET with a bad expire: untouched
FLUSHALL
SET k v
WATCH k
SET k v2 EX 0
MULTI
SET x 1
EXEC
# SET with a syntax error: untouched
FLUSHALL
SET k v
WATCH k
SET k v2 NX XX
MULTI
SET x 1
EXEC
# SET over another type: touched
FLUSHALL
LPUSH k a
WATCH k
SET k v
MULTI
SET x 1
EXEC
# SETNX on a missing key: touched
FLUSHALL
WATCH k
SETNX k v
MULTI
SET x 1
EXEC
# SETNX on an existing key: untouched
FLUSHALL
SET k v
WATCH k
SETNX k v2
MULTI
SET x 1
EXEC
# SETEX: touched
FLUSHALL
SET k v
WATCH k
SETEX k 1000 v2
MULTI
SET x 1
EXEC
# PSETEX: touched
FLUSHALL
WATCH k
PSETEX k 1000000 v
MULTI
SET x 1
EXEC
# SETEX with a bad TTL: untouched
FLUSHALL
SET k v
WATCH k
SETEX k 0 v2
MULTI
SET x 1
EXEC
# GETSET: touched
FLUSHALL
SET k v
WATCH k
GETSET k v2
MULTI
SET x 1
EXEC
# GETSET on a missing key: touched
FLUSHALL
WATCH k
GETSET k v
MULTI
SET x 1
EXEC
# GETDEL: touched
FLUSHALL
SET k v
WATCH k
GETDEL k
MULTI
SET x 1
EXEC
# GETDEL on a missing key: untouched
FLUSHALL
WATCH k
GETDEL k
MULTI
SET x 1
EXEC
# GETDEL on the wrong type: untouched
FLUSHALL
LPUSH k a
WATCH k
GETDEL k
MULTI
SET x 1
EXEC
# GETEX without options: untouched
FLUSHALL
SET k v EX 1000
WATCH k
GETEX k
MULTI
SET x 1
EXEC
# GETEX EX: touched
FLUSHALL
SET k v
WATCH k
GETEX k EX 1000
MULTI
SET x 1
EXEC
# GETEX PX: touched
FLUSHALL
SET k v
WATCH k
GETEX k PX 1000000
MULTI
SET x 1
EXEC
# GETEX EXAT in the future: touched
FLUSHALL
SET k v
WATCH k
GETEX k EXAT 4102444800
MULTI
SET x 1
EXEC
# GETEX PXAT in the past deletes: touched
FLUSHALL
SET k v
WATCH k
GETEX k PXAT 1
MULTI
SET x 1
EXEC
# GETEX PERSIST of a TTL: touched
FLUSHALL
SET k v EX 1000
WATCH k
GETEX k PERSIST
MULTI
SET x 1
EXEC
# GETEX PERSIST without a TTL: untouched
FLUSHALL
SET k v
WATCH k
GETEX k PERSIST
MULTI
SET x 1
EXEC
# GETEX on a missing key: untouched
FLUSHALL
WATCH k
GETEX k EX 100
MULTI
SET x 1
EXEC
# MSET: touched
FLUSHALL
SET k v
WATCH k
MSET o 1 k 2
MULTI
SET x 1
EXEC
# MSET of the key twice, to its own value: touched
FLUSHALL
SET k v
WATCH k
MSET k v k v
MULTI
SET x 1
EXEC
# INCRBYFLOAT creating the key: touched
FLUSHALL
WATCH k
INCRBYFLOAT k 2.5
MULTI
SET x 1
EXEC
# INCRBY with a bad increment: untouched
FLUSHALL
SET k 1
WATCH k
INCRBY k abc
MULTI
SET x 1
EXEC
# MSETNX when every key is new: touched
FLUSHALL
WATCH k
MSETNX o 1 k 2
MULTI
SET x 1
EXEC
# MSETNX when another key exists: untouched
FLUSHALL
SET o 1
WATCH k
MSETNX k 1 o 2
MULTI
SET x 1
EXEC
# APPEND: touched
FLUSHALL
SET k v
WATCH k
APPEND k x
MULTI
SET x 1
EXEC
# APPEND of nothing to an existing key: touched
FLUSHALL
SET k v
WATCH k
APPEND k ""
MULTI
SET x 1
EXEC
# APPEND creating the key: touched
FLUSHALL
WATCH k
APPEND k x
MULTI
SET x 1
EXEC
# APPEND of nothing creating an empty key: touched
FLUSHALL
WATCH k
APPEND k ""
MULTI
SET x 1
EXEC
# APPEND on the wrong type: untouched
FLUSHALL
LPUSH k a
WATCH k
APPEND k x
MULTI
SET x 1
EXEC
# SETRANGE: touched
FLUSHALL
SET k hello
WATCH k
SETRANGE k 1 a
MULTI
SET x 1
EXEC
# SETRANGE creating the key: touched
FLUSHALL
WATCH k
SETRANGE k 3 a
MULTI
SET x 1
EXEC
# SETRANGE of nothing on an existing key: untouched
FLUSHALL
SET k hello
WATCH k
SETRANGE k 1 ""
MULTI
SET x 1
EXEC
# SETRANGE of nothing on a missing key: untouched
FLUSHALL
WATCH k
SETRANGE k 1 ""
MULTI
SET x 1
EXEC
# SETRANGE with a bad offset: untouched
FLUSHALL
SET k hello
WATCH k
SETRANGE k -1 a
MULTI
SET x 1
EXEC
# INCR: touched
FLUSHALL
SET k 1
WATCH k
INCR k
MULTI
SET x 1
EXEC
# INCR creating the key: touched
FLUSHALL
WATCH k
INCR k
MULTI
SET x 1
EXEC
# DECR: touched
FLUSHALL
SET k 1
WATCH k
DECR k
MULTI
SET x 1
EXEC
# INCRBY 0: touched
FLUSHALL
SET k 1
WATCH k
INCRBY k 0
MULTI
SET x 1
EXEC
# DECRBY: touched
FLUSHALL
SET k 1
WATCH k
DECRBY k 5
MULTI
SET x 1
EXEC
# INCRBYFLOAT 0: touched
FLUSHALL
SET k 1
WATCH k
INCRBYFLOAT k 0
MULTI
SET x 1
EXEC
# INCRBYFLOAT: touched
FLUSHALL
SET k 1
WATCH k
INCRBYFLOAT k 1.5
MULTI
SET x 1
EXEC
# INCR of a non-integer: untouched
FLUSHALL
SET k abc
WATCH k
INCR k
MULTI
SET x 1
EXEC
# INCR overflowing: untouched
FLUSHALL
SET k 9223372036854775807
WATCH k
INCR k
MULTI
SET x 1
EXEC
# INCRBYFLOAT to infinity: untouched
FLUSHALL
SET k 1
WATCH k
INCRBYFLOAT k inf
MULTI
SET x 1
EXEC
# INCRBYFLOAT of a non-number: untouched
FLUSHALL
SET k 1
WATCH k
INCRBYFLOAT k abc
MULTI
SET x 1
EXEC
# INCR on the wrong type: untouched
FLUSHALL
LPUSH k a
WATCH k
INCR k
MULTI
SET x 1
EXEC
# GET: untouched
FLUSHALL
SET k v
WATCH k
GET k
MULTI
SET x 1
EXEC
# MGET: untouched
FLUSHALL
SET k v
WATCH k
MGET k o
MULTI
SET x 1
EXEC
# STRLEN: untouched
FLUSHALL
SET k v
WATCH k
STRLEN k
MULTI
SET x 1
EXEC
# GETRANGE: untouched
FLUSHALL
SET k hello
WATCH k
GETRANGE k 0 -1
MULTI
SET x 1
EXEC
# SUBSTR: untouched
FLUSHALL
SET k hello
WATCH k
SUBSTR k 0 1
MULTI
SET x 1
EXEC
# LCS: untouched
FLUSHALL
SET k hello
SET o help
WATCH k
LCS k o
MULTI
SET x 1
EXEC
# ---- WATCH k, then one command: Keys. A null EXEC reply means the
# command touched k; an array means it did not.
# DEL: touched
FLUSHALL
SET k v
WATCH k
DEL k
MULTI
SET x 1
EXEC
# DEL of several keys: touched
FLUSHALL
SET k v
WATCH k
DEL nosuch k
MULTI
SET x 1
EXEC
# DEL of other keys: untouched
FLUSHALL
SET k v
SET o v
WATCH k
DEL o nosuch
MULTI
SET x 1
EXEC
# DEL of a missing key: untouched
FLUSHALL
WATCH k
DEL k
MULTI
SET x 1
EXEC
# UNLINK: touched
FLUSHALL
LPUSH k a
WATCH k
UNLINK k
MULTI
SET x 1
EXEC
# UNLINK of a missing key: untouched
FLUSHALL
WATCH k
UNLINK k
MULTI
SET x 1
EXEC
# EXPIRE: touched
FLUSHALL
SET k v
WATCH k
EXPIRE k 1000
MULTI
SET x 1
EXEC
# EXPIRE to the TTL the key has: touched
FLUSHALL
SET k v EXAT 4102444800
WATCH k
EXPIREAT k 4102444800
MULTI
SET x 1
EXEC
# PEXPIRE: touched
FLUSHALL
SET k v
WATCH k
PEXPIRE k 1000000
MULTI
SET x 1
EXEC
# EXPIREAT: touched
FLUSHALL
SET k v
WATCH k
EXPIREAT k 4102444800
MULTI
SET x 1
EXEC
# PEXPIREAT: touched
FLUSHALL
SET k v
WATCH k
PEXPIREAT k 4102444800000
MULTI
SET x 1
EXEC
# EXPIRE 0 deletes at once: touched
FLUSHALL
SET k v
WATCH k
EXPIRE k 0
MULTI
SET x 1
EXEC
# PEXPIRE with a past deadline deletes at once: touched
FLUSHALL
SET k v
WATCH k
PEXPIRE k -1
MULTI
SET x 1
EXEC
# PEXPIREAT in the past deletes at once: touched
FLUSHALL
SET k v
WATCH k
PEXPIREAT k 1
MULTI
SET x 1
EXEC
# EXPIRE GT over a shorter TTL: touched
FLUSHALL
SET k v EX 1000
WATCH k
EXPIRE k 2000 GT
MULTI
SET x 1
EXEC
# EXPIRE GT over a longer TTL: untouched
FLUSHALL
SET k v EX 1000
WATCH k
EXPIRE k 500 GT
MULTI
SET x 1
EXEC
# EXPIRE NX without a TTL: touched
FLUSHALL
SET k v
WATCH k
EXPIRE k 1000 NX
MULTI
SET x 1
EXEC
# EXPIRE NX over a TTL: untouched
FLUSHALL
SET k v EX 1000
WATCH k
EXPIRE k 2000 NX
MULTI
SET x 1
EXEC
# EXPIRE XX without a TTL: untouched
FLUSHALL
SET k v
WATCH k
EXPIRE k 1000 XX
MULTI
SET x 1
EXEC
# EXPIRE LT without a TTL (none counts as infinite): touched
FLUSHALL
SET k v
WATCH k
EXPIRE k 1000 LT
MULTI
SET x 1
EXEC
# EXPIRE on a missing key: untouched
FLUSHALL
WATCH k
EXPIRE k 1000
MULTI
SET x 1
EXEC
# EXPIRE with a bad TTL: untouched
FLUSHALL
SET k v
WATCH k
EXPIRE k abc
MULTI
SET x 1
EXEC
# PERSIST of a TTL: touched
FLUSHALL
SET k v EX 1000
WATCH k
PERSIST k
MULTI
SET x 1
EXEC
# PERSIST without a TTL: untouched
FLUSHALL
SET k v
WATCH k
PERSIST k
MULTI
SET x 1
EXEC
# PERSIST of a missing key: untouched
FLUSHALL
WATCH k
PERSIST k
MULTI
SET x 1
EXEC
# RENAME from the key: touched
FLUSHALL
SET k v
WATCH k
RENAME k o
MULTI
SET x 1
EXEC
# RENAME onto the key: touched
FLUSHALL
SET k v
SET o w
WATCH k
RENAME o k
MULTI
SET x 1
EXEC
# RENAME onto the missing key: touched
FLUSHALL
SET o w
WATCH k
RENAME o k
MULTI
SET x 1
EXEC
# RENAME of the key onto itself: untouched
FLUSHALL
SET k v
WATCH k
RENAME k k
MULTI
SET x 1
EXEC
# RENAME of the missing key onto itself: untouched
FLUSHALL
WATCH k
RENAME k k
MULTI
SET x 1
EXEC
# RENAME onto the key, keeping the TTL: touched
FLUSHALL
SET k v
SET o w EX 1000
WATCH k
RENAME o k
MULTI
SET x 1
EXEC
# RENAME of a missing source onto the key: untouched
FLUSHALL
SET k v
WATCH k
RENAME nosuch k
MULTI
SET x 1
EXEC
# RENAMENX from the key: touched
FLUSHALL
SET k v
WATCH k
RENAMENX k o
MULTI
SET x 1
EXEC
# RENAMENX onto the missing key: touched
FLUSHALL
SET o w
WATCH k
RENAMENX o k
MULTI
SET x 1
EXEC
# RENAMENX onto the existing key: untouched
FLUSHALL
SET k v
SET o w
WATCH k
RENAMENX o k
MULTI
SET x 1
EXEC
# RENAMENX of the key onto itself: untouched
FLUSHALL
SET k v
WATCH k
RENAMENX k k
MULTI
SET x 1
EXEC
# COPY onto the missing key: touched
FLUSHALL
SET o w
WATCH k
COPY o k
MULTI
SET x 1
EXEC
# COPY REPLACE onto the key: touched
FLUSHALL
SET k v
SADD o m
WATCH k
COPY o k REPLACE
MULTI
SET x 1
EXEC
# COPY onto the existing key without REPLACE: untouched
FLUSHALL
SET k v
SET o w
WATCH k
COPY o k
MULTI
SET x 1
EXEC
# COPY from the key: untouched
FLUSHALL
SET k v
WATCH k
COPY k o
MULTI
SET x 1
EXEC
# COPY of the key onto itself: untouched
FLUSHALL
SET k v
WATCH k
COPY k k REPLACE
MULTI
SET x 1
EXEC
# COPY REPLACE of a missing source: untouched
FLUSHALL
SET k v
WATCH k
COPY nosuch k REPLACE
MULTI
SET x 1
EXEC
# FLUSHALL: touched
FLUSHALL
SET k v
WATCH k
FLUSHALL
MULTI
SET x 1
EXEC
# FLUSHALL ASYNC: touched
FLUSHALL
SET k v
WATCH k
FLUSHALL ASYNC
MULTI
SET x 1
EXEC
# FLUSHDB: touched
FLUSHALL
SET k v
WATCH k
FLUSHDB
MULTI
SET x 1
EXEC
# FLUSHDB SYNC: touched
FLUSHALL
HSET k f v
WATCH k
FLUSHDB SYNC
MULTI
SET x 1
EXEC
# FLUSHALL while the watched key is missing: untouched
FLUSHALL
SET o v
WATCH k
FLUSHALL
MULTI
SET x 1
EXEC
# FLUSHDB of an empty database: untouched
FLUSHALL
WATCH k
FLUSHDB
MULTI
SET x 1
EXEC
# EXISTS: untouched
FLUSHALL
SET k v
WATCH k
EXISTS k
MULTI
SET x 1
EXEC
# TOUCH: untouched
FLUSHALL
SET k v
WATCH k
TOUCH k
MULTI
SET x 1
EXEC
# TYPE: untouched
FLUSHALL
SET k v
WATCH k
TYPE k
MULTI
SET x 1
EXEC
# TTL: untouched
FLUSHALL
SET k v EX 1000
WATCH k
TTL k
MULTI
SET x 1
EXEC
# PTTL: untouched
FLUSHALL
SET k v
WATCH k
PTTL k
MULTI
SET x 1
EXEC
# EXPIRETIME: untouched
FLUSHALL
SET k v EXAT 4102444800
WATCH k
EXPIRETIME k
MULTI
SET x 1
EXEC
# PEXPIRETIME: untouched
FLUSHALL
SET k v
WATCH k
PEXPIRETIME k
MULTI
SET x 1
EXEC
# KEYS: untouched
FLUSHALL
SET k v
WATCH k
KEYS *
MULTI
SET x 1
EXEC
# SCAN: untouched
FLUSHALL
SET k v
WATCH k
SCAN 0
MULTI
SET x 1
EXEC
# RANDOMKEY: untouched
FLUSHALL
SET k v
WATCH k
RANDOMKEY
MULTI
SET x 1
EXEC
# DBSIZE: untouched
FLUSHALL
SET k v
WATCH k
DBSIZE
MULTI
SET x 1
EXEC
# OBJECT ENCODING: untouched
FLUSHALL
SET k v
WATCH k
OBJECT ENCODING k
MULTI
SET x 1
EXEC
# SELECT 0: untouched
FLUSHALL
SET k v
WATCH k
SELECT 0
MULTI
SET x 1
EXEC
# ---- WATCH k, then one command: Hashes. A null EXEC reply means the
# command touched k; an array means it did not.
# HSET creating the key: touched
FLUSHALL
WATCH k
HSET k f v
MULTI
SET x 1
EXEC
# HSET of a new field: touched
FLUSHALL
HSET k f v
WATCH k
HSET k g w
MULTI
SET x 1
EXEC
# HSET of the same value: touched
FLUSHALL
HSET k f v
WATCH k
HSET k f v
MULTI
SET x 1
EXEC
# HMSET: touched
FLUSHALL
HSET k f v
WATCH k
HMSET k f v2
MULTI
SET x 1
EXEC
# HSET of one field twice: touched
FLUSHALL
HSET k f v
WATCH k
HSET k f v f v
MULTI
SET x 1
EXEC
# HSETNX creating the key: touched
FLUSHALL
WATCH k
HSETNX k f v
MULTI
SET x 1
EXEC
# HSETNX of a new field: touched
FLUSHALL
HSET k f v
WATCH k
HSETNX k g w
MULTI
SET x 1
EXEC
# HSETNX of an existing field: untouched
FLUSHALL
HSET k f v
WATCH k
HSETNX k f w
MULTI
SET x 1
EXEC
# HSET on the wrong type: untouched
FLUSHALL
SET k v
WATCH k
HSET k f v
MULTI
SET x 1
EXEC
# HDEL of a field: touched
FLUSHALL
HSET k f v g w
WATCH k
HDEL k f
MULTI
SET x 1
EXEC
# HDEL of the last field: touched
FLUSHALL
HSET k f v
WATCH k
HDEL k f
MULTI
SET x 1
EXEC
# HDEL of a missing and an existing field: touched
FLUSHALL
HSET k f v g w
WATCH k
HDEL k nosuch f
MULTI
SET x 1
EXEC
# HDEL of a missing field: untouched
FLUSHALL
HSET k f v
WATCH k
HDEL k nosuch
MULTI
SET x 1
EXEC
# HDEL on a missing key: untouched
FLUSHALL
WATCH k
HDEL k f
MULTI
SET x 1
EXEC
# HDEL of one field twice: touched
FLUSHALL
HSET k f v g w
WATCH k
HDEL k f f
MULTI
SET x 1
EXEC
# HINCRBY: touched
FLUSHALL
HSET k n 1
WATCH k
HINCRBY k n 1
MULTI
SET x 1
EXEC
# HINCRBY 0: touched
FLUSHALL
HSET k n 1
WATCH k
HINCRBY k n 0
MULTI
SET x 1
EXEC
# HINCRBY creating the key: touched
FLUSHALL
WATCH k
HINCRBY k n 5
MULTI
SET x 1
EXEC
# HINCRBYFLOAT: touched
FLUSHALL
HSET k n 1
WATCH k
HINCRBYFLOAT k n 0.5
MULTI
SET x 1
EXEC
# HINCRBY of a non-integer: untouched
FLUSHALL
HSET k n abc
WATCH k
HINCRBY k n 1
MULTI
SET x 1
EXEC
# HINCRBY overflowing: untouched
FLUSHALL
HSET k n 9223372036854775807
WATCH k
HINCRBY k n 1
MULTI
SET x 1
EXEC
# HINCRBYFLOAT of a non-number: untouched
FLUSHALL
HSET k n abc
WATCH k
HINCRBYFLOAT k n 1
MULTI
SET x 1
EXEC
# HINCRBYFLOAT to infinity: untouched
FLUSHALL
HSET k n 1
WATCH k
HINCRBYFLOAT k n inf
MULTI
SET x 1
EXEC
# HGET: untouched
FLUSHALL
HSET k f v
WATCH k
HGET k f
MULTI
SET x 1
EXEC
# HMGET: untouched
FLUSHALL
HSET k f v
WATCH k
HMGET k f g
MULTI
SET x 1
EXEC
# HGETALL: untouched
FLUSHALL
HSET k f v
WATCH k
HGETALL k
MULTI
SET x 1
EXEC
# HKEYS: untouched
FLUSHALL
HSET k f v
WATCH k
HKEYS k
MULTI
SET x 1
EXEC
# HVALS: untouched
FLUSHALL
HSET k f v
WATCH k
HVALS k
MULTI
SET x 1
EXEC
# HLEN: untouched
FLUSHALL
HSET k f v
WATCH k
HLEN k
MULTI
SET x 1
EXEC
# HEXISTS: untouched
FLUSHALL
HSET k f v
WATCH k
HEXISTS k f
MULTI
SET x 1
EXEC
# HSTRLEN: untouched
FLUSHALL
HSET k f v
WATCH k
HSTRLEN k f
MULTI
SET x 1
EXEC
# HRANDFIELD: untouched
FLUSHALL
HSET k f v
WATCH k
HRANDFIELD k -3 WITHVALUES
MULTI
SET x 1
EXEC
# HSCAN: untouched
FLUSHALL
HSET k f v
WATCH k
HSCAN k 0
MULTI
SET x 1
EXEC
# ---- WATCH k, then one command: Lists. A null EXEC reply means the
# command touched k; an array means it did not.
# LPUSH creating the key: touched
FLUSHALL
WATCH k
LPUSH k a
MULTI
SET x 1
EXEC
# RPUSH: touched
FLUSHALL
RPUSH k a
WATCH k
RPUSH k b
MULTI
SET x 1
EXEC
# LPUSHX on an existing list: touched
FLUSHALL
RPUSH k a
WATCH k
LPUSHX k b
MULTI
SET x 1
EXEC
# RPUSHX on an existing list: touched
FLUSHALL
RPUSH k a
WATCH k
RPUSHX k b
MULTI
SET x 1
EXEC
# LPUSHX on a missing key: untouched
FLUSHALL
WATCH k
LPUSHX k a
MULTI
SET x 1
EXEC
# LPUSHX of several elements on a missing key: untouched
FLUSHALL
WATCH k
LPUSHX k a b c
MULTI
SET x 1
EXEC
# LPUSHX on the wrong type: untouched
FLUSHALL
SET k v
WATCH k
LPUSHX k a
MULTI
SET x 1
EXEC
# RPUSHX on a missing key: untouched
FLUSHALL
WATCH k
RPUSHX k a
MULTI
SET x 1
EXEC
# LPUSH on the wrong type: untouched
FLUSHALL
SET k v
WATCH k
LPUSH k a
MULTI
SET x 1
EXEC
# LPOP: touched
FLUSHALL
RPUSH k a b
WATCH k
LPOP k
MULTI
SET x 1
EXEC
# RPOP of the last element: touched
FLUSHALL
RPUSH k a
WATCH k
RPOP k
MULTI
SET x 1
EXEC
# LPOP with a count: touched
FLUSHALL
RPUSH k a b c
WATCH k
LPOP k 2
MULTI
SET x 1
EXEC
# LPOP with count 0: untouched
FLUSHALL
RPUSH k a b
WATCH k
LPOP k 0
MULTI
SET x 1
EXEC
# RPOP with count 0: untouched
FLUSHALL
RPUSH k a b
WATCH k
RPOP k 0
MULTI
SET x 1
EXEC
# LPOP on a missing key: untouched
FLUSHALL
WATCH k
LPOP k
MULTI
SET x 1
EXEC
# RPOP with a count on a missing key: untouched
FLUSHALL
WATCH k
RPOP k 3
MULTI
SET x 1
EXEC
# LPOP with a bad count: untouched
FLUSHALL
RPUSH k a
WATCH k
LPOP k -1
MULTI
SET x 1
EXEC
# LSET: touched
FLUSHALL
RPUSH k a b
WATCH k
LSET k 0 z
MULTI
SET x 1
EXEC
# LSET of the same value: touched
FLUSHALL
RPUSH k a b
WATCH k
LSET k 0 a
MULTI
SET x 1
EXEC
# LSET out of range: untouched
FLUSHALL
RPUSH k a b
WATCH k
LSET k 5 z
MULTI
SET x 1
EXEC
# LSET on a missing key: untouched
FLUSHALL
WATCH k
LSET k 0 z
MULTI
SET x 1
EXEC
# LINSERT: touched
FLUSHALL
RPUSH k a b
WATCH k
LINSERT k BEFORE b z
MULTI
SET x 1
EXEC
# LINSERT with a missing pivot: untouched
FLUSHALL
RPUSH k a b
WATCH k
LINSERT k AFTER nosuch z
MULTI
SET x 1
EXEC
# LINSERT on a missing key: untouched
FLUSHALL
WATCH k
LINSERT k AFTER a z
MULTI
SET x 1
EXEC
# LREM removing something: touched
FLUSHALL
RPUSH k a b a
WATCH k
LREM k 0 a
MULTI
SET x 1
EXEC
# LREM removing the last element: touched
FLUSHALL
RPUSH k a
WATCH k
LREM k 1 a
MULTI
SET x 1
EXEC
# LREM removing nothing: untouched
FLUSHALL
RPUSH k a b
WATCH k
LREM k 0 nosuch
MULTI
SET x 1
EXEC
# LREM on a missing key: untouched
FLUSHALL
WATCH k
LREM k 0 a
MULTI
SET x 1
EXEC
# LTRIM keeping everything: touched
FLUSHALL
RPUSH k a b
WATCH k
LTRIM k 0 -1
MULTI
SET x 1
EXEC
# LTRIM: touched
FLUSHALL
RPUSH k a b c
WATCH k
LTRIM k 1 -1
MULTI
SET x 1
EXEC
# LTRIM emptying the list: touched
FLUSHALL
RPUSH k a b
WATCH k
LTRIM k 1 0
MULTI
SET x 1
EXEC
# LTRIM on a missing key: untouched
FLUSHALL
WATCH k
LTRIM k 0 -1
MULTI
SET x 1
EXEC
# LMOVE from the key: touched
FLUSHALL
RPUSH k a b
WATCH k
LMOVE k o LEFT RIGHT
MULTI
SET x 1
EXEC
# LMOVE onto the key: touched
FLUSHALL
RPUSH o a
WATCH k
LMOVE o k LEFT RIGHT
MULTI
SET x 1
EXEC
# LMOVE rotating the key: touched
FLUSHALL
RPUSH k a b
WATCH k
LMOVE k k LEFT RIGHT
MULTI
SET x 1
EXEC
# LMOVE rotating a one-element list: touched
FLUSHALL
RPUSH k a
WATCH k
LMOVE k k LEFT LEFT
MULTI
SET x 1
EXEC
# LMOVE from a missing source onto the key: untouched
FLUSHALL
RPUSH k a
WATCH k
LMOVE nosuch k LEFT RIGHT
MULTI
SET x 1
EXEC
# LMOVE onto the wrong type: untouched
FLUSHALL
RPUSH o a
SET k v
WATCH k
LMOVE o k LEFT RIGHT
MULTI
SET x 1
EXEC
# RPOPLPUSH from the key: touched
FLUSHALL
RPUSH k a
WATCH k
RPOPLPUSH k o
MULTI
SET x 1
EXEC
# RPOPLPUSH onto the key: touched
FLUSHALL
RPUSH o a
WATCH k
RPOPLPUSH o k
MULTI
SET x 1
EXEC
# RPOPLPUSH from a missing source: untouched
FLUSHALL
WATCH k
RPOPLPUSH nosuch k
MULTI
SET x 1
EXEC
# LMPOP: touched
FLUSHALL
RPUSH k a b
WATCH k
LMPOP 2 nosuch k LEFT COUNT 5
MULTI
SET x 1
EXEC
# LMPOP with a bad count: untouched
FLUSHALL
RPUSH k a b
WATCH k
LMPOP 1 k LEFT COUNT 0
MULTI
SET x 1
EXEC
# BLMPOP on the wrong type: untouched
FLUSHALL
SET k v
WATCH k
BLMPOP 1 1 k LEFT
MULTI
SET x 1
EXEC
# LMPOP of missing keys: untouched
FLUSHALL
WATCH k
LMPOP 2 nosuch k RIGHT
MULTI
SET x 1
EXEC
# LMPOP of another list: untouched
FLUSHALL
RPUSH k a
RPUSH o a
WATCH k
LMPOP 2 o k LEFT
MULTI
SET x 1
EXEC
# BLPOP served at once: touched
FLUSHALL
RPUSH k a
WATCH k
BLPOP k 1
MULTI
SET x 1
EXEC
# BRPOP served at once: touched
FLUSHALL
RPUSH k a b
WATCH k
BRPOP nosuch k 1
MULTI
SET x 1
EXEC
# BLMOVE served at once, from the key: touched
FLUSHALL
RPUSH k a
WATCH k
BLMOVE k o RIGHT LEFT 1
MULTI
SET x 1
EXEC
# BLMOVE served at once, onto the key: touched
FLUSHALL
RPUSH o a
WATCH k
BLMOVE o k RIGHT LEFT 1
MULTI
SET x 1
EXEC
# BRPOPLPUSH served at once: touched
FLUSHALL
RPUSH k a
WATCH k
BRPOPLPUSH k k 1
MULTI
SET x 1
EXEC
# BLMPOP served at once: touched
FLUSHALL
RPUSH k a b
WATCH k
BLMPOP 1 1 k RIGHT COUNT 1
MULTI
SET x 1
EXEC
# LRANGE: untouched
FLUSHALL
RPUSH k a
WATCH k
LRANGE k 0 -1
MULTI
SET x 1
EXEC
# LLEN: untouched
FLUSHALL
RPUSH k a
WATCH k
LLEN k
MULTI
SET x 1
EXEC
# LINDEX: untouched
FLUSHALL
RPUSH k a
WATCH k
LINDEX k 0
MULTI
SET x 1
EXEC
# LPOS: untouched
FLUSHALL
RPUSH k a
WATCH k
LPOS k a
MULTI
SET x 1
EXEC
# ---- WATCH k, then one command: Sets. A null EXEC reply means the
# command touched k; an array means it did not.
# SADD creating the key: touched
FLUSHALL
WATCH k
SADD k a
MULTI
SET x 1
EXEC
# SADD of a new member: touched
FLUSHALL
SADD k a
WATCH k
SADD k b
MULTI
SET x 1
EXEC
# SADD of a new and an existing member: touched
FLUSHALL
SADD k a
WATCH k
SADD k a b
MULTI
SET x 1
EXEC
# SADD of an existing member: untouched
FLUSHALL
SADD k a
WATCH k
SADD k a
MULTI
SET x 1
EXEC
# SADD on the wrong type: untouched
FLUSHALL
SET k v
WATCH k
SADD k a
MULTI
SET x 1
EXEC
# SREM of a member: touched
FLUSHALL
SADD k a b
WATCH k
SREM k a
MULTI
SET x 1
EXEC
# SREM of the last member: touched
FLUSHALL
SADD k a
WATCH k
SREM k a
MULTI
SET x 1
EXEC
# SREM of a missing member: untouched
FLUSHALL
SADD k a
WATCH k
SREM k nosuch
MULTI
SET x 1
EXEC
# SREM on a missing key: untouched
FLUSHALL
WATCH k
SREM k a
MULTI
SET x 1
EXEC
# SPOP of a one-member set: touched
FLUSHALL
SADD k a
WATCH k
SPOP k
MULTI
SET x 1
EXEC
# SPOP with a count covering the set: touched
FLUSHALL
SADD k a b
WATCH k
SPOP k 10
MULTI
SET x 1
EXEC
# SPOP with count 0: untouched
FLUSHALL
SADD k a b
WATCH k
SPOP k 0
MULTI
SET x 1
EXEC
# SPOP with a bad count: untouched
FLUSHALL
SADD k a b
WATCH k
SPOP k -1
MULTI
SET x 1
EXEC
# SPOP on a missing key: untouched
FLUSHALL
WATCH k
SPOP k
MULTI
SET x 1
EXEC
# SPOP with a count on a missing key: untouched
FLUSHALL
WATCH k
SPOP k 5
MULTI
SET x 1
EXEC
# SMOVE from the key: touched
FLUSHALL
SADD k a b
WATCH k
SMOVE k o a
MULTI
SET x 1
EXEC
# SMOVE of the last member from the key: touched
FLUSHALL
SADD k a
WATCH k
SMOVE k o a
MULTI
SET x 1
EXEC
# SMOVE onto the key: touched
FLUSHALL
SADD o a
WATCH k
SMOVE o k a
MULTI
SET x 1
EXEC
# SMOVE onto the key, which has the member already: untouched
FLUSHALL
SADD o a
SADD k a
WATCH k
SMOVE o k a
MULTI
SET x 1
EXEC
# SMOVE within the key: untouched
FLUSHALL
SADD k a
WATCH k
SMOVE k k a
MULTI
SET x 1
EXEC
# SMOVE of a missing member within the key: untouched
FLUSHALL
SADD k a
WATCH k
SMOVE k k b
MULTI
SET x 1
EXEC
# SMOVE onto the wrong-type key: untouched
FLUSHALL
SADD o a
SET k v
WATCH k
SMOVE o k a
MULTI
SET x 1
EXEC
# SMOVE from the key onto a wrong-type key: untouched
FLUSHALL
SADD k a
SET o v
WATCH k
SMOVE k o a
MULTI
SET x 1
EXEC
# SMOVE of a missing member onto the key: untouched
FLUSHALL
SADD o a
SADD k a
WATCH k
SMOVE o k nosuch
MULTI
SET x 1
EXEC
# SMOVE from a missing source onto the key: untouched
FLUSHALL
SADD k a
WATCH k
SMOVE nosuch k a
MULTI
SET x 1
EXEC
# SINTERSTORE into the key: touched
FLUSHALL
SADD o a b
SADD p b
WATCH k
SINTERSTORE k o p
MULTI
SET x 1
EXEC
# SINTERSTORE of nothing over the key: touched
FLUSHALL
SADD k a
SADD o a
WATCH k
SINTERSTORE k o nosuch
MULTI
SET x 1
EXEC
# SINTERSTORE of nothing into the missing key: untouched
FLUSHALL
SADD o a
WATCH k
SINTERSTORE k o nosuch
MULTI
SET x 1
EXEC
# SINTERSTORE of disjoint sets into the missing key: untouched
FLUSHALL
SADD o a
SADD p b
WATCH k
SINTERSTORE k o p
MULTI
SET x 1
EXEC
# SUNIONSTORE of the same members: touched
FLUSHALL
SADD k a
SADD o a
WATCH k
SUNIONSTORE k o
MULTI
SET x 1
EXEC
# SUNIONSTORE of the key into itself: touched
FLUSHALL
SADD k a
WATCH k
SUNIONSTORE k k
MULTI
SET x 1
EXEC
# SDIFFSTORE of the key minus itself: touched
FLUSHALL
SADD k a
WATCH k
SDIFFSTORE k k k
MULTI
SET x 1
EXEC
# SINTERSTORE of the key and another into the key: touched
FLUSHALL
SADD k a b
SADD o a
WATCH k
SINTERSTORE k k o
MULTI
SET x 1
EXEC
# SINTERSTORE with a wrong-type source over the key: untouched
FLUSHALL
SADD k a
SET o v
WATCH k
SINTERSTORE k k o
MULTI
SET x 1
EXEC
# SDIFFSTORE of nothing over the key: touched
FLUSHALL
SADD k a
SADD o a
WATCH k
SDIFFSTORE k o o
MULTI
SET x 1
EXEC
# SDIFFSTORE of nothing into the missing key: untouched
FLUSHALL
WATCH k
SDIFFSTORE k nosuch
MULTI
SET x 1
EXEC
# SUNIONSTORE from the key: untouched
FLUSHALL
SADD k a
WATCH k
SUNIONSTORE o k
MULTI
SET x 1
EXEC
# SMEMBERS: untouched
FLUSHALL
SADD k a
WATCH k
SMEMBERS k
MULTI
SET x 1
EXEC
# SISMEMBER: untouched
FLUSHALL
SADD k a
WATCH k
SISMEMBER k a
MULTI
SET x 1
EXEC
# SMISMEMBER: untouched
FLUSHALL
SADD k a
WATCH k
SMISMEMBER k a b
MULTI
SET x 1
EXEC
# SCARD: untouched
FLUSHALL
SADD k a
WATCH k
SCARD k
MULTI
SET x 1
EXEC
# SINTER: untouched
FLUSHALL
SADD k a
WATCH k
SINTER k o
MULTI
SET x 1
EXEC
# SUNION: untouched
FLUSHALL
SADD k a
WATCH k
SUNION k o
MULTI
SET x 1
EXEC
# SDIFF: untouched
FLUSHALL
SADD k a
WATCH k
SDIFF k o
MULTI
SET x 1
EXEC
# SINTERCARD: untouched
FLUSHALL
SADD k a
WATCH k
SINTERCARD 1 k
MULTI
SET x 1
EXEC
# SRANDMEMBER: untouched
FLUSHALL
SADD k a
WATCH k
SRANDMEMBER k -3
MULTI
SET x 1
EXEC
# SSCAN: untouched
FLUSHALL
SADD k a
WATCH k
SSCAN k 0
MULTI
SET x 1
EXEC
)PARITY";
}  // namespace parity::scripts
