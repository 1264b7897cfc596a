#!/usr/bin/env bash
# Builds the Singularity/Apptainer images from the recipes next to this script: the base layer first, then one
# image per example on top of it, each as singularity/NAME.simg.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    cat <<'USAGE'
Usage: singularity/build.sh [--fakeroot] [--debian [--mirror URL]]

Builds, from the repository root, with apptainer (or singularity when apptainer is not installed),
singularity/job-runtime.simg, the base layer, from singularity/job-runtime.def, then
singularity/NAME.simg from each other singularity/NAME.def: waiter, abortable_waiter, on the base
layer. An existing image is deleted first. Builds the jars first when one is missing
(./mvnw -q -B -DskipTests package), as you: run it as yourself, not with sudo.

Apptainer 1.1 and later build without root. With an older apptainer or with singularity, the
image build alone runs as root, through sudo, unless you are root or give --fakeroot. Under
'sudo singularity/build.sh' the jars are still built as the user who ran sudo.

  --fakeroot   pass --fakeroot to the build, to build without root where it is set up
  --debian     build the base layer from Debian 12 and Debian's Java 17 (openjdk-17-jre-headless) instead of
               Eclipse Temurin's image on Docker Hub: for sites that cannot reach Docker Hub. Needs debootstrap
               on this machine and a Debian mirror: the header lines of singularity/job-runtime.debian-header
               replace those of job-runtime.def, the rest of the recipe is the same
  --mirror URL the Debian mirror for --debian; default: the first Debian mirror in this machine's apt sources
USAGE
}

# Options of the builder and the command that runs it as root: arrays that may stay empty. Every expansion of an
# array is guarded, ${a[@]+"${a[@]}"}: with set -u, bash before 4.4 (CentOS/RHEL 7 has 4.2) calls an empty one
# unbound.
fakeroot=()
as_root=()
debian=false
mirror=""
while (($#)); do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --fakeroot) fakeroot=(--fakeroot) ;;
        --debian) debian=true ;;
        --mirror)
            [[ $# -ge 2 && -n $2 ]] || { echo "build.sh: --mirror needs a URL" >&2; usage >&2; exit 2; }
            mirror=$2
            shift ;;
        *) echo "build.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
if [[ -n $mirror && $debian == false ]]; then
    echo "build.sh: --mirror goes with --debian only" >&2
    exit 2
fi

# Under sudo, the secure_path of RHEL and its kind drops /usr/local/bin, where apptainer and singularity are often
# installed; the jars are built as the user who ran sudo, not as root.
as_user=()
if [[ $EUID -eq 0 && -n ${SUDO_USER-} && ${SUDO_USER-} != root ]]; then
    PATH=$PATH:/usr/local/bin
    as_user=(sudo -u "$SUDO_USER" -H env "PATH=$PATH")
fi

# The builder by its full path, so that sudo runs the one found here whatever its secure_path holds.
if tool_path=$(command -v apptainer); then
    tool=apptainer
elif tool_path=$(command -v singularity); then
    tool=singularity
else
    echo "build.sh: neither apptainer nor singularity is on the PATH - install Apptainer (or SingularityCE) to build" \
         "the images; ./test.sh runs the examples without them" >&2
    exit 1
fi

# Apptainer 1.1 and later build a definition file without root (an implied --fakeroot).
unprivileged=false
if [[ $("$tool_path" --version 2>/dev/null) =~ ^apptainer\ version\ ([0-9]+)\.([0-9]+) ]] &&
        (( BASH_REMATCH[1] > 1 || (BASH_REMATCH[1] == 1 && BASH_REMATCH[2] >= 1) )); then
    unprivileged=true
fi
if [[ $EUID -ne 0 && -z ${fakeroot[*]+set} && $unprivileged == false ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "build.sh: building an image with $tool needs root, and sudo is not on the PATH - run it as root," \
             "or 'singularity/build.sh --fakeroot' where $tool is set up for unprivileged (fakeroot) builds" >&2
        exit 1
    fi
    as_root=(sudo)
    echo "build.sh: $tool_path builds images as root: it runs through sudo, which may ask for your password"
fi

# The files the recipes copy into the images, the jars of the build: the first word of each line of a %files
# section. A section starts at a line whose first word starts with %, as the builder reads it.
sources=$(awk '$1 ~ /^%/ { files = ($1 == "%files"); next } files && NF && $1 !~ /^#/ { print $1 }' singularity/*.def)
for source in $sources; do
    if [[ ! -f $source ]]; then
        echo "build.sh: $source is missing, building the jars first"
        ${as_user[@]+"${as_user[@]}"} ./mvnw -q -B -DskipTests package
        break
    fi
done

# The base layer's recipe for --debian: the Debian header, then job-runtime.def from its first section on.
debian_recipe() {
    if [[ -z $mirror ]]; then
        local file
        for file in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
            [[ -f $file ]] || continue
            sed -n -e 's/^URIs:[[:space:]]*\([^[:space:]]*\/debian\)\/\?\([[:space:]].*\)\?$/\1/p' \
                   -e 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]*\/debian\)\/\?[[:space:]].*/\2/p' "$file"
        done > "$1.mirrors"
        mirror=$(head -n 1 "$1.mirrors")
        rm -f "$1.mirrors"
        if [[ -z $mirror ]]; then
            echo "build.sh: --debian needs a Debian mirror and this machine's apt sources name none - give" \
                 "--mirror URL (your site's Debian mirror)" >&2
            exit 1
        fi
    fi
    if ! command -v debootstrap >/dev/null 2>&1; then
        echo "build.sh: --debian needs debootstrap on this machine (Debian and Ubuntu: apt-get install" \
             "debootstrap; RHEL and its kind: dnf install debootstrap, from EPEL)" >&2
        exit 1
    fi
    sed "s|^MirrorURL: MIRROR\$|MirrorURL: $mirror|" singularity/job-runtime.debian-header > "$1"
    awk 'found || $1 ~ /^%/ { found = 1; print }' singularity/job-runtime.def >> "$1"
    echo "build.sh: the base layer from Debian 12, $mirror"
}

build() {
    local image=singularity/$1.simg recipe=singularity/$1.def
    if [[ $1 == job-runtime && $debian == true ]]; then
        recipe=$(mktemp "${TMPDIR:-/tmp}/job-runtime-debian.XXXXXX")
        debian_recipe "$recipe"
    fi
    # The old image goes first, so that a failed build leaves no image rather than a stale one. --force lets an
    # example's %help and %labels replace those of the base layer (and the builder replace an image it finds).
    rm -f "$image"
    echo "build.sh: $tool build $image $recipe"
    local code=0
    ${as_root[@]+"${as_root[@]}"} "$tool_path" build --force ${fakeroot[@]+"${fakeroot[@]}"} "$image" "$recipe" || code=$?
    [[ $recipe == singularity/* ]] || rm -f "$recipe"
    ((code == 0)) || exit "$code"
    built+=("$image")
}

built=()
build job-runtime
for recipe in singularity/*.def; do
    name=$(basename "$recipe" .def)
    [[ $name == job-runtime ]] || build "$name"
done

echo "build.sh: built ${built[*]+${built[*]}}"
echo "The platform expects the .simg extension: upload an image and register it under the same name, with the"
echo "command and parameters its help gives ($tool run-help singularity/waiter.simg)."
echo "Run an example as the platform does: ./test.sh waiter 10"
