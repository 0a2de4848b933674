#!/usr/bin/env bash
# Builds the Gradescope autograder bundle: a zip with setup.sh and
# run_autograder at its root and the official tree (reference solutions,
# hidden tests) under distlab/. With DISTLAB_SALT set, the bundle also
# carries the salt in a file, for run_autograder to read.
#
#   grader/gradescope/make_bundle.sh autograder.zip
set -euo pipefail

out=${1:?usage: make_bundle.sh OUT.zip}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
case $out in /*) ;; *) out=$PWD/$out ;; esac

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$here/setup.sh" "$here/run_autograder" "$stage/"
mkdir "$stage/distlab"
# The tree without version control, build outputs, a handout written
# inside it, or the grader's own test data.
tar -C "$repo" \
	--exclude=.git --exclude='*.test' --exclude='*.out' --exclude=./handout \
	--exclude=./grader/testdata \
	-cf - . | tar -C "$stage/distlab" -xf -
if [ -n "${DISTLAB_SALT:-}" ]; then
	printf '%s' "$DISTLAB_SALT" >"$stage/salt"
fi
rm -f "$out"
(cd "$stage" && zip -qr "$out" .)
echo "wrote $out"
