# Shared by the client test scripts (sourced, POSIX sh): start and stop
# $NOT_REDIS_SERVER, and compare replies.
#
#   start_server [--unixsocket PATH] [--requirepass PW]  -> sets PORT (and PID)
#   check NAME EXPECTED ACTUAL                             -> counts a failure
#   finish                                                 -> exit status

: "${NOT_REDIS_SERVER:?set NOT_REDIS_SERVER to the not_redis-server executable}"
command -v redis-cli >/dev/null || { echo "redis-cli not installed (package redis-tools)"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/not_redis-clients.XXXXXX")
PIDS=
FAILURES=0
CHECKS=0

cleanup() {
  for pid in $PIDS; do
    kill -TERM "$pid" 2>/dev/null || :
  done
  for pid in $PIDS; do
    wait "$pid" 2>/dev/null || :
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts a server on a free port and waits (at most 10 s) for its readiness
# line; the server is stopped by the EXIT trap whatever happens.
start_server() {
  out="$WORK/server.$$.$(date +%s%N).out"
  : >"$out"  # the background job opens it asynchronously
  "$NOT_REDIS_SERVER" --port 0 "$@" >"$out" 2>"$out.err" &
  pid=$!
  PIDS="$PIDS $pid"
  PID=$pid
  i=0
  while :; do
    PORT=$(sed -n 's/^not_redis-server listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$out")
    [ -n "$PORT" ] && break
    if ! kill -0 "$pid" 2>/dev/null || [ $i -ge 200 ]; then
      echo "server did not start: $NOT_REDIS_SERVER --port 0 $*" >&2
      cat "$out" "$out.err" >&2
      exit 1
    fi
    i=$((i + 1))
    sleep 0.05
  done
  case " $* " in
    *" --unixsocket "*)
      i=0
      until grep -q '^not_redis-server listening on unix:' "$out"; do
        i=$((i + 1)); [ $i -ge 200 ] && { echo "no unix socket line" >&2; exit 1; }
        sleep 0.05
      done ;;
  esac
}

# check NAME EXPECTED ACTUAL
check() {
  CHECKS=$((CHECKS + 1))
  if [ "$2" != "$3" ]; then
    FAILURES=$((FAILURES + 1))
    printf 'FAIL %s\n--- expected\n%s\n--- actual\n%s\n---\n' "$1" "$2" "$3"
  fi
}

finish() {
  echo "$CHECKS checks, $FAILURES failed"
  [ "$FAILURES" -eq 0 ]
}
