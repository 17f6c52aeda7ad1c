#!/bin/sh
# tests/state/test_state_cmds.sh: golden tests of the state commands.  Each
# case is cases/NAME.cmd beside cases/NAME.out.  A .cmd file is a list of
# statetool invocations (arguments as the shell would split them) run in a
# fresh directory holding a copy of tests/unit/data/state/realistic.tfstate
# as clicamosc.tfstate (redirections allowed, stdin /dev/null otherwise);
# a line starting with "!" is a shell command instead
# (setup: $DATA names the data folder).  The transcript -- "$ statetool ARGS"
# or "! CMD", then stdout and stderr, then "[exit N]" when not 0 -- must
# equal NAME.out.  A failure prints the diff.
cd "$(dirname "$0")/../.." || exit 2
TOP=${TOP:-$PWD}
tool="$TOP/build/tools/statetool"
DATA="$TOP/tests/unit/data/state"
export DATA
if [ ! -x "$tool" ]; then
	echo "1..0 # SKIP build/tools/statetool is not built (make tests)"
	exit 0
fi
n=0 failed=0
for cmd in "$TOP"/tests/state/cases/*.cmd; do
	name=$(basename "$cmd" .cmd)
	want="${cmd%.cmd}.out"
	work=$(mktemp -d) || exit 2
	cp "$DATA/realistic.tfstate" "$work/clicamosc.tfstate"
	got=$(mktemp) || exit 2
	: > "$got"
	(
		cd "$work" || exit 2
		while IFS= read -r line || [ -n "$line" ]; do
			case "$line" in
			'') continue ;;
			'!'*)
				echo "$line" >> "$got"
				sh -c "${line#!}" >> "$got" 2>&1
				;;
			*)
				echo "\$ statetool $line" >> "$got"
				eval "\"\$tool\" $line" < /dev/null >> "$got" 2>&1
				rc=$?
				[ $rc -ne 0 ] && echo "[exit $rc]" >> "$got"
				;;
			esac
		done < "$cmd"
	)
	n=$((n + 1))
	if [ -f "$want" ] && cmp -s "$want" "$got"; then
		echo "ok $n - $name"
	else
		echo "not ok $n - $name"
		failed=$((failed + 1))
		if [ -f "$want" ]; then
			diff -u "$want" "$got" | sed 's/^/# /'
		else
			echo "# no $want; the transcript was:"
			sed 's/^/# /' "$got"
		fi
		[ -n "$UPDATE_GOLDEN" ] && cp "$got" "$want"
	fi
	rm -rf "$work" "$got"
done
echo "1..$n"
[ $failed -eq 0 ]
