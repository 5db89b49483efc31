#!/bin/sh
# redis-cli against not_redis-server: one-shot commands over TCP and a unix
# socket, RESP3 (-3), commands read from stdin, inline commands (raw socket
# and --pipe), mass insertion with --pipe, -r/-i repeats, --scan, --bigkeys,
# AUTH with requirepass, and a BLPOP served by a second connection.
# Needs NOT_REDIS_SERVER (test/clients/redis_stand_in.sh runs it on Redis).
set -u
. "$(dirname "$0")/lib.sh"

SOCK="$WORK/server.sock"
start_server --unixsocket "$SOCK"
cli() { redis-cli -p "$PORT" "$@"; }        # raw output (stdout is not a tty)
pretty() { redis-cli -p "$PORT" --no-raw "$@"; }

# --- strings
check 'PING' 'PONG' "$(cli ping)"
# A hangup (a closed terminal, a service manager's reload) is ignored, as by Redis.
kill -HUP "$PID"
check 'SIGHUP ignored' 'PONG' "$(cli ping)"
check 'alive after SIGHUP' 'alive' "$(kill -0 "$PID" && echo alive)"
check 'SET' 'OK' "$(cli set greeting hello)"
check 'GET' 'hello' "$(cli get greeting)"
check 'GET quoted' '"hello"' "$(pretty get greeting)"
check 'APPEND' '(integer) 11' "$(pretty append greeting ' world')"
check 'GET after APPEND' 'hello world' "$(cli get greeting)"
check 'GET missing' '(nil)' "$(pretty get missing)"
check 'INCR' '(integer) 1' "$(pretty incr counter)"
check 'INCRBY' '(integer) 11' "$(pretty incrby counter 10)"
check 'MSET/MGET' 'OK
1) "1"
2) (nil)
3) "2"' "$(pretty mset m1 1 m2 2; pretty mget m1 nope m2)"

# --- hash
check 'HSET' '(integer) 2' "$(pretty hset user name ada lang c++)"
check 'HGET' '"ada"' "$(pretty hget user name)"
check 'HGETALL' 'lang
c++
name
ada' "$(cli hgetall user | paste - - | sort | tr '\t' '\n')"
check 'HINCRBY' '(integer) 36' "$(pretty hincrby user age 36)"
check 'HLEN' '(integer) 3' "$(pretty hlen user)"

# --- list, including a blocking pop served by a second connection
check 'RPUSH' '(integer) 3' "$(pretty rpush list a b c)"
check 'LRANGE' '1) "a"
2) "b"
3) "c"' "$(pretty lrange list 0 -1)"
check 'LPOP' '"a"' "$(pretty lpop list)"
cli blpop queue 5 >"$WORK/blpop.out" 2>&1 &
blpop_pid=$!
i=0
# Each redis-cli run is a round trip, which paces the wait; no sleep needed.
until [ "$(cli info clients | sed -n 's/^blocked_clients:\([0-9]*\).*/\1/p')" = 1 ] || [ $i -ge 2000 ]; do
  i=$((i + 1))
done
check 'BLPOP is blocked' '1' "$(cli info clients | sed -n 's/^blocked_clients:\([0-9]*\).*/\1/p')"
check 'RPUSH wakes BLPOP' '(integer) 1' "$(pretty rpush queue job)"
wait "$blpop_pid"
check 'BLPOP reply' 'queue
job' "$(cat "$WORK/blpop.out")"
check 'queue emptied' '(integer) 0' "$(pretty exists queue)"
check 'BLPOP timeout' '(nil)' "$(pretty blpop queue 0.1)"

# --- set
check 'SADD' '(integer) 3' "$(pretty sadd tags red green blue)"
check 'SADD dup' '(integer) 0' "$(pretty sadd tags red)"
check 'SMEMBERS' 'blue
green
red' "$(cli smembers tags | sort)"
check 'SISMEMBER' '(integer) 1' "$(pretty sismember tags green)"
check 'SCARD' '(integer) 3' "$(pretty scard tags)"

# --- expiry
check 'SET EX' 'OK' "$(cli set session token ex 100)"
check 'TTL' '(integer) 100' "$(pretty ttl session)"
check 'PERSIST' '(integer) 1' "$(pretty persist session)"
check 'TTL persisted' '(integer) -1' "$(pretty ttl session)"
check 'TTL missing' '(integer) -2' "$(pretty ttl missing)"
# Expiry itself is tested on a manual clock in-process; through a client, a
# deadline already past removes the key at once, as in Redis.
check 'SET PX' 'OK' "$(cli set shortlived x px 100)"
check 'PEXPIREAT past' '(integer) 1' "$(pretty pexpireat shortlived 1)"
check 'expired' '(nil)' "$(pretty get shortlived)"
check 'expired TTL' '(integer) -2' "$(pretty ttl shortlived)"

# --- errors
check 'WRONGTYPE' '(error) WRONGTYPE Operation against a key holding the wrong kind of value' \
  "$(pretty lpush greeting x)"
check 'not an integer' '(error) ERR value is not an integer or out of range' "$(pretty incr greeting)"
check 'unknown command' "(error) ERR unknown command 'nosuchcommand', with args beginning with: 'x' " \
  "$(pretty nosuchcommand x)"
check 'arity' "(error) ERR wrong number of arguments for 'get' command" "$(pretty get)"

# --- binary values (NUL, CR, LF) via -x, read back raw
printf 'a\000b\r\nc' >"$WORK/binary.in"
check 'SET -x binary' 'OK' "$(cli -x set binary <"$WORK/binary.in")"
check 'STRLEN binary' '(integer) 6' "$(pretty strlen binary)"
check 'GET binary quoted' '"a\x00b\r\nc"' "$(pretty get binary)"
cli get binary | head -c 6 >"$WORK/binary.out"
check 'GET binary raw' 'same' "$(cmp -s "$WORK/binary.in" "$WORK/binary.out" && echo same)"

# --- unix socket
check 'unix PING' 'PONG' "$(redis-cli -s "$SOCK" ping)"
check 'unix GET' 'hello world' "$(redis-cli -s "$SOCK" get greeting)"

# --- RESP3 (-3): maps, sets, nulls, HELLO
check 'RESP3 HGETALL map' '"age" => "36"
"lang" => "c++"
"name" => "ada"' "$(pretty -3 hgetall user | sed 's/^ *[0-9]*# //' | sort)"
check 'RESP3 SMEMBERS set' '"blue"
"green"
"red"' "$(pretty -3 smembers tags | sed 's/^ *[0-9]*~ //' | sort)"
check 'RESP3 set prefix' '1~ "only"' "$(pretty sadd single only >/dev/null; pretty -3 smembers single)"
check 'RESP3 one-field map' '1# "f" => "v"' "$(pretty hset onefield f v >/dev/null; pretty -3 hgetall onefield)"
check 'RESP3 nil' '(nil)' "$(pretty -3 get missing)"
check 'RESP3 integer' '(integer) 3' "$(pretty -3 scard tags)"
check 'RESP3 error' '(error) WRONGTYPE Operation against a key holding the wrong kind of value' \
  "$(pretty -3 hget greeting f)"
check 'RESP3 HELLO proto' '"proto" => (integer) 3' "$(pretty -3 hello 3 | sed -n 's/^ *[0-9]*# \("proto".*\)/\1/p')"
check 'RESP3 BLPOP timeout' '(nil)' "$(pretty -3 blpop queue 0.1)"

# --- commands read from stdin, one per line (redis-cli without arguments)
check 'stdin commands' 'OK
(integer) 6
"6"
(error) WRONGTYPE Operation against a key holding the wrong kind of value' \
  "$(printf 'SET fromstdin 5\nINCR fromstdin\nGET fromstdin\nLPUSH fromstdin x\n' | pretty)"

# --- inline commands on a raw socket: exact reply bytes, pipelined in one write
inline() {
  /usr/bin/python3 - "$PORT" "$1" <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
s.shutdown(socket.SHUT_WR)
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
sys.stdout.write(repr(data)[2:-1])
PY
}
check 'inline' '+PONG\r\n+OK\r\n$5\r\nx y z\r\n:1\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n$-1\r\n' \
  "$(inline 'PING\r\nSET inl "x y z"\r\nGET inl\r\nEXISTS inl\r\nLPUSH inl 1\r\nGET nothing\r\n')"
# Lines may end in a bare LF; empty lines are skipped; runs of spaces separate.
check 'inline LF only, empty lines' '+PONG\r\n:11\r\n' "$(inline 'PING\n\r\n\nSTRLEN   greeting \n')"
# A protocol error is answered, then the connection is closed (no third reply).
check 'inline unbalanced quotes' '+PONG\r\n-ERR Protocol error: unbalanced quotes in request\r\n' \
  "$(inline 'PING\r\nSET "a b\r\nPING\r\n')"

# --- --pipe: inline commands, then RESP mass insertion
check '--pipe inline' 'All data transferred. Waiting for the last reply...
Last reply received from server.
errors: 0, replies: 3' "$(printf 'SET piped 1\r\nINCR piped\r\nSET "two words" "a b"\r\n' | cli --pipe 2>&1)"
check 'after --pipe inline' '2
a b' "$(cli get piped; cli get 'two words')"
awk 'BEGIN { for (i = 0; i < 5000; i++) { k = "mass:" i; v = "value:" i;
  printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v } }' >"$WORK/mass.resp"
check '--pipe mass insertion' 'All data transferred. Waiting for the last reply...
Last reply received from server.
errors: 0, replies: 5000' "$(cli --pipe <"$WORK/mass.resp" 2>&1)"
check 'mass data' 'value:4999' "$(cli get mass:4999)"
check '--pipe counts errors' 'errors: 1, replies: 2' \
  "$(printf 'LPUSH greeting x\r\nPING\r\n' | cli --pipe 2>&1 | tail -n 1)"

# --- -r / -i repeats
check '-r' '1
2
3' "$(cli -r 3 incr repeated)"
check '-r -i' '4
5' "$(cli -r 2 -i 0.01 incr repeated)"

# --- --scan
check '--scan --pattern' 'mass:4990
mass:4991
mass:4992
mass:4993
mass:4994
mass:4995
mass:4996
mass:4997
mass:4998
mass:4999' "$(cli --scan --pattern 'mass:499?' | sort)"
check '--scan count' '5000' "$(cli --scan --pattern 'mass:*' | wc -l | tr -d ' ')"

# --- --bigkeys (SCAN + TYPE + per-type size commands)
bigkeys=$(cli --bigkeys 2>&1); bigkeys_rc=$?
check '--bigkeys exit' 0 "$bigkeys_rc"
check '--bigkeys list' "Biggest   list found '\"list\"' has 2 items" \
  "$(printf '%s\n' "$bigkeys" | grep 'Biggest   list found')"
check '--bigkeys hash' "Biggest   hash found '\"user\"' has 3 fields" \
  "$(printf '%s\n' "$bigkeys" | grep 'Biggest   hash found')"
check '--bigkeys set' "Biggest    set found '\"tags\"' has 3 members" \
  "$(printf '%s\n' "$bigkeys" | grep 'Biggest    set found')"

# --- DBSIZE at the end (sanity: the store holds everything above)
check 'DBSIZE' 1 "$(test "$(cli dbsize)" -gt 5000 && echo 1)"

# --- AUTH with requirepass (a second server)
start_server --requirepass 's3cret pass'
check 'NOAUTH' '(error) NOAUTH Authentication required.' "$(pretty get greeting)"
check 'wrong password' '(error) WRONGPASS invalid username-password pair or user is disabled.' \
  "$(pretty auth nope)"
check '-a' 'PONG' "$(redis-cli -p "$PORT" -a 's3cret pass' --no-auth-warning ping)"
check 'AUTH then command' 'OK
OK
"v"' "$(printf 'AUTH "s3cret pass"\nSET k v\nGET k\n' | pretty)"
# (-3 first sends a bare HELLO 3, refused with NOAUTH on stderr.)
check 'HELLO AUTH' '"proto" => (integer) 3' \
  "$(pretty -3 hello 3 auth default 's3cret pass' 2>/dev/null | sed -n 's/^ *[0-9]*# \("proto".*\)/\1/p')"

finish
