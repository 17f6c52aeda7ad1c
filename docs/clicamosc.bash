# bash completion for clicamosc: commands, then each command's options and paths.
_clicamosc()
{
	local cur=${COMP_WORDS[COMP_CWORD]} cmd="" i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac
	done
	if [ -z "$cmd" ]; then
		COMPREPLY=($(compgen -W "$(clicamosc help 2>/dev/null | awk '/^Commands:/{c=1;next} /^$/{c=0} c{print $1}') -chdir= -help -version" -- "$cur"))
		return
	fi
	case $cur in
	-*) COMPREPLY=($(compgen -W "$(clicamosc "$cmd" -help 2>/dev/null | awk '$1 ~ /^-/ {sub(/=.*/, "=", $1); print $1}')" -- "$cur")) ;;
	*) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -o nospace -F _clicamosc clicamosc
