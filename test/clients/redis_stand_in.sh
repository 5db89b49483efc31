#!/bin/sh
# A stand-in for not_redis-server built from a real redis-server, with the
# same command line and readiness line, so the client tests can be checked
# against Redis itself:
#   NOT_REDIS_SERVER=test/clients/redis_stand_in.sh meson test --suite clients
# Takes --port N (0 = pick a free one), --bind ADDR, --unixsocket PATH,
# --requirepass PW; SIGTERM stops it (the shell execs redis-server).
set -eu
port=0 bind=127.0.0.1 unixsocket= requirepass=
while [ $# -gt 0 ]; do
  case $1 in
    --port) port=$2; shift 2 ;;
    --bind) bind=$2; shift 2 ;;
    --unixsocket) unixsocket=$2; shift 2 ;;
    --requirepass) requirepass=$2; shift 2 ;;
    --hz) shift 2 ;;
    *) echo "redis_stand_in: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ "$port" = 0 ]; then
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
fi
set -- --port "$port" --bind "$bind" --save '' --appendonly no --daemonize no \
  --logfile '' --loglevel warning --dir "${TMPDIR:-/tmp}"
[ -n "$unixsocket" ] && set -- "$@" --unixsocket "$unixsocket"
[ -n "$requirepass" ] && set -- "$@" --requirepass "$requirepass"

# Announce readiness from a child once the server answers; PING gets a
# NOAUTH error with requirepass, which still proves it is up.
(
  i=0
  until redis-cli -h "$bind" -p "$port" ping 2>/dev/null | grep -q -e PONG -e NOAUTH; do
    i=$((i + 1)); [ $i -gt 200 ] && exit 1
    sleep 0.05
  done
  echo "not_redis-server listening on $bind:$port"
  [ -n "$unixsocket" ] && echo "not_redis-server listening on unix:$unixsocket"
  exit 0
) &
exec redis-server "$@" >/dev/null 2>&1
