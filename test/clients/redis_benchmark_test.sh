#!/bin/sh
# redis-benchmark against not_redis-server: SET GET INCR LPUSH RPOP SADD HSET
# at -P 1 and -P 16 (50 clients), each test must finish with a positive rate
# and no error, and afterwards the keyspace must hold exactly what the
# benchmark wrote (e.g. INCR ran once per request).
# Needs NOT_REDIS_SERVER (test/clients/redis_stand_in.sh runs it on Redis).
set -u
. "$(dirname "$0")/lib.sh"
command -v redis-benchmark >/dev/null || { echo "redis-benchmark not installed (package redis-tools)"; exit 1; }

start_server
N=2000
TESTS=set,get,incr,lpush,rpop,sadd,hset
EXPECTED='SET
GET
INCR
LPUSH
RPOP
SADD
HSET'

for P in 1 16; do
  # timeout: a reply that never comes would otherwise hang redis-benchmark.
  timeout 120 redis-benchmark -p "$PORT" -t "$TESTS" -n "$N" -c 50 -P "$P" -q --csv \
    >"$WORK/bench.csv" 2>"$WORK/bench.err"
  check "-P $P exit status" 0 "$?"
  check "-P $P stderr" '' "$(cat "$WORK/bench.err")"
  check "-P $P tests reported" "$EXPECTED" "$(sed -n '2,$s/^"\([A-Z]*\)".*/\1/p' "$WORK/bench.csv")"
  check "-P $P positive rates" '' \
    "$(awk -F'"' 'NR > 1 && !($4 + 0 > 0) { print "no rate: " $0 }' "$WORK/bench.csv")"
  cat "$WORK/bench.csv"
done

# What the benchmark leaves behind: its keys are literal (no -r), so INCR
# ran 2 * N times on one counter and every list push was popped again.
cli() { redis-cli -p "$PORT" "$@"; }
check 'INCR count' "$((2 * N))" "$(cli get counter:__rand_int__)"
check 'SET value' 3 "$(cli strlen key:__rand_int__)"  # 3 random bytes (-d 3)
check 'SADD member' 'element:__rand_int__' "$(cli smembers myset)"
check 'HSET field' '1 3' "$(cli hlen myhash) $(cli hstrlen myhash element:__rand_int__)"
check 'LPUSH/RPOP balance' 0 "$(cli llen mylist)"
check 'keys' 'counter:__rand_int__
key:__rand_int__
myhash
myset' "$(cli --scan | sort)"
check 'DBSIZE' 4 "$(cli dbsize)"

finish
