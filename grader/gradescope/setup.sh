#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image: it
# installs Go if the image lacks it, builds the grader, fills the build
# cache with the labs, so that grading a submission compiles only the
# student's packages, and (as root, which Gradescope is) creates the
# unprivileged user that student code runs as and closes the official
# tree to it.
#
# Paths can be overridden (tests point them at temporary directories):
#   AUTOGRADER_ROOT  default /autograder
#   DISTLAB_SOURCE   the official tree, default $AUTOGRADER_ROOT/source/distlab
#   GO_INSTALL_DIR   where Go is installed if missing, default /usr/local
#                    (run_autograder looks for it there too)
#   DISTLAB_USER     the user student code runs as, default student
set -euo pipefail

root=${AUTOGRADER_ROOT:-/autograder}
source=${DISTLAB_SOURCE:-$root/source/distlab}
goroot_parent=${GO_INSTALL_DIR:-/usr/local}
user=${DISTLAB_USER:-student}

# The Go version the module asks for: the go directive of go.mod.
want=$(sed -n 's/^go \([0-9.]*\).*/\1/p' "$source/go.mod")
if [ -z "$want" ]; then
	echo "setup.sh: no go directive in $source/go.mod" >&2
	exit 1
fi

export PATH="$goroot_parent/go/bin:$PATH"
have=$(go env GOVERSION 2>/dev/null | sed 's/^go//' || true)
# sort -V orders versions: if the one we have sorts first and differs, it is older.
if [ -z "$have" ] || [ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -n1)" != "$want" ]; then
	version=$want
	case $version in *.*.*) ;; *) version=$version.0 ;; esac
	arch=$(uname -m)
	case $arch in x86_64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; esac
	echo "setup.sh: installing Go $version (found: ${have:-none})"
	curl -fsSL "https://go.dev/dl/go$version.linux-$arch.tar.gz" -o /tmp/go.tar.gz
	rm -rf "$goroot_parent/go"
	tar -C "$goroot_parent" -xzf /tmp/go.tar.gz
	rm /tmp/go.tar.gz
fi
go version

cd "$source"
# No "go mod download": it would fetch every module go.sum names, even
# those only other platforms use (cobra's Windows-only mousetrap). The
# build fetches what this machine needs.
go build -o "$root/grader" ./grader
# Compile every lab's tests once (running none of them), so that the
# build cache holds everything but the students' packages. With -trimpath,
# as grade builds them: without it every package, the standard library's
# too, has other cache keys, and each submission would compile them all
# again. A lab is a directory labs/<lab> whose tests carry //lab:points
# (the shared packages, kit, mutant and rules, do not: grading builds no
# tests of theirs).
labs=$( (grep -l '^//lab:points' labs/*/*_test.go || true) | sed 's|/[^/]*$||' | sort -u | sed 's|^|./|')
if [ -z "$labs" ]; then
	echo "setup.sh: no lab under $source/labs (no test carries //lab:points)" >&2
	exit 1
fi
# shellcheck disable=SC2086 # one word per lab
go test -trimpath -count=1 -run '^$' $labs >/dev/null
echo "setup.sh: the grader is $root/grader"

# Student code runs as $user, who may read nothing of the official tree
# (hidden tests, reference solutions), the salt or the grader, and write
# none of the results: run_autograder grades as root and runs the tests
# as $user (grade --user).
if [ "$(id -u)" = 0 ]; then
	if ! id -u "$user" >/dev/null 2>&1; then
		useradd --system --user-group --no-create-home --shell /usr/sbin/nologin "$user" || id -u "$user" >/dev/null
	fi
	# Closing $root closes everything in it: the official tree, the salt,
	# the grader, the submission and the results.
	chmod 700 "$root"
	case $source in
	"$root"/*) ;;
	*) echo "setup.sh: the official tree $source is outside $root: make sure $user cannot read it" >&2 ;;
	esac
	echo "setup.sh: student code will run as $user (uid $(id -u "$user"))"
else
	echo "setup.sh: not root, so no user $user: student code will run as $(id -un)" >&2
fi
