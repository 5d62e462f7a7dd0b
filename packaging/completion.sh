#!/usr/bin/env bash
# Writes the bash completion of masklab-cli from its own --help texts (commands, and each
# command's --options), so it never drifts from the program. Run by the build.
#   completion.sh MASKLAB_CLI OUTFILE
set -euo pipefail
cli=$1 out=$2
commands=$("$cli" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' | tr '\n' ' ')
{
    printf '# bash completion for masklab-cli (generated from its --help by packaging/completion.sh)\n'
    printf '_masklab_cli() {\n'
    printf '    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n'
    printf '    if [[ $COMP_CWORD -eq 1 ]]; then\n'
    printf '        COMPREPLY=($(compgen -W "%s--help --version" -- "$cur"))\n' "$commands"
    printf '        return\n    fi\n'
    printf '    local options\n    case ${COMP_WORDS[1]} in\n'
    for command in $commands; do
        options=$("$cli" "$command" --help | grep -oE -- '--[a-z][a-z-]*([] =]|$)' | tr -d '] =' | sort -u | tr '\n' ' ')
        printf '    %s) options="%s" ;;\n' "$command" "${options% }"
    done
    printf '    esac\n'
    printf '    if [[ $cur == -* ]]; then\n'
    printf '        COMPREPLY=($(compgen -W "$options" -- "$cur"))\n'
    printf '    else\n'
    printf '        COMPREPLY=($(compgen -f -- "$cur"))\n'
    printf '        compopt -o filenames 2>/dev/null\n'
    printf '    fi\n'
    printf '}\ncomplete -F _masklab_cli masklab-cli\n'
} > "$out"
