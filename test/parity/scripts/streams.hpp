#pragma once
// Curated parity script: streams (XADD XLEN XRANGE XREVRANGE XDEL XTRIM XREAD
// XGROUP XREADGROUP XACK XPENDING XCLAIM XAUTOCLAIM XSETID XINFO), every
// option and error text of Redis 7.0's t_stream.c, and the generic commands
// on a stream key.
//
// parity_test.cpp runs kStreams as "parity: streams script", and kStreamsInfo
// (clock readings masked by normalize.hpp's kMaskClock and kPendingIdle) as
// "parity: streams info script".
//
// Deterministic by construction: every id is explicit (`5-0`, `5`, `5-*`).
// `XADD k *` appears only where its reply does not depend on the clock (a
// missing key with NOMKSTREAM, a stream whose top id is in the far future, an
// exhausted stream); `*` from the clock is covered by unit tests with a
// ManualClock. Idle and delivery times never show: XCLAIM and XAUTOCLAIM use
// min-idle-time 0 (or a min-idle-time that only an entry given IDLE 3600000
// exceeds), and the extended XPENDING appears only with an IDLE filter that
// selects nothing. BLOCK appears only where the answer is immediate (data
// present, or inside MULTI). XINFO GROUPS and XINFO HELP are exact and stay
// here; XINFO STREAM/CONSUMERS and the extended XPENDING are in kStreamsInfo.
// Approximate trimming (~) runs under CONFIG SET stream-node-max-entries 5
// and 2, where the node layout is unambiguous; it is set back to 100 (the
// default) before the end, since the next script runs on the same servers.
namespace parity::scripts {
inline constexpr const char* kStreams = R"PARITY(
SET str v
RPUSH list a
HSET hash f v
# XADD: explicit ids, counts
XADD s 1-1 f v
XADD s 1-2 f v g w
XADD s 1-2 f v
XADD s 1-1 f v
XADD s 0-5 f v
XADD s 2 f v
XADD s 2-* f v
XADD s 2-* f v
XADD s 1-* f v
XADD s 3-* a 1 b 2 c 3
XLEN s
XRANGE s - +
XADD s 0-0 f v
XADD e 0-0 f v
XADD e 0-* f v
XADD e 0-* f v
XADD e0 0-1 f v
XADD s abc f v
XADD s 1-abc f v
XADD s -1 f v
XADD s 1- f v
XADD s -1-1 f v
XADD s "" f v
XADD s 1-1-1 f v
XADD s 18446744073709551616-0 f v
XADD s 1-18446744073709551616 f v
XADD s *-1 f v
XADD s 5-** f v
# ids are parsed with strtoull after a failed string2ll: leading blanks and
# '+' pass, a blank-led "-1" wraps to 2^64-1, a trailing blank or "-0" fails
XADD s " 5-0" f v
XADD s +6-0 f v
XADD s 7-+1 f v
XADD s 08-00 f v
XADD s "8- 1" f v
XADD s "8- -1" f v
XADD s "9-0 " f v
XADD s -0 f v
XADD s 0x10-0 f v
XADD s 5-0 f
XADD s 5-0 f v g
XADD s 5-0
XADD s
XADD s NOMKSTREAM 5-0
XLEN s
# XADD: binary and empty fields and values, same field repeated
XADD b 1-0 "" ""
XADD b 2-0 "a\x00b" "\xff\r\n" f 1 f 2
XRANGE b - +
# XADD: the maximal ids and the exhausted stream
XADD big 18446744073709551615-18446744073709551614 f v
XADD big 18446744073709551615-* f v
XADD big 18446744073709551615-* f v
XADD big * f v
XADD big 18446744073709551615-18446744073709551615 f v
XLEN big
# XADD * on a stream whose top id is in the far future is deterministic
XADD future 99999999999999-5 f v
XADD future * f v
XADD future * f v
XADD future 99999999999999-* f v
XRANGE future - +
# NOMKSTREAM
XADD nomk NOMKSTREAM 1-1 f v
XADD nomk NOMKSTREAM * f v
EXISTS nomk
XADD nomk 1-1 f v
XADD nomk NOMKSTREAM 2-1 f v
XADD nomk nomkstream 3-1 f v
XLEN nomk
# XADD on other types
XADD str 1-1 f v
XADD list 1-1 f v
XADD hash 1-1 f v
XADD str NOMKSTREAM 1-1 f v
# XADD with MAXLEN / MINID (exact)
XADD t 1-0 f v
XADD t 2-0 f v
XADD t 3-0 f v
XADD t MAXLEN 3 4-0 f v
XRANGE t - +
XADD t MAXLEN = 2 5-0 f v
XRANGE t - +
XADD t maxlen 0 6-0 f v
XLEN t
XRANGE t - +
XADD t 7-0 f v
XADD t 8-0 f v
XADD t MINID 8 9-0 f v
XRANGE t - +
XADD t MINID = 100 10-0 f v
XLEN t
XADD t MINID 0 11-0 f v
XADD t MAXLEN 5 MINID 1 12-0 f v
XADD t MAXLEN -1 13-0 f v
XADD t MAXLEN abc 13-0 f v
XADD t MAXLEN 13-0 f v
XADD t MAXLEN 1 LIMIT 10 13-0 f v
XADD t MAXLEN = 1 LIMIT 10 13-0 f v
XADD t MAXLEN ~ 1 LIMIT -1 13-0 f v
XADD t MAXLEN ~ 1 LIMIT abc 13-0 f v
XADD t MINID abc 13-0 f v
XADD t MINID -1 13-0 f v
XADD t MAXLEN 1 MAXLEN 2 13-0 f v
XADD t MAXLEN 1 1-0 f v
XLEN t
XADD t MAXLEN 2 NOMKSTREAM 14-0 f v
XADD t NOMKSTREAM MAXLEN ~ 2 LIMIT 0 15-0 f v
XRANGE t - +
XADD t2 MAXLEN 0 1-0 f v
EXISTS t2
XLEN t2
XADD t2 MAXLEN 18446744073709551615 1-0 f v
XADD t2 MAXLEN 9223372036854775807 2-0 f v
# XLEN
XLEN s
XLEN nosuch
XLEN str
XLEN
XLEN s s
# XRANGE / XREVRANGE
DEL r
XADD r 1-0 n 1
XADD r 1-1 n 2
XADD r 2-0 n 3
XADD r 2-5 n 4
XADD r 3-0 n 5
XADD r 5-0 n 6
XADD r 5-18446744073709551615 n 7
XRANGE r - +
XREVRANGE r + -
XRANGE r 2 2
XRANGE r 1 2
XRANGE r 2-1 3
XRANGE r 5 +
# an incomplete end id is ms-(2^64-1), so "(2" as an end still includes 2-5
XRANGE r (1-0 (2-5
XRANGE r (1 +
XRANGE r - (2
XRANGE r (5-18446744073709551614 +
XRANGE r (5-18446744073709551615 +
XRANGE r - (0-0
XRANGE r (18446744073709551615-18446744073709551615 +
XRANGE r (18446744073709551615 +
XRANGE r (- +
XRANGE r - (+
XRANGE r (0-0 +
XRANGE r 3 2
XRANGE r + -
XRANGE r - + COUNT 2
# COUNT 0 and a negative COUNT answer a null array (XREAD: no limit)
XRANGE r - + COUNT 0
XRANGE r - + COUNT -1
XRANGE r - + COUNT 1 COUNT 3
XRANGE r - + COUNT abc
XRANGE r - + COUNT
XRANGE r - + LIMIT 2
XRANGE r abc +
XRANGE r - 1-x
XRANGE r 18446744073709551615 +
XRANGE r 18446744073709551615-18446744073709551615 +
XRANGE r - -
XRANGE r + +
XRANGE r 0 0
XRANGE r -1 +
XRANGE r "" +
XRANGE r
XRANGE r -
XREVRANGE r 2 1
XREVRANGE r 5 5
XREVRANGE r (3 (1
XREVRANGE r (2-0 -
XREVRANGE r + - COUNT 3
XREVRANGE r + - COUNT 0
XREVRANGE r + - COUNT -3
XREVRANGE r + (5-18446744073709551615
XREVRANGE r (- -
XREVRANGE r + (+
XREVRANGE r - +
XRANGE nosuch - +
XREVRANGE nosuch + -
XRANGE str - +
XREVRANGE list + -
# XDEL
XDEL r 2-0 2-0 9-9 1-1
XDEL r 2-0
XDEL r abc
XDEL r 1-0 abc
XLEN r
XRANGE r - +
XDEL nosuch 1-1
XDEL str 1-1
XDEL r
XDEL r 2
XLEN r
XRANGE r 1 2
# XTRIM
DEL tr
XADD tr 1-0 f v
XADD tr 2-0 f v
XADD tr 3-0 f v
XADD tr 4-0 f v
XADD tr 5-0 f v
XADD tr 6-0 f v
XTRIM tr MAXLEN 10
XTRIM tr MAXLEN 5
XTRIM tr MAXLEN = 4
XTRIM tr MINID 3
XTRIM tr MINID = 4-0
XTRIM tr MINID (5
XRANGE tr - +
XTRIM tr MINID 0
XTRIM tr MAXLEN ~ 0
XTRIM tr MAXLEN 1 LIMIT 1
XTRIM tr MAXLEN
XTRIM tr
XTRIM tr FOO 1
XTRIM tr MAXLEN -1
XTRIM tr MAXLEN ~ 1 LIMIT -5
XTRIM tr MINID abc
XTRIM tr MAXLEN 1 EXTRA
XTRIM tr MAXLEN 1 MINID 1
XTRIM tr MAXLEN 0
XLEN tr
EXISTS tr
XTRIM nosuch MAXLEN 0
XTRIM nosuch MAXLEN abc
XTRIM str MAXLEN 0
# approximate trimming: whole nodes only (stream-node-max-entries 5)
CONFIG SET stream-node-max-entries 5
DEL ap
XADD ap 1-0 f v
XADD ap 2-0 f v
XADD ap 3-0 f v
XADD ap 4-0 f v
XADD ap 5-0 f v
XADD ap 6-0 f v
XADD ap 7-0 f v
XADD ap 8-0 f v
XADD ap 9-0 f v
XADD ap 10-0 f v
XADD ap 11-0 f v
XADD ap 12-0 f v
XTRIM ap MAXLEN ~ 10
XTRIM ap MAXLEN ~ 8
XLEN ap
XRANGE ap - + COUNT 1
XTRIM ap MAXLEN ~ 8 LIMIT 4
XTRIM ap MAXLEN ~ 2 LIMIT 4
XTRIM ap MAXLEN ~ 2 LIMIT 5
XLEN ap
XRANGE ap - + COUNT 1
XADD ap 13-0 f v
XADD ap 14-0 f v
XADD ap 15-0 f v
XADD ap 16-0 f v
XADD ap 17-0 f v
XADD ap 18-0 f v
XADD ap 19-0 f v
XADD ap 20-0 f v
XTRIM ap MINID ~ 18
XRANGE ap - + COUNT 1
XDEL ap 16-0 17-0 18-0
XLEN ap
XTRIM ap MAXLEN ~ 3
XRANGE ap - +
XADD ap MAXLEN ~ 1 21-0 f v
XRANGE ap - +
XTRIM ap MAXLEN ~ 0
XTRIM ap MINID ~ 100
XLEN ap
XTRIM ap MAXLEN ~ 0 LIMIT 0
EXISTS ap
# LIMIT 0 means no limit; XADD may trim away the entry it just added
CONFIG SET stream-node-max-entries 2
DEL l0
XADD l0 1-0 f v
XADD l0 2-0 f v
XADD l0 3-0 f v
XADD l0 4-0 f v
XADD l0 5-0 f v
XTRIM l0 MAXLEN ~ 1 LIMIT 0
XRANGE l0 - +
XADD l0 MAXLEN ~ 0 LIMIT 0 6-0 f v
XLEN l0
EXISTS l0
CONFIG SET stream-node-max-entries 100
# XREAD
DEL x1 x2
XADD x1 1-0 a 1
XADD x1 2-0 b 2
XADD x1 3-0 c 3
XADD x2 1-5 z 9
XREAD STREAMS x1 0
XREAD STREAMS x1 1
XREAD STREAMS x1 1-0
XREAD STREAMS x1 3-0
XREAD STREAMS x1 $
XREAD COUNT 1 STREAMS x1 x2 0 0
XREAD COUNT 2 STREAMS x1 x2 1 1-5
XREAD STREAMS x2 x1 0-0 2
XREAD COUNT 0 STREAMS x1 0
XREAD COUNT -1 STREAMS x1 0
XREAD COUNT abc STREAMS x1 0
XREAD count 1 streams x1 0
XREAD STREAMS x1 x1 0 2
XREAD STREAMS nosuch 0
XREAD STREAMS nosuch x1 0 0
XREAD STREAMS x1 x2 0
XREAD STREAMS x1
XREAD STREAMS
XREAD COUNT 1
XREAD x1 0
XREAD STREAMS x1 >
XREAD STREAMS x1 +
XREAD STREAMS x1 abc
XREAD STREAMS x1 (1
XREAD STREAMS str 0
XREAD STREAMS x1 str 0 0
XREAD STREAMS nosuch str 0 0
XREAD NOACK STREAMS x1 0
XREAD BLOCK 0 STREAMS x1 2
XREAD BLOCK 1000 COUNT 1 STREAMS x1 0
XREAD BLOCK -1 STREAMS x1 0
XREAD BLOCK abc STREAMS x1 0
XREAD COUNT 1 COUNT 2 STREAMS x1 0
XREAD FOO STREAMS x1 0
XREAD COUNT 1 x1 0
XREAD COUNT 1 STREAMS x1 0 BLOCK 0
MULTI
XREAD BLOCK 0 STREAMS x1 $
XREAD BLOCK 0 STREAMS nosuch 0
XADD x1 4-0 d 4
XREAD BLOCK 0 STREAMS x1 3
EXEC
# XGROUP CREATE / SETID / DESTROY / CREATECONSUMER / DELCONSUMER
DEL g1
XGROUP CREATE g1 grp 0
XGROUP CREATE g1 grp $ MKSTREAM
EXISTS g1
XLEN g1
XGROUP CREATE g1 grp $ MKSTREAM
XGROUP CREATE g1 grp 0
XGROUP CREATE g1 grp2 abc
XGROUP CREATE g1 grp2 0 FOO
xgroup create g1 grp2 0 foo
XGROUP CREATE g1 grp2 0 ENTRIESREAD
XGROUP CREATE g1 grp2 0 ENTRIESREAD abc
XGROUP CREATE g1 grp2 0 ENTRIESREAD -2
XGROUP CREATE g1 grp2 0 ENTRIESREAD -1
XGROUP CREATE g1 grp3 0 ENTRIESREAD 5 MKSTREAM
XGROUP CREATE g1 grp4
XGROUP CREATE g1
XGROUP CREATE str grp 0
XGROUP CREATE str grp 0 MKSTREAM
XGROUP CREATE nosuch grp nosuch
XADD g1 1-0 f v
XADD g1 2-0 f v
XADD g1 3-0 f v
XGROUP CREATE g1 late $
XGROUP CREATE g1 mid 2
XGROUP CREATE g1 future 9-0
XINFO GROUPS g1
XGROUP SETID g1 grp 2-0
XGROUP SETID g1 grp $ ENTRIESREAD 3
XGROUP SETID g1 grp 0 ENTRIESREAD 0
XGROUP SETID g1 grp 1 ENTRIESREAD -5
XGROUP SETID g1 grp 1 ENTRIESREAD abc
XGROUP SETID g1 grp 1 FOO 1
xgroup setid g1 grp 1 foo 1
XGROUP SETID g1 grp abc
XGROUP SETID g1 nogroup 0
XGROUP SETID nosuch grp 0
XGROUP SETID g1 grp
XINFO GROUPS g1
XGROUP SETID g1 grp $
XGROUP CREATE g1 over 0 ENTRIESREAD 100
XINFO GROUPS g1
XGROUP DESTROY g1 over
XGROUP CREATECONSUMER g1 grp alice
XGROUP CREATECONSUMER g1 grp alice
XGROUP CREATECONSUMER g1 nogroup alice
XGROUP CREATECONSUMER nosuch grp alice
XGROUP CREATECONSUMER g1 grp
XGROUP DELCONSUMER g1 grp alice
XGROUP DELCONSUMER g1 grp alice
XGROUP DELCONSUMER g1 nogroup alice
XGROUP DELCONSUMER nosuch grp alice
XGROUP DESTROY g1 future
XGROUP DESTROY g1 future
XGROUP DESTROY nosuch future
XGROUP DESTROY g1
XGROUP DESTROY str g
XGROUP FOO g1
XGROUP
XGROUP HELP
XGROUP help extra
XINFO GROUPS g1
# XREADGROUP, XACK, XPENDING (summary form)
DEL q
XADD q 1-0 n 1
XADD q 2-0 n 2
XADD q 3-0 n 3
XADD q 4-0 n 4
XADD q 5-0 n 5
XGROUP CREATE q g 0
XREADGROUP GROUP g alice COUNT 2 STREAMS q >
XREADGROUP GROUP g bob COUNT 1 STREAMS q >
XPENDING q g
XREADGROUP GROUP g alice STREAMS q 0
XREADGROUP GROUP g alice STREAMS q 1-0
XREADGROUP GROUP g alice COUNT 1 STREAMS q 0
XREADGROUP GROUP g bob STREAMS q 0
XREADGROUP GROUP g carol STREAMS q 0
XREADGROUP GROUP g carol STREAMS q $
XREADGROUP GROUP g alice NOACK STREAMS q >
XPENDING q g
XREADGROUP GROUP g alice STREAMS q >
XADD q 6-0 n 6
XADD q 7-0 n 7
XREADGROUP GROUP g dave COUNT 0 STREAMS q >
XPENDING q g
XREADGROUP GROUP g dave BLOCK 0 STREAMS q 0
XADD q 8-0 n 8
XREADGROUP GROUP g dave BLOCK 0 STREAMS q >
XREADGROUP GROUP nog alice STREAMS q >
XREADGROUP GROUP g alice STREAMS nosuch >
XREADGROUP GROUP g alice STREAMS str >
XREADGROUP GROUP g alice STREAMS q nosuch > >
XREADGROUP GROUP g alice STREAMS q
XREADGROUP GROUP g alice STREAMS q abc
XREADGROUP GROUP g STREAMS q >
XREADGROUP STREAMS q >
XREADGROUP GROUP g alice COUNT -1 STREAMS q 0
XADD q 9-0 n 9
XREADGROUP GROUP g eve STREAMS q q > 0
XREADGROUP GROUP g eve STREAMS q q 0 >
XACK q g 9-0
XREADGROUP GROUP g alice q >
XINFO GROUPS q
XACK q g 1-0 1-0 9-0
XACK q g 1-0
XACK q g 2
XACK q g abc
XACK q g 3-0 abc
XACK q nog 3-0
XACK nosuch g 3-0
XACK str g 1-0
XACK q g
XPENDING q g
XPENDING q nog
XPENDING nosuch g
XPENDING str g
XPENDING q
# extended form: a high IDLE filter selects nothing, so no idle times show
XPENDING q g IDLE 999999999 - + 10
XPENDING q g IDLE 999999999 - + 10 alice
XPENDING q g - + 0
XPENDING q g - + -1
XPENDING q g - + abc
XPENDING q g - +
XPENDING q g IDLE abc - + 10
XPENDING q g IDLE 10
XPENDING q g abc + 10
XPENDING q g (- + 10
XPENDING q nog - + 10
XPENDING nosuch g - + 10
XPENDING q g - + 10 alice extra
# the PEL keeps entries deleted from the stream
XDEL q 3-0
XREADGROUP GROUP g bob STREAMS q 0
XREADGROUP GROUP g bob STREAMS q 3
XPENDING q g
XINFO GROUPS q
# XCLAIM (min-idle-time 0: every pending entry qualifies). A deleted entry
# leaves the PEL unreturned; FORCE creates only ids still in the stream;
# an invalid id ends the id list and is then an unknown option.
XCLAIM q g bob 0 3-0 4-0
XPENDING q g
XCLAIM q g bob 0 4-0 JUSTID
XCLAIM q g carol 0 4-0 5-0 50-0 JUSTID
XCLAIM q g carol 0 50-0 FORCE
XCLAIM q g carol 0 50-0 FORCE JUSTID
XCLAIM q g carol 0 8-5 FORCE
XCLAIM q g carol 0 1-0 FORCE
XPENDING q g
XCLAIM q g alice 0 5-0 RETRYCOUNT 5 IDLE 0 JUSTID
XCLAIM q g alice 0 5-0 TIME 1 JUSTID
XCLAIM q g alice 3600000 5-0 4-0
XCLAIM q g alice 0 6-0 LASTID 7-0
XINFO GROUPS q
XCLAIM q g alice 0 6-0 LASTID 99-0
XINFO GROUPS q
XCLAIM q g alice 0 6-0 LASTID 1-0
XCLAIM q g alice 0 6-0 IDLE 3600000 JUSTID
XCLAIM q g bob 1800000 6-0 4-0 JUSTID
XCLAIM q g alice 0 6-0 IDLE -1
XCLAIM q g alice 0 6-0 IDLE abc
XCLAIM q g alice 0 6-0 TIME abc
XCLAIM q g alice 0 6-0 RETRYCOUNT -1
XCLAIM q g alice 0 6-0 RETRYCOUNT abc
XCLAIM q g alice 0 6-0 LASTID abc
XCLAIM q g alice 0 6-0 FOO
XCLAIM q g alice -1 6-0
XCLAIM q g alice abc 6-0
XCLAIM q g alice 0 abc
XCLAIM q g alice 0
XCLAIM q nog alice 0 6-0
XCLAIM nosuch g alice 0 6-0
XCLAIM str g alice 0 6-0
XPENDING q g
# XAUTOCLAIM: 7.0's three elements (next cursor, claimed, deleted ids);
# deleted ids count towards COUNT and leave the PEL
DEL ac
XADD ac 1-0 n 1
XADD ac 2-0 n 2
XADD ac 3-0 n 3
XADD ac 4-0 n 4
XADD ac 5-0 n 5
XGROUP CREATE ac g 0
XREADGROUP GROUP g alice STREAMS ac >
XDEL ac 2-0 4-0
XAUTOCLAIM ac g bob 0 0 COUNT 1
XAUTOCLAIM ac g bob 0 0 COUNT 2
XPENDING ac g
XAUTOCLAIM ac g bob 0 3-0
XAUTOCLAIM ac g carol 0 - JUSTID
XAUTOCLAIM ac g carol 0 (3-0 COUNT 10 JUSTID
XAUTOCLAIM ac g dave 3600000 0
XCLAIM ac g alice 0 5-0 IDLE 3600000 JUSTID
XAUTOCLAIM ac g dave 1800000 0
XAUTOCLAIM ac g dave 0 9-0
XAUTOCLAIM ac g dave 0 0 COUNT 0
XAUTOCLAIM ac g dave 0 0 COUNT -1
XAUTOCLAIM ac g dave 0 0 COUNT abc
XAUTOCLAIM ac g dave 0 0 COUNT 1000000000000000000
XAUTOCLAIM ac g dave 0 0 COUNT 1000000000
XAUTOCLAIM ac g dave 0 0 FOO
XAUTOCLAIM ac g dave 0 abc
XAUTOCLAIM ac g dave abc 0
XAUTOCLAIM ac g dave -1 0
XAUTOCLAIM ac g dave 0
XAUTOCLAIM ac nog dave 0 0
XAUTOCLAIM nosuch g dave 0 0
XAUTOCLAIM str g dave 0 0
XPENDING ac g
DEL ac2
XADD ac2 1-0 n 1
XADD ac2 2-0 n 2
XADD ac2 3-0 n 3
XGROUP CREATE ac2 g 0
XREADGROUP GROUP g alice STREAMS ac2 >
XDEL ac2 1-0 2-0 3-0
XAUTOCLAIM ac2 g bob 0 0 COUNT 2
XAUTOCLAIM ac2 g bob 0 0
XPENDING ac2 g
# XGROUP DELCONSUMER counts the pending entries it drops
XREADGROUP GROUP g2 x STREAMS q >
XGROUP CREATE q g2 0
XREADGROUP GROUP g2 x COUNT 3 STREAMS q >
XGROUP DELCONSUMER q g2 x
XPENDING q g2
XGROUP DESTROY q g2
# XSETID
DEL si
XADD si 1-0 f v
XADD si 2-0 f v
XSETID si 5-0
XADD si 5-0 f v
XADD si 5-* f v
XSETID si 4-0
XSETID si 5-1
XSETID si 5-0
XSETID si 9-0 ENTRIESADDED 10 MAXDELETEDID 8-0
XGROUP CREATE si g0 0
XGROUP CREATE si g9 9-0
XGROUP CREATE si gt $
XINFO GROUPS si
XSETID si 9-0 ENTRIESADDED 1
XSETID si 9-0 MAXDELETEDID 10-0
XSETID si 9-0 ENTRIESADDED -1
XSETID si 9-0 ENTRIESADDED abc
XSETID si 9-0 MAXDELETEDID abc
XSETID si 9-0 FOO 1
XSETID si abc
XSETID si
XSETID nosuch 1-0
XSETID str 1-0
XSETID si $
XADD si 9-0 f v
XADD si 9-* f v
DEL se
XADD se 3-0 f v
XDEL se 3-0
XSETID se 1-0
XSETID se 0-0
XADD se 1-0 f v
XADD se 2-0 f v
XLEN se
XTRIM se MAXLEN 0
XSETID se 0-0 ENTRIESADDED 0
XADD se 1-* f v
# XINFO GROUPS: entries-read and lag. lag is entries-added - entries-read
# while the counter is valid and no tombstone (max-deleted-entry-id) lies
# after the group's id; else estimated from the first entry, else nil. An
# empty stream estimates every group to entries-added.
DEL lg
XADD lg 1-0 f v
XADD lg 2-0 f v
XADD lg 3-0 f v
XADD lg 4-0 f v
XGROUP CREATE lg a 0
XGROUP CREATE lg b 0
XGROUP CREATE lg c $
XGROUP CREATE lg d 2-0
XGROUP CREATE lg e 2-0 ENTRIESREAD 2
XREADGROUP GROUP b x COUNT 1 STREAMS lg >
XINFO GROUPS lg
XDEL lg 3-0
XINFO GROUPS lg
XREADGROUP GROUP b x STREAMS lg >
XINFO GROUPS lg
XADD lg 5-0 f v
XINFO GROUPS lg
XDEL lg 1-0
XINFO GROUPS lg
XDEL lg 5-0
XINFO GROUPS lg
XTRIM lg MAXLEN 0
XINFO GROUPS lg
XADD lg 6-0 f v
XINFO GROUPS lg
XINFO GROUPS nosuch
XINFO GROUPS str
XINFO GROUPS
XINFO CONSUMERS lg nog
XINFO CONSUMERS nosuch a
XINFO STREAM nosuch
XINFO STREAM str
XINFO STREAM lg FULL COUNT abc
XINFO STREAM lg FOO
XINFO FOO
XINFO
XINFO HELP
XINFO help extra
# MULTI / EXEC
DEL m
MULTI
XADD m 1-0 f v
XADD m 1-0 f v
XADD m 2-0 f v
XLEN m
XRANGE m - +
XGROUP CREATE m g 0
XREADGROUP GROUP g c STREAMS m >
XACK m g 1-0
EXEC
MULTI
XADD m 3-0 f
XLEN m
EXEC
XLEN m
# generic commands on a stream
TYPE m
OBJECT ENCODING m
EXISTS m nosuch m
COPY m mcopy
XRANGE mcopy - +
XINFO GROUPS mcopy
XPENDING mcopy g
XADD mcopy 9-0 f v
XLEN m
COPY m mcopy
COPY m mcopy REPLACE
XLEN mcopy
RENAME mcopy mren
XINFO GROUPS mren
EXISTS mcopy
TTL mren
PERSIST mren
EXPIRE mren 100
PERSIST mren
TTL mren
SCAN 0 TYPE stream COUNT 1000
SCAN 0 TYPE STREAM MATCH m* COUNT 1000
DEL mren
EXISTS mren
# WRONGTYPE from other families on a stream
GET m
APPEND m x
LPUSH m x
LRANGE m 0 -1
SADD m x
HSET m f v
HGET m f
ZADD m 1 x
INCR m
TYPE m
XLEN m
)PARITY";

// XINFO STREAM / CONSUMERS and the extended XPENDING: their replies hold
// clock times and rax internals, so this script waits for rules in
// normalize.hpp that mask exactly these values (RESP2 flat arrays and RESP3
// maps alike), everything else staying exact:
//   xpending (extended form only, argc > 3): element 2 (idle ms) of each
//     [id, consumer, idle, delivery-count] entry;
//   xinfo|consumers: the value of "idle";
//   xinfo|stream: the value of "radix-tree-nodes"; with FULL also each group's
//     "pending" entries' element 2 (delivery time, [id, consumer, time,
//     count]), each consumer's "seen-time", and each consumer's "pending"
//     entries' element 1 (delivery time, [id, time, count]).
// Register then as "parity: streams info script".
inline constexpr const char* kStreamsInfo = R"PARITY(
XADD s 1-0 a 1
XADD s 2-0 b 2 c 3
XADD s 3-0 d 4
XINFO STREAM s
XINFO STREAM s FULL
XGROUP CREATE s g 0
XGROUP CREATE s h $
XREADGROUP GROUP g alice COUNT 1 STREAMS s >
XREADGROUP GROUP g bob STREAMS s >
XGROUP CREATECONSUMER s g carol
XINFO CONSUMERS s g
XINFO CONSUMERS s h
# delivery counts: a history read and XCLAIM count a delivery, JUSTID does not
XPENDING s g - + 10
XREADGROUP GROUP g alice STREAMS s 0
XPENDING s g - + 10 alice
XCLAIM s g alice 0 2-0 JUSTID
XCLAIM s g alice 0 2-0
XPENDING s g - + 1
XPENDING s g (1-0 + 10
XPENDING s g IDLE 0 - + 10
XPENDING s g - + 10 nobody
# RETRYCOUNT sets the count (-1 is "unset"); the count is unsigned and wraps
XCLAIM s g bob 0 3-0 RETRYCOUNT 7 JUSTID
XPENDING s g 3 3 1
XCLAIM s g bob 0 3-0 RETRYCOUNT -1 JUSTID
XPENDING s g 3 3 1
XCLAIM s g bob 0 3-0 RETRYCOUNT 9223372036854775807
XCLAIM s g bob 0 3-0
XPENDING s g 3 3 1
XAUTOCLAIM s g carol 0 0 JUSTID
XPENDING s g - + 10
XAUTOCLAIM s g carol 0 0
XPENDING s g - + 10
XINFO CONSUMERS s g
XINFO STREAM s
XINFO STREAM s FULL
XINFO STREAM s FULL COUNT 1
XINFO STREAM s FULL COUNT 0
XINFO STREAM s FULL COUNT -1
# a deleted entry stays pending; XDEL sets max-deleted-entry-id
XDEL s 2-0
XPENDING s g - + 10
XINFO STREAM s
XINFO STREAM s FULL
XGROUP DELCONSUMER s g carol
XINFO CONSUMERS s g
XINFO STREAM s FULL
# XSETID shows in last-generated-id, entries-added, max-deleted-entry-id
XSETID s 9-0 ENTRIESADDED 50 MAXDELETEDID 7-0
XINFO STREAM s
XADD e 1-0 f v
XDEL e 1-0
XINFO STREAM e
XINFO STREAM e FULL
XGROUP CREATE m g $ MKSTREAM
XINFO STREAM m
XINFO STREAM m FULL
XINFO CONSUMERS m g
# node layout: radix-tree-keys counts listpack nodes
CONFIG SET stream-node-max-entries 2
XADD n 1-0 f v
XADD n 2-0 f v
XADD n 3-0 f v
XINFO STREAM n
CONFIG SET stream-node-max-entries 100
)PARITY";
}  // namespace parity::scripts
