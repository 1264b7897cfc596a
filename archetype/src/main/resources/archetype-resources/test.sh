#!/usr/bin/env bash
# Runs the job locally the way the platform runs it: fresh home, scratch and service folders, the job writing
# status.html and result.txt, this script reading them and appending control messages, as the platform would.
# Inside the image with the platform's own command line when the image and apptainer (or singularity) are there;
# otherwise the same jar on this machine.
set -euo pipefail
cd "$(dirname "$0")"
app=${artifactId}
#[[
usage() {
    cat <<USAGE
Usage: bash test.sh [STEPS] [--abort-after N]

Runs the job (default: 5 steps) with the folders temp_home, temp_scratch and temp_service in this
directory standing in for /home, /scratch and /service. Prints one line per status change read from
temp_service/status.html, then result.txt, and exits with the job's code.

When apptainer (or singularity) is installed and $app.simg is built (README.md), it runs the
platform's own command line:
  apptainer exec -H \$PWD/temp_home:/home -B \$PWD/temp_scratch:/scratch -B \$PWD/temp_service:/service \\
      \$PWD/$app.simg java -jar /opt/$app/$app.jar STEPS
Otherwise it runs the same jar on this machine, with the folders as options:
  java -jar target/$app.jar --service-dir temp_service --home-dir temp_home --scratch-dir temp_scratch STEPS
Builds the jar first when it is missing (sh ./mvnw -q -B -DskipTests package).

  --abort-after N   N seconds after the job started running, append ABORT to
                    temp_service/notifications.txt, as the platform does when the Abort button is clicked
  -h, --help        this text
USAGE
}

usage_error() {
    echo "test.sh: $*" >&2
    usage >&2
    exit 2
}

steps=5
abort_after=""
while (($#)); do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --abort-after)
            [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || usage_error "$1 needs a whole number, got '${2-}'"
            abort_after=$2
            shift ;;
        ''|*[!0-9]*) usage_error "unknown argument '$1' - give whole STEPS or an option" ;;
        *) steps=$1 ;;
    esac
    shift
done

jar=target/$app.jar
image=$app.simg
runner=""
for candidate in apptainer singularity; do
    if command -v "$candidate" >/dev/null 2>&1; then
        runner=$candidate
        break
    fi
done

rm -rf temp_home temp_scratch temp_service
mkdir -p temp_home temp_scratch temp_service

if [[ -n $runner && -f $image ]]; then
    command=("$runner" exec -H "$PWD/temp_home:/home" -B "$PWD/temp_scratch:/scratch" -B "$PWD/temp_service:/service"
             "$PWD/$image" java -jar "/opt/$app/$app.jar" "$steps")
    echo "test.sh: running the platform's command line: ${command[*]}"
else
    if [[ ! -f $jar ]]; then
        echo "test.sh: $jar is missing, building it first"
        # Through sh: an archetype copies mvnw without its execute bit. As ./mvnw, which finds .mvn/ from its own path.
        sh ./mvnw -q -B -DskipTests package
    fi
    command=(java -jar "$jar" --service-dir temp_service --home-dir temp_home --scratch-dir temp_scratch "$steps")
    echo "test.sh: no apptainer or singularity with $image here, so running $jar on this machine with" \
         "temp_home, temp_scratch, temp_service as /home, /scratch, /service"
fi

# The state, progress and message the runtime puts on the page, as one line in $line; the state in $state.
read_page() {
    local page=temp_service/status.html progress message
    state="" line=""
    [[ -f $page ]] || return 0
    state=$(sed -n 's/.*<meta name="job-state" content="\([a-z]*\)">.*/\1/p' "$page")
    progress=$(sed -n 's/.*<meta name="job-progress" content="\([-0-9]*\/[-0-9]*\)">.*/\1/p' "$page")
    message=$(sed -n 's/.*<p class="message">\(.*\)<\/p>.*/\1/p' "$page")
    [[ $progress == */-* || $progress == */0 ]] && progress=""
    line="status: ${state:-?}${progress:+ $progress}${message:+ - $message}"
}

# Counts from the moment the page says the job runs, as a person watching it would; the append is the
# platform's own: the message and a newline, at the end of the file.
start_abort_timer() {
    echo "test.sh: appending ABORT to temp_service/notifications.txt in $abort_after s"
    {
        sleep "$abort_after" >/dev/null 2>&1
        printf 'ABORT\n' >> temp_service/notifications.txt
        echo "test.sh: appended ABORT to temp_service/notifications.txt"
    } &
    abort_timer=$!
}

"${command[@]}" &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null || true' INT TERM

abort_timer=""
last=""
while kill -0 "$pid" 2>/dev/null; do
    read_page
    if [[ -n $line && $line != "$last" ]]; then
        echo "$line"
        last=$line
    fi
    if [[ -n $abort_after && -z $abort_timer && -n $state && $state != starting ]]; then
        start_abort_timer
    fi
    sleep 0.2
done
code=0
wait "$pid" || code=$?
if [[ -n $abort_timer ]]; then
    kill "$abort_timer" 2>/dev/null || true
fi
read_page
[[ $line != "$last" ]] && echo "$line"

echo "result.txt: $(cat temp_service/result.txt 2>/dev/null || echo '(missing)')"
echo "exit code: $code"
exit "$code"
]]#
