#!/usr/bin/env bash
# Fuzzes the OpenFlow decoder with libFuzzer for SECONDS (default 60), one job.
# Usage: scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]
# Seeds: every binary message in Tests/OpenFlowTests/Corpus. New inputs the fuzzer finds go to
# fuzz-artifacts/corpus (kept between runs, not committed); a crashing input is written to
# fuzz-artifacts/ and the script exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true

nice swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer -Xswiftc -g >&2
bin=$(swift build --package-path Fuzz -c release -Xswiftc -sanitize=fuzzer --show-bin-path)/OpenFlowFuzz

# libFuzzer wants a directory of inputs; the corpus keeps them beside their JSON and text forms.
seeds=fuzz-artifacts/seeds
mkdir -p "$seeds" fuzz-artifacts/corpus
find Tests/OpenFlowTests/Corpus -name '*.packet' | while read -r f; do
    cp "$f" "$seeds/$(echo "${f#Tests/OpenFlowTests/Corpus/}" | tr / _)"
done

# Swift's own crash backtracer would take the trap's signal first and exit without libFuzzer
# saving the input; leave the signal to libFuzzer.
export SWIFT_BACKTRACE=enable=no
exec "$bin" fuzz-artifacts/corpus "$seeds" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=fuzz-artifacts/ -print_final_stats=1 "$@"
