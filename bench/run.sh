#!/usr/bin/env bash
# Builds the benchmarks jar and the examples, runs the JMH micro-benchmarks and the end-to-end harness, and
# prints one Markdown table: | metric | measured | budget | verdict |. Exit 0 whether or not the budgets are
# met; 3 with --gate when a row crossed its gate twice in a row; other non-zero codes when the build or a
# measurement broke.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    cat <<'USAGE'
Usage: bench/run.sh [--quick] [harness options]

  --quick    fewer and shorter runs (about 3 minutes on 2 cores); default: full (about 10 minutes)
  --only S   only some sections, comma-separated: micro, latency, burst, abort, runstop, flood, runload,
             start, idle, sampling, throttle
  --gate     exit 3 when a row crosses its gate (a bound far past its budget) twice in a row, as CI does

Builds with ./mvnw -q -B -Pbench -DskipTests package, then runs
java -cp bench/target/benchmarks.jar io.github.jobruntime.bench.Harness. Needs Linux (/proc), GNU time
(/usr/bin/time), bash and perl. Progress goes to stderr, the table to stdout; child output and logs stay in
bench/target/work/run-*/.
USAGE
}

for arg in "$@"; do
    case "$arg" in
        -h|--help) usage; exit 0 ;;
    esac
done

started=$(date +%s)
echo "bench: building (./mvnw -q -B -Pbench -DskipTests package)" >&2
./mvnw -q -B -Pbench -DskipTests package
echo "bench: nproc $(nproc); $(java -version 2>&1 | head -n 1)" >&2
java -cp bench/target/benchmarks.jar io.github.jobruntime.bench.Harness --root . --work bench/target/work "$@"
echo "bench: done in $(( $(date +%s) - started )) s, build included" >&2
