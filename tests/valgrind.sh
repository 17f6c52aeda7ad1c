#!/bin/sh
# valgrind.sh: the unit tests (build/tests/test_*) under valgrind's memcheck
# (make valgrind): any invalid access or definitely/indirectly lost block
# fails.  Memory that libcurl, OpenSSL and libxml2 keep for the process
# ("still reachable") is not a leak and needs no suppression.  test_hostile
# is left out: its 100 MB inputs take minutes under valgrind (make check
# runs it, and the fuzzers run the same readers under ASan).
# Usage: tests/valgrind.sh [PATTERN]   (substring of the test name)
cd "$(dirname "$0")/.." || exit 2
export TOP="$PWD" LC_ALL=C.UTF-8
log=$(mktemp -d) || exit 2
trap 'rm -rf "$log"' EXIT
failed=""
n=0
for t in build/tests/test_*; do
	case "$t" in *.d | */test_hostile) continue ;; esac
	case "$t" in *"${1:-}"*) ;; *) continue ;; esac
	n=$((n + 1))
	v="$log/$(basename "$t").vg"
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
		--log-file="$v" "$t" > "$log/out" 2>&1
	rc=$?
	if [ -s "$v" ]; then
		echo "$t: valgrind found errors"
		sed 's/^/    /' "$v" | head -60
		failed="$failed $t"
	elif [ $rc -ne 0 ]; then
		echo "$t: the test itself failed (exit $rc)"
		grep '^not ok' "$log/out" | sed 's/^/    /'
		failed="$failed $t"
	else
		echo "$t: clean"
	fi
done
[ -z "$failed" ] && echo "valgrind: $n test programs, no errors, no leaks" && exit 0
echo "valgrind: failed:$failed"
exit 1
