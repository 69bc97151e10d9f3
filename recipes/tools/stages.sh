# Shared stages of the corpus recipes (csmsc, aishell3, custom). A recipe's run.sh sets its
# defaults and two functions, then sources this file with its arguments:
#
#   prepare_data        stage 0: check $corpus and write $data_dir/all.jsonl
#   recipe_option NAME VALUE   (optional) handle a recipe-only option; return 1 if unknown
#   recipe_options_help        (optional) print help lines for those options
#
# Stages (run a range with --stage N --stop-stage M):
#   0  data prep: the corpus -> data/all.jsonl (prepare_data)
#   1  features:  data/all.jsonl -> dump/ (22,050 Hz wavs, mels, train/dev/test, stats, speakers)
#   2  acoustic:  tts train $acoustic_config -> exp/tacotron2
#   3  vocoder:   tts train-vocoder $vocoder_config -> exp/<config name>
#   4  export:    newest checkpoints -> exp/voice (fp16 acoustic.pt + vocoder.pt, for tts synth --model)
# Stages 2 and 3 resume when their experiment already has checkpoints.

stage=0
stop_stage=4
corpus=""
data_dir=$recipe_dir/data                          # stage 0 output
dump_dir=$recipe_dir/dump                          # stage 1 output, the trainers' input
exp_dir=$recipe_dir/exp                            # stage 2-4 outputs
seed=0                                             # seed of the split: the same split everywhere
jobs=2                                             # feature worker processes
trim_db=40                                         # trim edge silence 40 dB below the peak; 0: off
max_steps=""                                       # passed to the trainers when set

die() { echo "run.sh: error: $*" >&2; exit 1; }
abspath() { [[ -n $1 ]] || die "empty path argument"; realpath -m -- "$1"; }

usage() {
    # the recipe's header comment: every line after the shebang up to the first non-comment
    awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
    echo "Options (defaults in brackets):"
    echo "  --stage N --stop-stage M   stages to run [0, 4]: 0 data, 1 features, 2 acoustic, 3 vocoder, 4 export"
    echo "  --corpus DIR               $corpus_help, for stage 0"
    if declare -F recipe_options_help >/dev/null; then recipe_options_help; fi
    cat <<HELP
  --data-dir DIR --dump-dir DIR --exp-dir DIR   [recipes/$(basename "$recipe_dir")/{data,dump,exp}]
  --acoustic-config FILE     [${acoustic_config#"$recipe_dir"/}]
  --vocoder-config FILE      [${vocoder_config#"$recipe_dir"/}]
  --n-dev N --n-test N --seed S --jobs J --trim-db DB   [$n_dev $n_test $seed $jobs $trim_db]
  --max-steps N              stop training after N steps (debug runs)
Stages 2 and 3 resume automatically when their experiment already has checkpoints.
HELP
}

while [[ $# -gt 0 ]]; do
    val=${2-}
    case "$1" in
        --stage) stage=$val ;;
        --stop-stage) stop_stage=$val ;;
        --corpus) corpus=$(abspath "$val") ;;
        --data-dir) data_dir=$(abspath "$val") ;;
        --dump-dir) dump_dir=$(abspath "$val") ;;
        --exp-dir) exp_dir=$(abspath "$val") ;;
        --acoustic-config) acoustic_config=$(abspath "$val") ;;
        --vocoder-config) vocoder_config=$(abspath "$val") ;;
        --n-dev) n_dev=$val ;;
        --n-test) n_test=$val ;;
        --seed) seed=$val ;;
        --jobs) jobs=$val ;;
        --trim-db) trim_db=$val ;;
        --max-steps) max_steps=$val ;;
        -h|--help) usage; exit 0 ;;
        *) { declare -F recipe_option >/dev/null && recipe_option "$1" "$val"; } \
               || die "unknown option '$1' (see --help)" ;;
    esac
    [[ $# -ge 2 ]] || die "option $1 needs a value"
    shift 2
done
[[ $stage =~ ^[0-9]+$ && $stop_stage =~ ^[0-9]+$ ]] || die "--stage and --stop-stage take numbers"

python=${PYTHON:-python}
acoustic_exp=$exp_dir/tacotron2
vocoder_exp=$exp_dir/$(basename "$vocoder_config" .yaml)

# The trainers' command must exist before a stage that needs it starts.
require_tts_command() {
    command -v tts >/dev/null || die "stage $1: the 'tts' command is not installed (pip install -e .)"
    tts "$2" --help >/dev/null 2>&1 || die "stage $1: 'tts $2' is not available in this installation"
}

# '--resume' when the experiment already has a checkpoint, so a rerun continues a killed run.
resume_flag() {
    if compgen -G "$1/checkpoints/*" >/dev/null; then echo "--resume"; fi
}

if [[ $stage -le 0 && $stop_stage -ge 0 ]]; then
    echo "stage 0: data preparation from ${corpus:-<no corpus>}"
    prepare_data
fi

if [[ $stage -le 1 && $stop_stage -ge 1 ]]; then
    echo "stage 1: features -> $dump_dir"
    [[ -f $data_dir/all.jsonl ]] || die "stage 1: $data_dir/all.jsonl is missing: run stage 0 first"
    trim=()
    if [[ $trim_db != 0 ]]; then trim=(--trim-db "$trim_db"); fi
    "$python" -m tts.data.features "$data_dir/all.jsonl" "$dump_dir" --dev "$n_dev" \
        --test "$n_test" --seed "$seed" --jobs "$jobs" "${trim[@]}"
fi

steps=()
if [[ -n $max_steps ]]; then steps=(--max-steps "$max_steps"); fi

if [[ $stage -le 2 && $stop_stage -ge 2 ]]; then
    echo "stage 2: acoustic model -> $acoustic_exp"
    [[ -f $dump_dir/train.jsonl && -f $dump_dir/stats.json ]] \
        || die "stage 2: no feature dump in $dump_dir: run stage 1 first"
    [[ -f $acoustic_config ]] || die "stage 2: acoustic config $acoustic_config not found"
    require_tts_command 2 train
    tts train "$acoustic_config" --data "$dump_dir" --exp-dir "$acoustic_exp" \
        $(resume_flag "$acoustic_exp") "${steps[@]}"
fi

if [[ $stage -le 3 && $stop_stage -ge 3 ]]; then
    echo "stage 3: vocoder -> $vocoder_exp"
    [[ -f $dump_dir/train.jsonl && -f $dump_dir/stats.json ]] \
        || die "stage 3: no feature dump in $dump_dir: run stage 1 first"
    [[ -f $vocoder_config ]] || die "stage 3: vocoder config $vocoder_config not found"
    require_tts_command 3 train-vocoder
    tts train-vocoder "$vocoder_config" --data "$dump_dir" --exp-dir "$vocoder_exp" \
        $(resume_flag "$vocoder_exp") "${steps[@]}"
fi

if [[ $stage -le 4 && $stop_stage -ge 4 ]]; then
    echo "stage 4: export -> $exp_dir/voice"
    compgen -G "$acoustic_exp/checkpoints/step_*.pt" >/dev/null \
        || die "stage 4: no acoustic checkpoint in $acoustic_exp/checkpoints: run stage 2 first"
    require_tts_command 4 export
    vocoder=()
    if compgen -G "$vocoder_exp/checkpoints/step_*.pt" >/dev/null; then vocoder=(--vocoder "$vocoder_exp"); fi
    tts export "$acoustic_exp" "${vocoder[@]}" -o "$exp_dir/voice"
    echo "try it: tts synth '今天天气很好。' --model $exp_dir/voice -o out.wav"
fi
