#!/bin/sh
# Proves an installed not_redis can be consumed without meson: installs a fresh
# build into a scratch prefix, then builds test/consume/consumer.cpp against it
# twice, once with c++ and `pkg-config --cflags --libs not_redis`, once with
# CMake (test/consume/cmake, pkg_check_modules). Both share one install.
#
#   installed.sh SOURCE_ROOT SCRATCH_DIR
set -eu

src=$(cd "$1" && pwd)
mkdir -p "$2"
work=$(mktemp -d "$2/consume-installed.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

run() {
  echo "+ $*"
  "$@"
}

echo "== install into $prefix"
# plain: no optimization, so the nested build of the library stays quick. The
# default libdir, as a user gets it: on Debian the multiarch lib/<triplet>.
run meson setup --buildtype=plain -Dtests=disabled -Ddemo=enabled --prefix="$prefix" "$work/build" "$src"
run ninja -C "$work/build"
run meson install -C "$work/build" --quiet

# Every public header must be installed; a new one left out of
# include/not_redis/meson.build would otherwise break only consumers.
missing=$(cd "$src/include" && find not_redis -name '*.hpp' | while read -r h; do
  [ -f "$prefix/include/$h" ] || echo "$h"; done)
if [ -n "$missing" ]; then
  echo "public headers not installed: $missing" >&2
  exit 1
fi

# Where the README's Linking section says the files are.
libdir=$prefix/lib/$(gcc -print-multiarch)
[ -f "$libdir/pkgconfig/not_redis.pc" ] || { echo "no $libdir/pkgconfig/not_redis.pc" >&2; exit 1; }
# No LD_LIBRARY_PATH anywhere below: the programs find the library by rpath.
unset LD_LIBRARY_PATH
PKG_CONFIG_PATH=$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
export PKG_CONFIG_PATH
echo "PKG_CONFIG_PATH=$PKG_CONFIG_PATH"

echo "== the installed not_redis-server starts and answers"
"$prefix/bin/not_redis-server" --port 0 --bind 127.0.0.1 > "$work/server.out" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
port=
for _ in $(seq 100); do
  port=$(sed -n 's/^not_redis-server listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$work/server.out")
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.out" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "the installed server printed no port" >&2; cat "$work/server.out" >&2; exit 1; }
reply=$(redis-cli -p "$port" PING)
[ "$reply" = PONG ] || { echo "PING answered '$reply'" >&2; exit 1; }
kill -TERM "$server"
wait "$server"
echo "PING -> $reply; stopped cleanly"

echo "== pkg-config"
flags=$(pkg-config --cflags --libs not_redis)
rpath="-Wl,-rpath,$(pkg-config --variable=libdir not_redis)"
echo "pkg-config --cflags --libs not_redis: $flags"
# $flags is split into words on purpose.
# shellcheck disable=SC2086
run c++ -std=c++20 -Wall -Wextra -o "$work/consumer-pkg-config" "$src/test/consume/consumer.cpp" $flags "$rpath"
run "$work/consumer-pkg-config"

echo "== CMake"
run cmake -S "$src/test/consume/cmake" -B "$work/cmake-build"
run cmake --build "$work/cmake-build"
run "$work/cmake-build/consumer"
