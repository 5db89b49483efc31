#pragma once
// Curated parity script: server and connection commands we implement.
namespace parity::scripts {
inline constexpr const char* kServer = R"PARITY(
PING
PING hello
PING "\x00\xff"
PING a b
ECHO hello
ECHO ""
ECHO "\x00\xff"
ECHO
ECHO a b
SELECT 0
SELECT abc
SELECT -1
SELECT 1.5
SELECT 100000
SELECT
DBSIZE
TIME a
INFO keyspace
NOSUCHCOMMAND
NOSUCHCOMMAND a b
"NO\x00SUCH" "a\x00b" c
OBJECT "\x00x" k
CONFIG "ge\x00t" x
"" a
COMMAND INFO get set
COMMAND INFO nosuch
COMMAND GETKEYS set k v
COMMAND GETKEYS mget a b c
COMMAND GETKEYS nosuch a
COMMAND GETKEYS get
COMMAND GETKEYS ping
COMMAND NOSUCH
COMMAND COUNT x
COMMAND GETKEYSANDFLAGS lmove a b left right
COMMAND GETKEYSANDFLAGS sinterstore d a b
COMMAND GETKEYSANDFLAGS mset a 1 b
COMMAND GETKEYSANDFLAGS del a b
COMMAND GETKEYSANDFLAGS set k v
COMMAND GETKEYSANDFLAGS set k v NX get
COMMAND GETKEYSANDFLAGS set k v "get\x00x"
COMMAND GETKEYSANDFLAGS object encoding k
COMMAND GETKEYSANDFLAGS lmpop 2 a b left
COMMAND GETKEYSANDFLAGS blmpop 0 1 a left count 2
COMMAND GETKEYSANDFLAGS sintercard 2 a b
COMMAND GETKEYSANDFLAGS sintercard 2abc a b
COMMAND GETKEYSANDFLAGS sintercard " 2" a b
COMMAND GETKEYSANDFLAGS sintercard 0 a
COMMAND GETKEYSANDFLAGS sintercard 3 a b
COMMAND GETKEYSANDFLAGS sintercard x a
COMMAND GETKEYSANDFLAGS lmpop -1 a left
COMMAND GETKEYSANDFLAGS object help
COMMAND GETKEYSANDFLAGS nosuch a
COMMAND GETKEYSANDFLAGS set k
COMMAND GETKEYSANDFLAGS get
COMMAND GETKEYS sintercard 2abc a b
COMMAND GETKEYS lmpop 1 a right count 3
COMMAND GETKEYS rename a b
COMMAND INFO slowlog|get slowlog|len slowlog|reset slowlog|help command|getkeysandflags
COMMAND LIST FILTERBY PATTERN slowlog*
COMMAND LIST FILTERBY PATTERN command|getkeys*
CONFIG GET slowlog*
CONFIG SET slowlog-log-slower-than abc
CONFIG SET slowlog-log-slower-than -5
CONFIG SET slowlog-max-len -1
CONFIG SET slowlog-log-slower-than -1
SLOWLOG RESET
SLOWLOG LEN
SLOWLOG GET
SLOWLOG GET -1
SLOWLOG GET 0
SLOWLOG GET -2
SLOWLOG GET abc
SLOWLOG GET 1 2
SLOWLOG LEN x
SLOWLOG RESET x
SLOWLOG NOSUCH
SLOWLOG
SLOWLOG HELP
SLOWLOG HELP x
CONFIG SET slowlog-log-slower-than 0
SLOWLOG RESET
SLOWLOG LEN
SLOWLOG LEN
CONFIG SET slowlog-max-len 2
SLOWLOG LEN
CONFIG SET slowlog-max-len 0
SLOWLOG LEN
SLOWLOG GET
CONFIG SET slowlog-log-slower-than 10000 slowlog-max-len 128
CONFIG GET slowlog*
CONFIG GET hz
CONFIG GET proto-max-bulk-len
CONFIG GET maxmemory-policy
CONFIG GET nosuchsetting
CONFIG SET hz abc
CONFIG SET nosuchsetting 1
CONFIG NOSUCH
CONFIG GET
CONFIG SET list-compress-depth -1
CONFIG SET list-compress-depth 0
CONFIG SET maxmemory abc
CONFIG SET maxmemory -1
CONFIG SET maxmemory 0
CONFIG SET maxmemory 0kb
CONFIG SET maxmemory-policy foo
CONFIG SET maxmemory-policy NoEviction
CONFIG SET save "1 2 3"
CONFIG SET save "0 1"
CONFIG SET save ""
CONFIG SET notify-keyspace-events Q
CONFIG SET notify-keyspace-events ""
CONFIG SET appendonly maybe
CONFIG SET appendonly no
CONFIG SET hz 10 maxmemory abc
CONFIG GET maxmemory
CONFIG GET save
CONFIG GET appendonly
CONFIG GET notify-keyspace-events
CONFIG GET protected-mode
PUBLISH chan message
SPUBLISH chan message
PUBSUB NUMPAT
PUBSUB NUMPAT x
PUBSUB NUMSUB
PUBSUB NUMSUB a b
PUBSUB SHARDNUMSUB a
PUBSUB CHANNELS
PUBSUB CHANNELS a*
PUBSUB CHANNELS a b
PUBSUB SHARDCHANNELS
PUBSUB HELP
PUBSUB FOO
PUBSUB
UNSUBSCRIBE
PUNSUBSCRIBE
SUNSUBSCRIBE
SUBSCRIBE chan
PUBSUB NUMSUB chan
GET x
CLIENT ID
PING
PING hello
UNSUBSCRIBE chan
PSUBSCRIBE "c*"
PUNSUBSCRIBE "c*"
SSUBSCRIBE s
SUNSUBSCRIBE s
GET x
CONFIG GET lazyfree*
CONFIG SET lazyfree-lazy-user-del maybe
CONFIG SET lazyfree-lazy-user-del yes lazyfree-lazy-user-flush yes
CONFIG GET lazyfree-lazy-user-del
CONFIG SET lazyfree-lazy-user-del no lazyfree-lazy-user-flush no lazyfree-lazy-server-del yes lazyfree-lazy-expire yes
CONFIG SET lazyfree-lazy-server-del no lazyfree-lazy-expire no lazyfree-lazy-eviction no
CONFIG SET protected-mode maybe
CONFIG GET client-output-buffer-limit
CONFIG SET client-output-buffer-limit "normal 10mbs 10mb 60"
CONFIG SET client-output-buffer-limit "normal -1 1 1"
CONFIG SET client-output-buffer-limit "normal 1 1 -1"
CONFIG SET client-output-buffer-limit "normal 1 1 3.5"
CONFIG SET client-output-buffer-limit "normal 1 2 99999999999999999999"
CONFIG SET client-output-buffer-limit "normal 10mb 10mb"
CONFIG SET client-output-buffer-limit "normal 1 2 3 "
CONFIG SET client-output-buffer-limit "normal  1 2 3"
CONFIG SET client-output-buffer-limit "master 1 2 3"
CONFIG SET client-output-buffer-limit "normal 5 5 5 foo 1 1 1"
CONFIG SET client-output-buffer-limit ""
CONFIG SET client-output-buffer-limit "Normal 1kb 2k +3 pubsub 1 2 3 replica 4gb 5 6"
CONFIG GET client-output-buffer-limit
CONFIG SET client-output-buffer-limit "normal 0 0 0 replica 256mb 64mb 60 pubsub 32mb 8mb 60"
CONFIG GET client-output-buffer-limit
CONFIG SET hash-max-listpack-entries 2
HSET enc:h a 1 b 2
OBJECT ENCODING enc:h
HSET enc:h a 5
OBJECT ENCODING enc:h
HSET enc:h2 a 1 b 2 c 3
OBJECT ENCODING enc:h2
CONFIG SET hash-max-listpack-entries 0
HSET enc:h3 a 1
OBJECT ENCODING enc:h3
CONFIG SET hash-max-listpack-entries 512 hash-max-listpack-value 3
HSET enc:h4 abcd 1
OBJECT ENCODING enc:h4
HSET enc:h5 abc 1
OBJECT ENCODING enc:h5
HINCRBYFLOAT enc:h5 f 1.2345
OBJECT ENCODING enc:h5
HSETNX enc:h6 f abcd
OBJECT ENCODING enc:h6
CONFIG SET hash-max-listpack-value 64
CONFIG SET set-max-intset-entries 0
SADD enc:s 1
OBJECT ENCODING enc:s
CONFIG SET set-max-intset-entries 2
SADD enc:t 1 2
OBJECT ENCODING enc:t
SADD enc:t 2
OBJECT ENCODING enc:t
SADD enc:t 3
OBJECT ENCODING enc:t
SADD enc:u 1 2
SADD enc:v 3 4
SUNIONSTORE enc:w enc:u enc:v
OBJECT ENCODING enc:w
SINTERSTORE enc:w enc:u enc:u
OBJECT ENCODING enc:w
SMOVE enc:v enc:u 3
OBJECT ENCODING enc:u
CONFIG SET set-max-intset-entries 512
DEL enc:h enc:h2 enc:h3 enc:h4 enc:h5 enc:h6 enc:s enc:t enc:u enc:v enc:w
)PARITY";
}  // namespace parity::scripts
