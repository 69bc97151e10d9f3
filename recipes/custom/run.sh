#!/usr/bin/env bash
# Recipe for your own recordings: a folder with metadata.csv ('id|text' per line) and
# wavs/<id>.wav (any rate, mono or stereo). The text is labelled by our front end
# (frontend.Frontend().analyze: normalisation, pinyin in context, predicted prosody), the way
# text will be read at synthesis time. Stages (run a range with --stage N --stop-stage M):
#   0  data prep: the folder -> data/all.jsonl
#   1  features:  data/all.jsonl -> dump/ (22,050 Hz wavs, mels, train/dev/test, stats)
#   2  acoustic:  tts train  $acoustic_config -> exp/tacotron2
#   3  vocoder:   tts train-vocoder $vocoder_config -> exp/<config name>
#   4  export:    newest checkpoints -> exp/voice (fp16 acoustic.pt + vocoder.pt, for tts synth --model)
# Example: ./run.sh --corpus ~/my_voice --speaker me --n-dev 20 --n-test 20
set -euo pipefail

recipe_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
corpus_help="the folder with metadata.csv and wavs/"
acoustic_config=$recipe_dir/../csmsc/conf/tacotron2.yaml  # shared with CSMSC
vocoder_config=$recipe_dir/../csmsc/conf/hifigan_v1.yaml
n_dev=20                                           # dev and test sizes of the random split
n_test=20
speaker=speaker                                    # the speaker's name in the dump

recipe_option() {
    case "$1" in
        --speaker) speaker=$2 ;;
        *) return 1 ;;
    esac
}
recipe_options_help() { echo "  --speaker NAME             speaker name [speaker]"; }

prepare_data() {
    [[ -n $corpus ]] || die "stage 0: no corpus given: pass --corpus DIR (metadata.csv + wavs/)"
    [[ -f $corpus/metadata.csv && -d $corpus/wavs ]] \
        || die "stage 0: $corpus is not a custom corpus: expected metadata.csv ('id|text' lines) and wavs/"
    "$python" -m tts.data.corpora custom "$corpus" "$data_dir/all.jsonl" --speaker "$speaker"
}

source "$recipe_dir/../tools/stages.sh"
