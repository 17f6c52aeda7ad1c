#!/bin/sh
# run.sh: build the fuzz targets and run each for SECONDS (make fuzz,
# FUZZ_SECONDS=N), from its seed corpus in corpus/<target>/ plus a working
# corpus under OUTDIR that grows across runs.  Stops at the first crash,
# hang (-timeout) or leak and names the reproducer; ends with one line of
# executions per target.  Usage: tests/fuzz/run.sh [SECONDS] [OUTDIR]
# (FUZZ_TARGETS="eval xml" runs only those).
set -e
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-720}
out=${2:-/tmp/clicamosc-fuzz}
sh "$top/tests/fuzz/build.sh" "$out" > /dev/null
summary=""
for t in ${FUZZ_TARGETS:-parse eval state xml profile}; do
	mkdir -p "$out/corpus/$t" "$out/crashes/$t"
	echo "== ${t}_fuzz: $secs s"
	log="$out/$t.log"
	# -max_len: room for a realistic state file or response, small enough
	# that the time goes to variety, not to size (hostile sizes are
	# tests/unit/test_hostile.c).
	if ! "$out/${t}_fuzz" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
		-print_final_stats=1 -artifact_prefix="$out/crashes/$t/" \
		"$out/corpus/$t" "$top/tests/fuzz/corpus/$t" > "$log" 2>&1; then
		tail -40 "$log"
		echo "${t}_fuzz failed; reproducer in $out/crashes/$t/, log $log"
		exit 1
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	summary="$summary ${t}_fuzz=$runs"
done
echo "executions:$summary"
