#!/bin/sh
# Compiles FILE and succeeds only if compilation fails with MESSAGE in the
# diagnostics: unsupported types must be rejected at compile time, readably.
# usage: expect_error.sh FILE MESSAGE INCLUDE_DIR COMPILER [ARGS...]
set -u
file=$1 message=$2 include=$3
shift 3
if out=$("$@" -std=c++20 -fsyntax-only -I"$include" "$file" 2>&1); then
  echo "unexpectedly compiled: $file"
  exit 1
fi
if ! printf '%s\n' "$out" | grep -qF "$message"; then
  printf '%s\n' "$out" | head -40
  echo "compiled with errors, but none says: $message"
  exit 1
fi
echo "rejected as expected: $message"
