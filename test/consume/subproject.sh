#!/bin/sh
# Proves not_redis works as a meson subproject: a tiny consumer project gets a
# copy of this repository as subprojects/not_redis, calls dependency('not_redis'),
# builds, and runs a program that stores and reads back a key.
#
#   subproject.sh SOURCE_ROOT SCRATCH_DIR
set -eu

src=$(cd "$1" && pwd)
mkdir -p "$2"
work=$(mktemp -d "$2/consume-subproject.XXXXXX")
trap 'rm -rf "$work"' EXIT

run() {
  echo "+ $*"
  "$@"
}

echo "== consumer project in $work"
run cp "$src/test/consume/subproject/meson.build" "$src/test/consume/consumer.cpp" "$work/"

echo "== repository copied to subprojects/not_redis (without .git and build directories)"
mkdir -p "$work/subprojects/not_redis"
for entry in "$src"/*; do
  if [ -d "$entry/meson-private" ] || [ -f "$entry/CMakeCache.txt" ]; then
    continue  # someone's build directory
  fi
  cp -R "$entry" "$work/subprojects/not_redis/"
done

echo "== build and run"
# Forced fallback: an installed not_redis must not stand in for the subproject.
# plain: no optimization, so the nested build of the library stays quick.
run meson setup --force-fallback-for=not_redis --buildtype=plain "$work/build" "$work"
run ninja -C "$work/build"
run "$work/build/consumer"
