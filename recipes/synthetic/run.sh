#!/usr/bin/env bash
# Synthetic CSMSC: speak the sentences of a CSMSC label file with espeak-ng (cmn-latn-pinyin)
# from their pinyin lines, into the exact BZNSYP layout:
#   <out>/Wave/000001.wav ...   <out>/ProsodyLabeling/000001-010000.txt (original lines, CRLF)
# so that ../csmsc/run.sh --corpus <out> runs on it unchanged. Resumable: rerun to complete.
# Example: ./run.sh --limit 20 --out /tmp/BZNSYP && ../csmsc/run.sh --corpus /tmp/BZNSYP
set -euo pipefail

recipe_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(cd "$recipe_dir/../.." && pwd)

labels=$repo_dir/../shared/data/csmsc/000001-009000.txt   # the 9,000 public label entries
out=$recipe_dir/data/BZNSYP
limit=""                                                  # only the first N entries when set
jobs=2                                                    # parallel espeak-ng processes

usage() {
    sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'
    cat <<EOF
Options (defaults in brackets):
  --labels FILE   CSMSC label file [../shared/data/csmsc/000001-009000.txt]
  --out DIR       corpus root to create [recipes/synthetic/data/BZNSYP]
  --limit N       only the first N sentences (a tiny corpus for tests)
  --jobs J        parallel espeak-ng processes [2]
EOF
}

die() { echo "run.sh: error: $*" >&2; exit 1; }
abspath() { [[ -n $1 ]] || die "empty path argument"; realpath -m -- "$1"; }

while [[ $# -gt 0 ]]; do
    val=${2-}
    case "$1" in
        --labels) labels=$(abspath "$val") ;;
        --out) out=$(abspath "$val") ;;
        --limit) limit=$val ;;
        --jobs) jobs=$val ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
    [[ $# -ge 2 ]] || die "option $1 needs a value"
    shift 2
done

[[ -f $labels ]] || die "label file $labels not found: pass --labels FILE (a CSMSC ProsodyLabeling file)"
command -v espeak-ng >/dev/null || die "espeak-ng is not installed (e.g. apt-get install espeak-ng)"
if [[ -n $limit ]]; then
    [[ $limit =~ ^[1-9][0-9]*$ ]] || die "--limit takes a positive number, got '$limit'"
    limit_arg=(--limit "$limit")
else
    limit_arg=()
fi

python=${PYTHON:-python}
"$python" -m tts.data.synthetic "$labels" "$out" --jobs "$jobs" "${limit_arg[@]}"
