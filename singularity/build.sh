#!/usr/bin/env bash
# Builds the Singularity/Apptainer images from the recipes next to this script: the base layer first, then one
# image per example on top of it, each as singularity/NAME.simg.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
    cat <<'USAGE'
Usage: singularity/build.sh [--fakeroot]

Builds, from the repository root, with apptainer (or singularity when apptainer is not installed),
singularity/job-runtime.simg, the base layer, from singularity/job-runtime.def, then
singularity/NAME.simg from each other singularity/NAME.def: waiter, abortable_waiter, on the base
layer. An existing image is deleted first. Builds the jars first when one is missing
(./mvnw -q -B -DskipTests package). Building needs root (sudo), or --fakeroot where your
apptainer or singularity allows unprivileged builds.

  --fakeroot   pass --fakeroot to the build, to build without root
USAGE
}

fakeroot=()
for arg in "$@"; do
    case "$arg" in
        -h|--help) usage; exit 0 ;;
        --fakeroot) fakeroot=(--fakeroot) ;;
        *) echo "build.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
    esac
done

if command -v apptainer >/dev/null 2>&1; then
    tool=apptainer
elif command -v singularity >/dev/null 2>&1; then
    tool=singularity
else
    echo "build.sh: neither apptainer nor singularity is on the PATH - install Apptainer (or SingularityCE) to build" \
         "the images; ./test.sh runs the examples without them" >&2
    exit 1
fi

if [[ $EUID -ne 0 && ${#fakeroot[@]} -eq 0 ]]; then
    echo "build.sh: building an image needs root - run 'sudo singularity/build.sh', or" \
         "'singularity/build.sh --fakeroot' where $tool is set up for unprivileged (fakeroot) builds" >&2
    exit 1
fi

# The files the recipes copy into the images, the jars of the build: the first word of each line of a %files
# section. A section starts at a line whose first word starts with %, as the builder reads it.
sources=$(awk '$1 ~ /^%/ { files = ($1 == "%files"); next } files && NF && $1 !~ /^#/ { print $1 }' singularity/*.def)
for source in $sources; do
    if [[ ! -f $source ]]; then
        echo "build.sh: $source is missing, building the jars first"
        ./mvnw -q -B -DskipTests package
        break
    fi
done

build() {
    local image=singularity/$1.simg recipe=singularity/$1.def
    # Singularity adds to an existing image instead of replacing it. --force lets an example's %help and
    # %labels replace those of the base layer.
    rm -f "$image"
    echo "build.sh: $tool build $image $recipe"
    "$tool" build --force "${fakeroot[@]}" "$image" "$recipe"
    built+=("$image")
}

built=()
build job-runtime
for recipe in singularity/*.def; do
    name=$(basename "$recipe" .def)
    [[ $name == job-runtime ]] || build "$name"
done

echo "build.sh: built ${built[*]}"
echo "The platform expects the .simg extension: upload an image and register it under the same name, with the"
echo "command and parameters its help gives ($tool run-help singularity/waiter.simg)."
echo "Run an example as the platform does: ./test.sh waiter 10"
