#!/bin/sh
# Runs each libFuzzer target for SECONDS on a scratch copy of its seed corpus
# (the repository's corpus is never written). Fails on any crash, sanitizer
# report, leak, timeout or out-of-memory; the reproducer is kept under
# BUILD_DIR/fuzz-artifacts/.
#   CXX=clang++ meson setup build-fuzz -Dfuzz=true -Dtests=disabled -Ddemo=disabled
#   ninja -C build-fuzz test/fuzz/fuzz_request_parser test/fuzz/fuzz_reply_parser test/fuzz/fuzz_dispatch test/fuzz/fuzz_restore
#   test/fuzz/run.sh build-fuzz 60 [TARGET...]
# Reproduce a finding: BUILD_DIR/test/fuzz/TARGET BUILD_DIR/fuzz-artifacts/crash-...
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
seconds=$2
shift 2
[ $# -gt 0 ] || set -- fuzz_request_parser fuzz_reply_parser fuzz_dispatch fuzz_restore

here=$(cd "$(dirname "$0")" && pwd)
artifacts="$build/fuzz-artifacts"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -p "$artifacts"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:allocator_may_return_null=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

status=0
for target in "$@"; do
  exe="$build/test/fuzz/$target"
  # corpus/NAME for fuzz_NAME (reply_parser, dispatch); the request parser's predates the rule.
  seeds="$here/corpus/${target#fuzz_}"
  [ "$target" = fuzz_request_parser ] && seeds="$here/corpus/parser"
  if [ ! -x "$exe" ]; then
    echo "run.sh: $exe not built (configure with -Dfuzz=true and CXX=clang++)" >&2
    exit 2
  fi
  corpus="$scratch/$target"
  mkdir -p "$corpus"
  if [ -d "$seeds" ]; then cp "$seeds"/* "$corpus"/ 2>/dev/null || true; fi
  log="$scratch/$target.log"
  echo "== $target: ${seconds}s, $(ls "$corpus" | wc -l) seeds"
  if "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$artifacts/$target-" "$corpus" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$log" | tail -2 || true
    echo "== $target: OK"
  else
    tail -n 80 "$log"
    echo "== $target: FAILED (reproducer in $artifacts)" >&2
    status=1
  fi
done
exit $status
