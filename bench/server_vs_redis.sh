#!/bin/sh
# redis-benchmark against not_redis-server and redis-server in the same run.
#
#   bench/server_vs_redis.sh [path/to/not_redis-server]
#
# Both servers are started on free loopback ports (redis-server with no
# persistence) and measured with the same redis-benchmark invocation
# (-c 50, -P 1 and -P 16, SET GET INCR LPUSH RPOP SADD HSET), alternating
# which server goes first in each round; the table shows the median of the
# rounds' requests per second and the ratio not_redis / redis against the
# issue's targets (>= 1.0x at -P 1, >= 1.2x at -P 16).
#
# Environment: N (requests per test, default 100000), ROUNDS (default 3),
# CLIENTS (default 50), REDIS_SERVER (default redis-server), PIN (1 = pin
# each server to CPU 0 and redis-benchmark to CPU 1 with taskset when the
# machine has 2 CPUs or more; default 0: on the 2-CPU dev VM pinning made
# both servers slower at -P 1).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
not_redis=${1:-${NOT_REDIS_SERVER:-$root/build/demo/not_redis-server}}
redis=${REDIS_SERVER:-redis-server}
N=${N:-100000}
ROUNDS=${ROUNDS:-3}
CLIENTS=${CLIENTS:-50}
PIN=${PIN:-0}
TESTS=set,get,incr,lpush,rpop,sadd,hset

[ -x "$not_redis" ] || { echo "not_redis-server not found: $not_redis" >&2; exit 2; }
command -v "$redis" >/dev/null || { echo "redis-server not found" >&2; exit 2; }
command -v redis-benchmark >/dev/null || { echo "redis-benchmark not found" >&2; exit 2; }

cpus=$(nproc)
server_cpu= bench_cpu=
if [ "$PIN" = 1 ] && [ "$cpus" -ge 2 ] && command -v taskset >/dev/null; then
  server_cpu="taskset -c 0" bench_cpu="taskset -c 1"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/server_vs_redis.XXXXXX")
pids=
cleanup() {
  for pid in $pids; do kill -TERM "$pid" 2>/dev/null || :; done
  for pid in $pids; do wait "$pid" 2>/dev/null || :; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() {  # wait_for FILE PATTERN PID
  i=0
  until grep -q "$2" "$1"; do
    i=$((i + 1))
    if [ $i -gt 200 ] || ! kill -0 "$3" 2>/dev/null; then
      echo "server did not start:" >&2; cat "$1" >&2; exit 1
    fi
    sleep 0.05
  done
}

: >"$work/not_redis.out"
$server_cpu "$not_redis" --port 0 >"$work/not_redis.out" 2>&1 &
nr_pid=$!; pids="$pids $nr_pid"
wait_for "$work/not_redis.out" '^not_redis-server listening on 127\.0\.0\.1:' "$nr_pid"
nr_port=$(sed -n 's/^not_redis-server listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/not_redis.out")

redis_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$server_cpu "$redis" --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
  --dir "$work" --logfile "$work/redis.log" --daemonize no >/dev/null 2>&1 &
rd_pid=$!; pids="$pids $rd_pid"
i=0
until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -gt 200 ] && { echo "redis-server did not start" >&2; exit 1; }
  sleep 0.05
done

echo "not_redis-server: $not_redis (port $nr_port)"
echo "redis-server:     $($redis --version | sed 's/.*v=\([^ ]*\).*/\1/') (port $redis_port)"
echo "redis-benchmark -c $CLIENTS -n $N -t $TESTS, $ROUNDS round(s) alternating the servers; median rps"
echo "machine: $cpus CPU(s); both servers are single-threaded and redis-benchmark needs a CPU too;"
if [ -n "$server_cpu" ]; then
  echo "         servers pinned to CPU 0, redis-benchmark to CPU 1 (PIN=1)"
else
  echo "         not pinned: redis-benchmark competes with the server for CPU, expect noise (PIN=1 pins them)"
fi
echo

# The server's own CPU time (user + system, in clock ticks) from /proc: with
# 2 cores, redis-benchmark itself can be the bottleneck, so requests per second
# alone may not tell the servers apart; CPU time per request still does.
cpu_ticks() {  # cpu_ticks PID
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}
ticks_per_second=$(getconf CLK_TCK)

# results: lines "server P TEST rps cpu_us_per_request"
bench() {  # bench NAME PORT PID P
  for test in $(echo "$TESTS" | tr ',' ' '); do
    before=$(cpu_ticks "$3")
    $bench_cpu redis-benchmark -p "$2" -c "$CLIENTS" -n "$N" -P "$4" -t "$test" --csv -q \
      2>"$work/err" >"$work/out"
    after=$(cpu_ticks "$3")
    sed -n '2,$s/^"\([A-Z]*\)","\([0-9.]*\)".*/\1 \2/p' "$work/out" |
      while read -r name rps; do
        echo "$1 $4 $name $rps $(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$N" \
          'BEGIN { printf "%.2f", t * 1e6 / hz / n }')"
      done >>"$work/results"
    if [ -s "$work/err" ]; then
      echo "redis-benchmark against $1 reported:" >&2; cat "$work/err" >&2
    fi
  done
}

: >"$work/results"
round=1
while [ $round -le "$ROUNDS" ]; do
  for P in 1 16; do
    if [ $((round % 2)) = 1 ]; then
      bench not_redis "$nr_port" "$nr_pid" "$P"; bench redis "$redis_port" "$rd_pid" "$P"
    else
      bench redis "$redis_port" "$rd_pid" "$P"; bench not_redis "$nr_port" "$nr_pid" "$P"
    fi
  done
  echo "round $round/$ROUNDS done" >&2
  round=$((round + 1))
done

awk -v tests="$TESTS" '
  { key = $1 " " $2 " " $3; rps[key] = rps[key] " " $4; cpu[key] = cpu[key] " " $5 }
  function median(list,    n, v, i, j, t) {
    n = split(list, v, " ")
    if (n == 0) return 0
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  END {
    n = split(toupper(tests), name, ",")
    printf "%-7s %3s %13s %11s %6s %6s %6s  %16s %6s\n", "command", "P", "not_redis rps", "redis rps", "ratio",
      "target", "status", "server CPU us/req", "ratio"
    misses = 0
    for (pi = 1; pi <= 2; pi++) {
      P = pi == 1 ? 1 : 16; target = pi == 1 ? 1.0 : 1.2
      for (i = 1; i <= n; i++) {
        a = median(rps["not_redis " P " " name[i]]); b = median(rps["redis " P " " name[i]])
        ca = median(cpu["not_redis " P " " name[i]]); cb = median(cpu["redis " P " " name[i]])
        ratio = b > 0 ? a / b : 0
        status = ratio >= target ? "met" : "MISS"
        if (status == "MISS") misses++
        printf "%-7s %3d %13.0f %11.0f %5.2fx %5.1fx %6s  %7.2f vs %5.2f %5.2fx\n", name[i], P, a, b, ratio, target,
          status, ca, cb, (ca > 0 ? cb / ca : 0)
      }
    }
    printf "\n%d of %d targets missed. CPU ratio = redis CPU per request / not_redis CPU per request\n", misses, 2 * n
    printf "(above 1 = not_redis needs less CPU per request).\n"
  }' "$work/results"
