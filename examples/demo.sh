#!/bin/sh
# demo.sh: what "make demo" shows.  For now the executor does not exist, so
# the demo validates the reference system; it never pretends to apply.
set -e
cd "$(dirname "$0")/.."
echo "== clicamosc validate examples/clicamos"
./clicamosc validate examples/clicamos
echo
echo "(plan and apply against the local AWS emulator arrive with the compiler and executor)"
