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
# plain: no optimization, so the nested build of the library stays quick.
run meson setup --buildtype=plain -Dtests=disabled -Ddemo=disabled \
  --prefix="$prefix" --libdir=lib "$work/build" "$src"
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

PKG_CONFIG_PATH=$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
LD_LIBRARY_PATH=$prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export PKG_CONFIG_PATH LD_LIBRARY_PATH
echo "PKG_CONFIG_PATH=$PKG_CONFIG_PATH"
echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"

echo "== pkg-config"
flags=$(pkg-config --cflags --libs not_redis)
echo "pkg-config --cflags --libs not_redis: $flags"
# $flags is split into words on purpose.
# shellcheck disable=SC2086
run c++ -std=c++20 -Wall -Wextra -o "$work/consumer-pkg-config" "$src/test/consume/consumer.cpp" $flags
run "$work/consumer-pkg-config"

echo "== CMake"
run cmake -S "$src/test/consume/cmake" -B "$work/cmake-build"
run cmake --build "$work/cmake-build"
run "$work/cmake-build/consumer"
