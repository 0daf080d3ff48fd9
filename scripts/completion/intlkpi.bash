# bash completion for intlkpi. Installed by `make install` as
# PREFIX/share/bash-completion/completions/intlkpi; to try it from the
# source tree: . scripts/completion/intlkpi.bash
#
# Commands and options are read from the program's own --help, so they
# follow the binary that is run; KPI and area ids come from
# `intlkpi show --format csv`, source ids from the configuration.

# The words of "intlkpi [CMD] --help" that are options or commands.
_intlkpi_help_words() {
	local prog=$1 cmd=$2
	if [[ -z $cmd ]]; then
		"$prog" --help 2>/dev/null |
			sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p'
		printf '%s\n' --help --version
	else
		# the option list: "  -o, --output OUT   text"
		"$prog" "$cmd" --help 2>/dev/null |
			awk '/^ +-/ { print $1; if ($1 ~ /,$/) print $2 }' | sed 's/,$//'
	fi
}

# The value of option opt among the words typed so far, or default.
_intlkpi_opt_value() {
	local opt=$1 default=$2 i
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == "$opt" ]]; then
			default=${COMP_WORDS[i + 1]}
		elif [[ ${COMP_WORDS[i]} == "$opt="* ]]; then
			default=${COMP_WORDS[i]#"$opt="}
		fi
	done
	printf '%s\n' "$default"
}

# Column n (1 area, 2 KPI) of `show --format csv`, without the header.
_intlkpi_show_column() {
	local prog=$1 n=$2 out
	out=$(_intlkpi_opt_value --output output)
	"$prog" show --format csv --output "$out" 2>/dev/null |
		tr -d '\r' | sed 1d | cut -d, -f"$n" | sort -u
}

# The ids of the sources of the configuration (--config, else indicators).
_intlkpi_source_ids() {
	local dir
	dir=$(_intlkpi_opt_value --config indicators)
	sed -n 's/^[[:space:]]*"id":[[:space:]]*"\([^"]*\)".*/\1/p' \
		"$dir"/sources/*.json 2>/dev/null | sort -u
}

_intlkpi() {
	local cur prev prog cmd="" i words
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	prog=${COMP_WORDS[0]}
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} != -* ]]; then
			cmd=${COMP_WORDS[i]}
			break
		fi
	done

	case $prev in
	--format)
		case $cmd in
		works | merge) words="json csv csv-countries csv-partners leiden leiden-json" ;;
		*) words="table json csv" ;;
		esac ;;
	--counting) words="full fractional fractional-institution" ;;
	--input-format) words="openalex-json openalex-jsonl openalex-csv scopus-csv wos wos-tab" ;;
	--log-format) words="text json" ;;
	--color) words="auto always never" ;;
	--status)
		# a comma-separated list: complete the part after the last comma
		local head=""
		[[ $cur == *,* ]] && head=${cur%,*},
		COMPREPLY=($(compgen -P "$head" -W "achieved nearly missed on_track at_risk off_track not_ranked no_data" -- "${cur##*,}"))
		return
		;;
	--state)
		local head=""
		[[ $cur == *,* ]] && head=${cur%,*},
		COMPREPLY=($(compgen -P "$head" -W "active dormant candidate new expired" -- "${cur##*,}"))
		return
		;;
	--config | --output)
		COMPREPLY=($(compgen -d -- "$cur"))
		return
		;;
	--area) words=$(_intlkpi_show_column "$prog" 1) ;;
	--source | --only | --accept) words=$(_intlkpi_source_ids) ;;
	--year | --years) return ;;
	-o | --partial | --institutions | --institution-records | --core)
		COMPREPLY=($(compgen -f -- "$cur"))
		return
		;;
	esac
	if [[ -n ${words+set} ]]; then
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return
	fi

	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$(_intlkpi_help_words "$prog" "")" -- "$cur"))
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_intlkpi_help_words "$prog" "$cmd")" -- "$cur"))
		return
	fi
	case $cmd in
	show)
		COMPREPLY=($(compgen -W "$(_intlkpi_show_column "$prog" 2) $(_intlkpi_show_column "$prog" 1)" -- "$cur"))
		;;
	fetch) COMPREPLY=($(compgen -W "$(_intlkpi_source_ids)" -- "$cur")) ;;
	diff)
		# the runs of the history (output/history/RUN.kpis.json)
		local out
		out=$(_intlkpi_opt_value --output output)
		COMPREPLY=($(compgen -W "$(cd "$out/history" 2>/dev/null && ls -- *.kpis.json 2>/dev/null | sed 's/\.kpis\.json$//')" -- "$cur"))
		;;
	extract | works | merge | init)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		;;
	esac
}

complete -F _intlkpi intlkpi
