#!/bin/sh
# test_build.sh: the build itself: configure's options and its message for
# a missing library, make install/uninstall into a scratch DESTDIR (binary,
# man page, bash completion), version and help.
top=$(cd "$(dirname "$0")/../.." && pwd)
cl=${CLICAMOSC:-$top/clicamosc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; sed 's/^/#   /' "$tmp/out" | tail -15; fi; }

# configure in a scratch copy (never the real config.mk)
mkdir "$tmp/src" && cp "$top/configure" "$top/Makefile.in" "$tmp/src/"
(cd "$tmp/src" && ./configure --help) > "$tmp/out" 2>&1 && grep -q -- '--enable-asan' "$tmp/out"
ok $? "configure --help lists the options"
(cd "$tmp/src" && ./configure --prefix=/opt/cl --enable-debug) > "$tmp/out" 2>&1 &&
	grep -q '^PREFIX = /opt/cl' "$tmp/src/config.mk" && grep -q -- '-O0 -g3' "$tmp/src/config.mk" && [ -f "$tmp/src/Makefile" ]
ok $? "configure --prefix --enable-debug writes config.mk and Makefile"
(cd "$tmp/src" && ./configure --enable-asan) > "$tmp/out" 2>&1 && grep -q 'fsanitize=address,undefined' "$tmp/src/config.mk"
ok $? "configure --enable-asan turns on the sanitizers"
# A pkg-config that knows everything but jansson.
cat > "$tmp/pkg-config" <<'EOS'
#!/bin/sh
for a; do case $a in jansson) exit 1 ;; esac; done
exec pkg-config "$@"
EOS
chmod +x "$tmp/pkg-config"
(cd "$tmp/src" && ./configure PKG_CONFIG="$tmp/pkg-config") > "$tmp/out" 2>&1
[ $? -ne 0 ] && grep -q 'jansson not found; install it: apt-get install libjansson-dev' "$tmp/out"
ok $? "a missing library stops configure, naming the Debian package"
(cd "$tmp/src" && ./configure --frobnicate) > "$tmp/out" 2>&1
[ $? -ne 0 ] && grep -q "unknown option '--frobnicate'" "$tmp/out"
ok $? "an unknown option is an error"

# install / uninstall
make -C "$top" install DESTDIR="$tmp/root" prefix=/usr > "$tmp/out" 2>&1 &&
	[ -x "$tmp/root/usr/bin/clicamosc" ] && [ -f "$tmp/root/usr/share/man/man1/clicamosc.1" ] &&
	[ -f "$tmp/root/usr/share/bash-completion/completions/clicamosc" ] &&
	[ -f "$tmp/root/usr/share/zsh/site-functions/_clicamosc" ] && [ -x "$tmp/root/usr/bin/clicamosc-emulator" ] &&
	[ -f "$tmp/root/usr/share/clicamosc/awsemu/awsemu.py" ] && [ ! -e "$tmp/root/usr/share/clicamosc/awsemu/test_emu_ec2.py" ]
ok $? "make install prefix=/usr DESTDIR=...: the binary, the emulator, the man page, bash and zsh completion"
grep -q "'/usr/share/clicamosc/awsemu/awsemu.py'" "$tmp/root/usr/bin/clicamosc-emulator" 2> "$tmp/out"
ok $? "clicamosc-emulator runs the emulator where it is installed (the prefix, not DESTDIR)"
if command -v groff > /dev/null 2>&1; then
	groff -man -Tutf8 -ww "$tmp/root/usr/share/man/man1/clicamosc.1" > "$tmp/out" 2>&1
	grep -q "compile and apply" "$tmp/out"
	ok $? "the man page renders"
else
	n=$((n + 1)); echo "ok $n - the man page renders # SKIP groff is not installed"
fi
bash -c ". '$tmp/root/usr/share/bash-completion/completions/clicamosc' && complete -p clicamosc" > "$tmp/out" 2>&1
ok $? "the completion script loads in bash"
make -C "$top" uninstall DESTDIR="$tmp/root" prefix=/usr > "$tmp/out" 2>&1 && [ ! -e "$tmp/root/usr/bin/clicamosc" ] &&
	[ ! -e "$tmp/root/usr/bin/clicamosc-emulator" ] && [ ! -e "$tmp/root/usr/share/clicamosc" ]
ok $? "make uninstall removes them"

"$cl" version > "$tmp/out" 2>&1 && grep -q '^clicamosc v' "$tmp/out"
ok $? "clicamosc version"
for c in plan apply destroy refresh graph validate fmt console output state force-unlock import; do
	"$cl" $c -help > "$tmp/out" 2>&1 && grep -q "^Usage: clicamosc $c" "$tmp/out" || { ok 1 "$c -help"; continue; }
done
ok 0 "every command has -help"
"$cl" plna > "$tmp/out" 2>&1
[ $? = 1 ] && grep -q 'no command "plna"' "$tmp/out"
ok $? "an unknown command is an error"
"$cl" plan -frobnicate > "$tmp/out" 2>&1
[ $? = 1 ] && grep -q 'unknown option "-frobnicate"' "$tmp/out"
ok $? "an unknown option is an error"
echo "1..$n"
