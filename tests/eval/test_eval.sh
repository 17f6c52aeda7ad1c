#!/bin/sh
# test_eval.sh: the evaluator's golden tests.  Each tests/eval/*.test file
# holds cases (an expression, then what terraform console would print, or
# the error); evaltool -check evaluates them and prints one TAP line each.
# To add cases: write the expressions, run
#   build/tools/evaltool -C tests/eval FILE.test > new && diff FILE.test new
# review the outputs, and keep them.
TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
tool="$TOP/build/tools/evaltool"
if [ ! -x "$tool" ]; then
	echo "1..1"
	echo "not ok 1 - $tool is missing (make tests)"
	exit 1
fi
cd "$TOP/tests/eval" || exit 1
exec "$tool" -check -C "$TOP/tests/eval" -var 'region="us-east-1"' *.test
