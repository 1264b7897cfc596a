#!/usr/bin/env bash
# Runs an example job locally the way the platform runs it: fresh home, scratch and service folders, the job
# writing status.html and result.txt, this script reading them, and appending control messages, as the platform
# would. Inside the example's image with the platform's own command line when the image and apptainer (or
# singularity) are there; otherwise the same jar on this machine.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
    cat <<'USAGE'
Usage: ./test.sh [waiter|abortable_waiter] [SECONDS] [--abort-after N]
       ./test.sh --preview [waiter|abortable_waiter] [SECONDS] [--port PORT]

Runs an example job (default: abortable_waiter, 5 seconds) with the folders temp_home, temp_scratch
and temp_service in this directory standing in for /home, /scratch and /service. Prints one line per
status change read from temp_service/status.html, then the resources the job used (its page's figures),
then result.txt, and exits with the job's code.

When apptainer (or singularity) is installed and singularity/EXAMPLE.simg is built
(singularity/build.sh), it runs the platform's own command line:
  apptainer exec -H $PWD/temp_home:/home -B $PWD/temp_scratch:/scratch -B $PWD/temp_service:/service \
      $PWD/singularity/EXAMPLE.simg java -jar /opt/EXAMPLE/EXAMPLE.jar SECONDS
Otherwise it runs the same jar on this machine, with the folders as options:
  java -jar examples/EXAMPLE/target/EXAMPLE.jar --service-dir temp_service --home-dir temp_home \
      --scratch-dir temp_scratch SECONDS
Builds the jars first when they are missing (./mvnw -B -DskipTests package), saying so.

  --abort-after N   N seconds after the job started running, append ABORT to
                    temp_service/notifications.txt, as the platform does when the Abort button is clicked
  --preview         run the example under job-runtime preview, which shows its status page with working
                    buttons in a browser and prints the address (default http://127.0.0.1:8080/)
  --port PORT       the preview's port
  -h, --help        this text
USAGE
}

usage_error() {
    echo "test.sh: $*" >&2
    usage >&2
    exit 2
}

example=abortable_waiter
seconds=5
abort_after=""
preview=false
port=""
while (($#)); do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        waiter|abortable_waiter) example=$1 ;;
        --preview) preview=true ;;
        --abort-after|--port)
            [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || usage_error "$1 needs a whole number, got '${2-}'"
            if [[ $1 == --port ]]; then port=$2; else abort_after=$2; fi
            shift ;;
        ''|*[!0-9]*) usage_error "unknown argument '$1' - give an example name, whole SECONDS or an option" ;;
        *) seconds=$1 ;;
    esac
    shift
done
if [[ $preview == true && -n $abort_after ]]; then
    usage_error "--abort-after does not go with --preview: click Abort on the preview page"
fi
if [[ $preview == false && -n $port ]]; then
    usage_error "--port goes with --preview only"
fi

jar=examples/$example/target/$example.jar
launcher=launcher/target/job-runtime.jar
image=singularity/$example.simg
runner=""
for candidate in apptainer singularity; do
    if command -v "$candidate" >/dev/null 2>&1; then
        runner=$candidate
        break
    fi
done

require_jars() {
    if [[ ! -f $jar || ! -f $launcher ]]; then
        echo "test.sh: $jar or $launcher is missing, building the jars first (./mvnw -B -DskipTests package);" \
             "the first build downloads Maven and the dependencies and takes a few minutes (about 3 on 2 cores)"
        # One line per module as it starts, and Maven's errors; the exit code is Maven's (pipefail).
        ./mvnw -B -ntp -DskipTests package 2>&1 \
            | sed -nu -e 's/^\[INFO\] Building \(.*[^ ]\) *\[\([0-9]*\/[0-9]*\)\]$/test.sh: building \1 [\2]/p' \
                      -e '/^\[ERROR\]/p'
    fi
}

rm -rf temp_home temp_scratch temp_service
mkdir -p temp_home temp_scratch temp_service

if [[ $preview == true ]]; then
    require_jars
    port_option=()
    [[ -z $port ]] || port_option=(--port "$port")
    echo "test.sh: running $jar under job-runtime preview with temp_home, temp_scratch, temp_service"
    exec java -jar "$launcher" preview --service-dir temp_service --home-dir temp_home --scratch-dir temp_scratch \
        ${port_option[@]+"${port_option[@]}"} -- java -jar "$jar" "$seconds"
fi

if [[ -n $runner && -f $image ]]; then
    command=("$runner" exec -H "$PWD/temp_home:/home" -B "$PWD/temp_scratch:/scratch" -B "$PWD/temp_service:/service"
             "$PWD/$image" java -jar "/opt/$example/$example.jar" "$seconds")
    echo "test.sh: running the platform's command line: ${command[*]+${command[*]}}"
else
    require_jars
    command=(java -jar "$jar" --service-dir temp_service --home-dir temp_home --scratch-dir temp_scratch "$seconds")
    echo "test.sh: no apptainer or singularity with $image here, so running $jar on this machine with" \
         "temp_home, temp_scratch, temp_service as /home, /scratch, /service"
fi

# The raw value of the figure data-jr="NAME" (cores, bytes, seconds or percent) on the page read last, or nothing.
figure() {
    sed -n "/data-jr=\"$1\"/{s/.*data-jr=\"$1\" data-value=\"\([-0-9.]*\)\".*/\1/p;q;}" <<<"$html"
}

# The state, progress and message the runtime puts on the page, as one line in $line; the state in $state.
read_page() {
    local page=temp_service/status.html progress percent message
    state="" line="" html=""
    [[ -f $page ]] || return 0
    # Read once: the runtime renames a new page over the old one, so every figure below comes from one page.
    html=$(cat "$page" 2>/dev/null) || return 0
    state=$(sed -n 's/.*<meta name="job-state" content="\([a-z]*\)">.*/\1/p' <<<"$html")
    progress=$(sed -n 's/.*<meta name="job-progress" content="\([-0-9]*\/[-0-9]*\)">.*/\1/p' <<<"$html")
    percent=$(figure progress-percent)
    message=$(sed -n 's/.*<p class="message">\(.*\)<\/p>.*/\1/p' <<<"$html")
    [[ $progress == */-* || $progress == */0 ]] && progress=""
    line="status: ${state:-?}${progress:+ $progress}${percent:+ (${percent%%.*}%)}${message:+ - $message}"
}

# What the job's processes used, from the final page's figures: CPU cores (mean), peak memory, bytes read and
# written.
print_resources() {
    local cpu peak read written
    cpu=$(figure cpu-mean-cores) peak=$(figure rss-peak-bytes) read=$(figure read-bytes) written=$(figure write-bytes)
    [[ -n $peak ]] || return 0
    echo "resources: CPU ${cpu:-?} cores mean, peak memory $(bytes "$peak")${read:+, read $(bytes "$read")}${written:+, written $(bytes "$written")}"
}

# A byte count as the runtime's log line gives it: 512 B, 316.2 KiB, 59.7 MiB, 1.2 GiB.
bytes() {
    awk -v n="$1" 'BEGIN { split("B KiB MiB GiB TiB", unit, " "); i = 1
        while (n >= 1024 && i < 5) { n /= 1024; i++ }
        printf(i == 1 ? "%d %s\n" : "%.1f %s\n", n, unit[i]) }'
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

${command[@]+"${command[@]}"} &
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
print_resources

echo "result.txt: $(cat temp_service/result.txt 2>/dev/null || echo '(missing)')"
echo "exit code: $code"
exit "$code"
