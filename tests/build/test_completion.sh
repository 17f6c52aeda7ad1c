#!/bin/sh
# test_completion.sh: the bash and zsh completions (issue 16).  bash: the
# commands and the state verbs complete, -type= and -format= values too, and
# no -o nospace except after "=".  zsh: the same logic, driven with the
# completion system's functions replaced by ones that print what they get
# (zsh's own widgets need a terminal).
top=$(cd "$(dirname "$0")/../.." && pwd)
cl=${CLICAMOSC:-$top/clicamosc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; sed 's/^/#   /' "$tmp/out"; fi; }
mkdir "$tmp/bin"
ln -s "$cl" "$tmp/bin/clicamosc"
PATH=$tmp/bin:$PATH
export PATH

# bcomp WORDS...: COMPREPLY (one per line) then "nospace" when set, for the last word.
bcomp() {
	bash -c '. "$1/docs/clicamosc.bash"; shift
		nospace=""
		compopt() { case "$1$2" in "-onospace") nospace=yes ;; "+onospace") nospace="" ;; esac; }
		COMP_WORDS=(clicamosc "$@"); COMP_CWORD=$#
		_clicamosc; printf "%s\n" "${COMPREPLY[@]}"; [ -n "$nospace" ] && echo nospace; :' _ "$top" "$@" > "$tmp/out" 2>&1
}
if command -v bash > /dev/null 2>&1; then
	bash -c ". '$top/docs/clicamosc.bash' && complete -p clicamosc" > "$tmp/out" 2>&1 && ! grep -q nospace "$tmp/out"
	ok $? "bash: the completion loads, without -o nospace for every word"
	bcomp pl && [ "$(cat "$tmp/out")" = plan ]
	ok $? "bash: pl -> plan, followed by a space"
	bcomp state "" && grep -qx list "$tmp/out" && grep -qx push "$tmp/out" && ! grep -q nospace "$tmp/out"
	ok $? "bash: state verbs complete"
	bcomp workspace s && [ "$(tr '\n' ' ' < "$tmp/out")" = "select show " ]
	ok $? "bash: workspace verbs complete"
	bcomp graph -type= && [ "$(tr '\n' ' ' < "$tmp/out")" = "plan apply destroy " ]
	ok $? "bash: -type= values complete"
	bcomp graph -format=m && [ "$(cat "$tmp/out")" = mermaid ]
	ok $? "bash: -format= values complete"
	bcomp graph -ty && [ "$(tr '\n' ' ' < "$tmp/out")" = "-type= nospace " ]
	ok $? "bash: an option taking a value ends in = with no space after"
	bcomp plan -detailed && [ "$(cat "$tmp/out")" = -detailed-exitcode ]
	ok $? "bash: a flag completes with a space after"
else
	n=$((n + 1)); echo "ok $n - bash completion # SKIP bash is not installed"
fi

zcomp() {
	zsh -fc 'source_it() { . "$1/docs/clicamosc.zsh" }
		_describe() { print -l -- ${(P)4} }   # -t TAG DESCRIPTION ARRAY [options]
		_values() { shift; print -l -- values "$@" }
		_files() { print files }
		compset() { : }
		top=$1; shift
		words=(clicamosc "$@"); CURRENT=$#words; PREFIX=${words[-1]}
		source_it $top' _ "$top" "$@" > "$tmp/out" 2>&1
}
if command -v zsh > /dev/null 2>&1; then
	zsh -n "$top/docs/clicamosc.zsh" > "$tmp/out" 2>&1
	ok $? "zsh: the completion function parses"
	zcomp pl && grep -q '^plan:Show what apply would change' "$tmp/out"
	ok $? "zsh: commands complete, with their summaries"
	zcomp state "" && grep -q '^list:' "$tmp/out" && grep -q '^push:' "$tmp/out"
	ok $? "zsh: state verbs complete"
	zcomp graph -type= && [ "$(tr '\n' ' ' < "$tmp/out")" = "values plan apply destroy " ]
	ok $? "zsh: -type= values complete"
	zcomp graph -t && grep -q '^-type=:the full graph' "$tmp/out" && grep -q '^-verbose:draw' "$tmp/out"
	ok $? "zsh: options complete from the command's -help"
else
	n=$((n + 1)); echo "ok $n - zsh completion # SKIP zsh is not installed"
fi
echo "1..$n"
