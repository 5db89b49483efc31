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
CONFIG GET hz
CONFIG GET proto-max-bulk-len
CONFIG GET maxmemory-policy
CONFIG GET nosuchsetting
CONFIG SET hz abc
CONFIG SET nosuchsetting 1
CONFIG NOSUCH
CONFIG GET
)PARITY";
}  // namespace parity::scripts
