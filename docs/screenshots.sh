#!/usr/bin/env bash
# Regenerates the screenshots in docs/ from real runs: the browser tests take them while a job runs (Chromium with
# chromedriver, OpenFOAM for the cavity's page, LAMMPS for the melt's), and this copies them next to the guides.
# The tools are required here, so a missing one fails the run instead of leaving an old picture behind.
# Debian: apt-get install chromium chromium-driver openfoam openfoam-examples lammps lammps-examples
set -euo pipefail
cd "$(dirname "$0")/.."

shots=(abortable-waiter-page preview-running preview-final openfoam-cavity lammps-melt)
rm -rf e2e/target/screenshots
./mvnw -B -ntp -pl e2e -am verify -Djobruntime.required=chromium,openfoam,lammps \
    -Dtest='SandboxedPageBrowserTest,PreviewBrowserTest,OpenFoam_PageTest,LammpsPresetPageTest' \
    -Dsurefire.failIfNoSpecifiedTests=false
for shot in "${shots[@]}"; do
    cp "e2e/target/screenshots/$shot.png" "docs/$shot.png"
    echo "screenshots.sh: docs/$shot.png"
done
