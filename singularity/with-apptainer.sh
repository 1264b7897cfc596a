#!/usr/bin/env bash
# A test tool, not something a cluster needs: runs a command with a real Apptainer on a machine that has none, from
# a Debian sid root made once by debootstrap in a folder outside the clone and reused by later runs.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: singularity/with-apptainer.sh [--root DIR] [--mirror URL] [--user NAME] [-B DIR]... [--] COMMAND [ARGS...]
       singularity/with-apptainer.sh [--root DIR] [--mirror URL] --prepare

Runs COMMAND with Apptainer from Debian's unstable suite (sid), which needs a newer glibc than Debian 12 has.
Makes the sid root first when it is missing (debootstrap, about 3 minutes), then runs COMMAND in it: in a private
mount namespace, the root bound on itself with /proc, /dev, /sys and a fresh tmpfs on /tmp, entered by pivot_root
(Apptainer refuses a chroot). The process that runs COMMAND is the one this script started (each step execs the
next), so a signal sent to it reaches COMMAND: apptainer forwards it to the job. Needs root.

  --root DIR     the sid root; default $JOB_RUNTIME_APPTAINER_CACHE/sid-KEY, where the cache defaults to
                 /var/cache/job-runtime-ci and KEY is a hash of what goes into the root (suite, packages, set-up)
  --mirror URL   the Debian mirror for debootstrap; default: the first one in this machine's apt sources
  --user NAME    run COMMAND as NAME, a user of the sid root: "job" (uid 2000), who runs jobs as the platform
                 does, or "root", who builds images (with --fakeroot: root here lacks CAP_SYS_RESOURCE); default job
  -B DIR         make DIR of this machine visible at the same path (repeatable): the repository, the job's folders
  --prepare      make the root if missing and print its path; run nothing
  -h, --help     this text
USAGE
}

# What goes into the root; its hash names the root's folder, so that a change here makes a new one.
suite=sid
packages=apptainer,squashfs-tools,uidmap,ca-certificates,debootstrap,openmpi-bin,procps
job_uid=2000
recipe="$suite $packages job:$job_uid subid:root:100000:65536 v1"

# The second stage: inside the private mount namespace, as root; enters the root and execs COMMAND.
if [[ ${1-} == --inside ]]; then
    shift
    root=$1 user=$2
    shift 2
    binds=()
    while [[ $1 != -- ]]; do binds+=("$1"); shift; done
    shift
    mount --bind "$root" "$root"
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --rbind /sys "$root/sys"
    mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
    for dir in ${binds[@]+"${binds[@]}"}; do
        mkdir -p "$root$dir"
        mount --rbind "$dir" "$root$dir"
    done
    cp /etc/hosts /etc/resolv.conf "$root/etc/"
    cd "$root"
    mkdir -p .old-root
    pivot_root . .old-root
    cd /
    umount -l /.old-root
    rmdir /.old-root
    export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    if [[ $user == root ]]; then
        export HOME=/root
        exec "$@"
    fi
    export HOME=/home/$user USER=$user LOGNAME=$user
    exec setpriv --reuid="$user" --regid="$user" --init-groups --reset-env -- env PATH="$PATH" HOME="$HOME" \
        USER="$user" LOGNAME="$user" ${TERM+TERM="$TERM"} "$@"
fi

root=""
mirror=""
user=job
prepare=false
binds=()
while (($#)); do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --root|--mirror|--user|-B)
            [[ $# -ge 2 ]] || { echo "with-apptainer.sh: $1 needs a value" >&2; usage >&2; exit 2; }
            case "$1" in
                --root) root=$2 ;;
                --mirror) mirror=$2 ;;
                --user) user=$2 ;;
                -B) [[ -d $2 && $2 == /* ]] || { echo "with-apptainer.sh: -B $2: not an existing absolute folder" >&2; exit 2; }
                    binds+=("$2") ;;
            esac
            shift ;;
        --prepare) prepare=true ;;
        --) shift; break ;;
        -*) echo "with-apptainer.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
        *) break ;;
    esac
    shift
done
if [[ $prepare == false && $# -eq 0 ]]; then
    echo "with-apptainer.sh: no COMMAND given" >&2
    usage >&2
    exit 2
fi
if [[ $EUID -ne 0 ]]; then
    echo "with-apptainer.sh: needs root (a mount namespace, pivot_root, debootstrap); the command itself runs as" \
         "the sid root's user 'job'" >&2
    exit 1
fi
if [[ -z $root ]]; then
    key=$(printf '%s' "$recipe" | sha256sum | cut -c1-12)
    root=${JOB_RUNTIME_APPTAINER_CACHE:-/var/cache/job-runtime-ci}/sid-$key
fi

# The machine's own Debian mirror, from a deb822 URIs: line or a one-line "deb URL suite" entry.
find_mirror() {
    local file
    for file in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f $file ]] || continue
        sed -n -e 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)\/\?\([[:space:]].*\)\?$/\1/p' \
               -e 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\/debian\)\/\?[[:space:]].*/\2/p' "$file"
    done | head -n 1
}

make_root() {
    if [[ -z $mirror ]]; then
        mirror=$(find_mirror)
        [[ -n $mirror ]] || { echo "with-apptainer.sh: no Debian mirror in /etc/apt/sources*; give --mirror URL" >&2; exit 1; }
    fi
    command -v debootstrap >/dev/null 2>&1 || {
        echo "with-apptainer.sh: debootstrap is not installed (Debian: apt-get install debootstrap)" >&2; exit 1; }
    local partial=$root.partial.$$
    mkdir -p "$(dirname "$root")"
    # What a run stopped midway left (its pid in the name); a maker still running is younger than three hours.
    find "$(dirname "$root")" -maxdepth 1 -name "$(basename "$root").partial.*" -mmin +180 -exec rm -rf {} + || true
    rm -rf "$partial"
    echo "with-apptainer.sh: making the sid root $root from $mirror (about 3 minutes)" >&2
    local started=$SECONDS
    if ! debootstrap --variant=minbase --include="$packages" "$suite" "$partial" "$mirror" >"$partial.log" 2>&1; then
        tail -n 20 "$partial.log" >&2
        echo "with-apptainer.sh: debootstrap failed, its log: $partial.log" >&2
        rm -rf "$partial"
        exit 1
    fi
    # The user who runs jobs, and the subordinate ids --fakeroot builds map root's image files to.
    chroot "$partial" groupadd -g "$job_uid" job
    chroot "$partial" useradd -m -u "$job_uid" -g job -s /bin/bash job
    echo "root:100000:65536" > "$partial/etc/subuid"
    echo "root:100000:65536" > "$partial/etc/subgid"
    rm -rf "$partial/var/cache/apt/archives/"*.deb
    mv "$partial.log" "$partial/debootstrap.log"
    # A finished root appears at once or not at all: a run broken midway leaves only a .partial folder.
    mv -T "$partial" "$root"
    echo "with-apptainer.sh: made $root in $((SECONDS - started)) s" >&2
}

[[ -x $root/usr/bin/apptainer ]] || make_root
if [[ $prepare == true ]]; then
    echo "$root"
    exit 0
fi
exec unshare -m --propagation private -- "$0" --inside "$root" "$user" ${binds[@]+"${binds[@]}"} -- "$@"
