#compdef clicamosc
# zsh completion for clicamosc: commands, state verbs, each command's options
# (read from its -help), the values of -type= and -format=, then paths.
_clicamosc() {
	local -a cmds opts
	if (( CURRENT == 2 )); then
		cmds=(${(f)"$(clicamosc help 2>/dev/null | awk '/^Commands:/{c=1;next} /^$/{c=0} c{n=$1; $1=""; sub(/^ +/, ""); print n ":" $0}')"})
		_describe -t commands 'clicamosc command' cmds
		return
	fi
	local cmd=${words[2]}
	if [[ $cmd == state && $CURRENT == 3 && $PREFIX != -* ]]; then
		cmds=(list:'list the instances' show:'show one instance' rm:'forget instances' mv:'move an instance'
		      pull:'print the state' push:'replace the state')
		_describe -t verbs 'state verb' cmds
		return
	fi
	if [[ $cmd == workspace && $CURRENT == 3 && $PREFIX != -* ]]; then
		cmds=(new:'create and select one' select:'switch to one' list:'list them' show:'the current one'
		      delete:'remove one')
		_describe -t verbs 'workspace verb' cmds
		return
	fi
	case $PREFIX in
	-type=*) compset -P '-type='; _values 'graph type' plan apply destroy; return ;;
	-format=*) compset -P '-format='; _values 'graph format' dot mermaid; return ;;
	-*=*) compset -P '-*='; _files; return ;;
	-*)
		opts=(${(f)"$(clicamosc $cmd -help 2>/dev/null | awk '$1 ~ /^-/ {o=$1; sub(/=.*/, "=", o); $1=""; sub(/^ +/, ""); gsub(/:/, "\\:"); print o ":" $0}')"})
		local -a valued flags
		valued=(${(M)opts:#*=:*})   # -opt=: the value follows, no space
		flags=(${opts:#*=:*})
		_describe -t options 'option' valued -S ''
		_describe -t options 'option' flags
		return ;;
	esac
	_files
}
_clicamosc "$@"
