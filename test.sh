#!/usr/bin/env bash
# Runs an example job locally the way the platform runs it: fresh home, scratch and service folders, the
# job writing status.html and result.txt, this script reading them as the platform would.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
    cat <<'USAGE'
Usage: ./test.sh [waiter|abortable_waiter] [SECONDS]

Runs an example job (default: waiter, 5 seconds) with the folders temp_home, temp_scratch and
temp_service in this directory standing in for /home, /scratch and /service. Prints one line per
status change read from temp_service/status.html, then result.txt, and exits with the job's code.
Builds the jars first when they are missing (./mvnw -q -B -DskipTests package).
USAGE
}

example=waiter
seconds=5
for arg in "$@"; do
    case "$arg" in
        -h|--help) usage; exit 0 ;;
        waiter|abortable_waiter) example=$arg ;;
        ''|*[!0-9]*) echo "test.sh: unknown argument '$arg' - give an example name or whole SECONDS" >&2
                     usage >&2; exit 2 ;;
        *) seconds=$arg ;;
    esac
done

jar=examples/$example/target/$example.jar
if [[ ! -f $jar ]]; then
    echo "test.sh: $jar is missing, building it first"
    ./mvnw -q -B -DskipTests package
fi

rm -rf temp_home temp_scratch temp_service
mkdir -p temp_home temp_scratch temp_service
echo "test.sh: running $jar on the host with temp_home, temp_scratch, temp_service as /home, /scratch, /service"

# One line from the page: the state and progress the runtime puts in <meta> tags, and the message.
summary() {
    local page=temp_service/status.html state progress message
    [[ -f $page ]] || return 0
    state=$(sed -n 's/.*<meta name="job-state" content="\([a-z]*\)">.*/\1/p' "$page")
    progress=$(sed -n 's/.*<meta name="job-progress" content="\([-0-9]*\/[-0-9]*\)">.*/\1/p' "$page")
    message=$(sed -n 's/.*<p class="message">\(.*\)<\/p>.*/\1/p' "$page")
    [[ $progress == */-* || $progress == */0 ]] && progress=""
    echo "status: ${state:-?}${progress:+ $progress}${message:+ - $message}"
}

java -jar "$jar" --service-dir temp_service --home-dir temp_home --scratch-dir temp_scratch "$seconds" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' INT TERM

last=""
while kill -0 "$pid" 2>/dev/null; do
    line=$(summary)
    if [[ -n $line && $line != "$last" ]]; then
        echo "$line"
        last=$line
    fi
    sleep 0.2
done
code=0
wait "$pid" || code=$?
line=$(summary)
[[ $line != "$last" ]] && echo "$line"

echo "result.txt: $(cat temp_service/result.txt 2>/dev/null || echo '(missing)')"
echo "exit code: $code"
exit "$code"
