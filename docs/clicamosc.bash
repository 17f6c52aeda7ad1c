# bash completion for clicamosc: commands, state and workspace verbs, each
# command's options (from its -help), the values of -type= and -format=,
# then paths.  A space follows a completed word, except after "=".
_clicamosc()
{
	local cur=${COMP_WORDS[COMP_CWORD]} cmd="" sub="" i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) if [ -z "$cmd" ]; then cmd=${COMP_WORDS[i]}; elif [ -z "$sub" ]; then sub=${COMP_WORDS[i]}; fi ;;
		esac
	done
	compopt +o nospace 2>/dev/null
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$(clicamosc help 2>/dev/null | awk '/^Commands:/{c=1;next} /^$/{c=0} c{print $1}') -chdir= -help -version" -- "$cur"))
	elif [ "$cmd" = state ] && [ -z "$sub" ] && [[ $cur != -* ]]; then
		COMPREPLY=($(compgen -W "list show rm mv pull push" -- "$cur"))
		return
	elif [ "$cmd" = workspace ] && [ -z "$sub" ] && [[ $cur != -* ]]; then
		COMPREPLY=($(compgen -W "new select list show delete" -- "$cur"))
		return
	else
		case $cur in
		-type=*) COMPREPLY=($(compgen -W "plan apply destroy" -- "${cur#-type=}")); return ;;
		-format=*) COMPREPLY=($(compgen -W "dot mermaid" -- "${cur#-format=}")); return ;;
		-*=*) COMPREPLY=($(compgen -f -- "${cur#*=}")); return ;;
		-*) COMPREPLY=($(compgen -W "$(clicamosc "$cmd" -help 2>/dev/null | awk '$1 ~ /^-/ {sub(/=.*/, "=", $1); print $1}')" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -f -- "$cur")); return ;;
		esac
	fi
	# An option that takes a value ends in "=": the value follows, no space.
	if [ ${#COMPREPLY[@]} = 1 ] && [[ ${COMPREPLY[0]} == *= ]]; then
		compopt -o nospace 2>/dev/null
	fi
}
complete -F _clicamosc clicamosc
