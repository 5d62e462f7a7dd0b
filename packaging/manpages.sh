#!/usr/bin/env bash
# Writes masklab.1 and masklab-cli.1 from the programs' own --help texts, so the manual pages
# never drift from the programs. Run by the build (target masklab_docs).
#   manpages.sh MASKLAB_CLI MASKLAB VERSION OUTDIR
set -euo pipefail
cli=$1 gui=$2 version=$3 out=$4
mkdir -p "$out"
date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(git -C "$(dirname "$0")" log -1 --format=%ct 2>/dev/null || date +%s)}" +%Y-%m-%d)

# Help text as a no-fill roff block: backslashes and minus signs escaped, control characters
# at line starts neutralised.
verbatim() {
    printf '.nf\n'
    sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
    printf '.fi\n'
}

commands=$("$cli" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
{
    printf '.TH MASKLAB\\-CLI 1 "%s" "MaskLab %s" "User Commands"\n' "$date" "$version"
    printf '.SH NAME\nmasklab\\-cli \\- the headless jobs of MaskLab, the face\\-mask classification workbench\n'
    printf '.SH SYNOPSIS\n.B masklab\\-cli\n.I COMMAND\n[\\fIOPTIONS\\fR]\n'
    printf '.SH DESCRIPTION\n'
    "$cli" --help | verbatim
    printf '.SH COMMANDS\n'
    for command in $commands; do
        printf '.SS %s\n' "$command"
        "$cli" "$command" --help | verbatim
    done
    printf '.SH ENVIRONMENT\n'
    printf '.TP\n.B TORCH_HOME\nwhere torchvision'"'"'s ImageNet weights are kept (hub/checkpoints under it; default ~/.cache/torch)\n'
    printf '.TP\n.B MASKLAB_WEIGHTS_MIRROR\na copy of https://download.pytorch.org/models/ to download weights from\n'
    printf '.SH SEE ALSO\n.BR masklab (1)\n'
} > "$out/masklab-cli.1"

{
    printf '.TH MASKLAB 1 "%s" "MaskLab %s" "User Commands"\n' "$date" "$version"
    printf '.SH NAME\nmasklab \\- face\\-mask classification workbench\n'
    printf '.SH SYNOPSIS\n.B masklab\n[\\fIOPTIONS\\fR] [\\fIDATASET\\fR]\n'
    printf '.SH DESCRIPTION\n'
    printf 'Opens a dataset folder in the competition layout: browse every person as a row of\n'
    printf 'seven photos and relabel with undo, explore the data, train and follow LibTorch\n'
    printf 'classifiers, find suspected mislabels, and predict and compare submissions.\n'
    printf 'The dataset folder is only read; edits live in a workspace next to it.\n'
    printf '.SH OPTIONS\n'
    QT_QPA_PLATFORM=offscreen "$gui" --help 2>/dev/null | sed '1,/^Options:/d' | verbatim
    printf '.SH SEE ALSO\n.BR masklab\\-cli (1)\n'
} > "$out/masklab.1"
