#!/bin/sh
# test_hcl2json.sh: differential test of our JSON view (cl_ast_json, through
# build/tools/parsedump --json) against npm's @cdktf/hcl2json on every file
# of tests/grammar/corpus/ and every golden case that parses cleanly.
# The package is installed once per version into the user's cache; without
# node, npm or the network the test skips.
#
# Normalisation (only what is representational, not meaning):
#  - both outputs are compared as parsed JSON values: key order, whitespace
#    and string escapes do not matter;
#  - numbers are compared as JavaScript doubles (hcl2json prints 1e3 as
#    1000, we may print 1000 or 1e+03; both parse to the same number).
# A file hcl2json refuses but we accept with a warning (the HCL1 forms of
# Terraform 0.11 files) is skipped, not compared.
cd "$(dirname "$0")" || exit 2
top=$(cd "${TOP:-../..}" && pwd)
tool=$top/build/tools/parsedump
version=0.21.0
skip () { echo "ok 1 # SKIP $1"; echo "1..1"; exit 0; }

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || skip "npm unavailable"
cache=${XDG_CACHE_HOME:-$HOME/.cache}/clicamosc/hcl2json-$version
if [ ! -f "$cache/node_modules/@cdktf/hcl2json/package.json" ]; then
	mkdir -p "$cache" || skip "npm unavailable (no cache directory)"
	timeout 300 npm install --silent --no-audit --no-fund --prefix "$cache" "@cdktf/hcl2json@$version" \
		> "$cache/install.log" 2>&1 || { rm -rf "$cache/node_modules"; skip "npm unavailable (install failed)"; }
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
for f in corpus/*.tf corpus/*.cl cases/*.cl; do
	[ -f "$f" ] || continue
	case $f in *.expr.cl|*.tmpl.cl) continue ;; esac
	[ -f "${f%.cl}.err" ] && continue
	out=$tmp/$(echo "$f" | tr / _).json
	"$tool" --json "$f" > "$out" 2> "$out.err" || echo "$f" >> "$tmp/failed"
	echo "$f" >> "$tmp/list"
done

NODE_PATH=$cache/node_modules node - "$tmp" <<'JS'
const fs = require("fs"), util = require("util");
const h2j = require("@cdktf/hcl2json");
const tmp = process.argv[2];
const files = fs.readFileSync(tmp + "/list", "utf8").trim().split("\n");
const failed = new Set(fs.existsSync(tmp + "/failed") ?
	fs.readFileSync(tmp + "/failed", "utf8").trim().split("\n") : []);
/* First difference between two JSON values, as a path, or null. */
function diff(a, b, path) {
	if (util.isDeepStrictEqual(a, b)) return null;
	if (a && b && typeof a == "object" && typeof b == "object" && Array.isArray(a) == Array.isArray(b)) {
		for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
			const d = diff(a[k], b[k], path + "/" + k);
			if (d) return d;
		}
	}
	return path + ": ours " + JSON.stringify(a) + ", hcl2json " + JSON.stringify(b);
}
(async () => {
	let n = 0;
	for (const f of files) {
		n++;
		const base = tmp + "/" + f.replace(/\//g, "_") + ".json";
		let theirs, ours, why = null;
		try { theirs = await h2j.parse(f, fs.readFileSync(f, "utf8")); }
		catch (e) { why = "hcl2json refused it: " + String(e).slice(0, 300); }
		if (why && /warning:/.test(fs.readFileSync(base + ".err", "utf8"))) {
			console.log(`ok ${n} - ${f} # SKIP an HCL1 form we accept with a warning`);
			continue;
		}
		if (!why && failed.has(f)) why = "we refused it: " + fs.readFileSync(base + ".err", "utf8").slice(0, 300);
		if (!why) {
			try { ours = JSON.parse(fs.readFileSync(base, "utf8")); }
			catch (e) { why = "our output is not JSON: " + e; }
		}
		if (!why) why = diff(ours, theirs, "");
		if (why) console.log(`not ok ${n} - ${f}\n# ${why.replace(/\n/g, "\n# ")}`);
		else console.log(`ok ${n} - ${f}`);
	}
	console.log(`1..${n}`);
})();
JS
