#!/usr/bin/env bash
# CSMSC (Databaker BZNSYP) recipe: one female speaker, 10,000 sentences, human pinyin and
# prosody labels. Stages (run a range with --stage N --stop-stage M):
#   0  data prep: BZNSYP root -> data/all.jsonl (phonemes from the label file's pinyin + marks)
#   1  features:  data/all.jsonl -> dump/ (22,050 Hz wavs, mels, train/dev/test, stats)
#   2  acoustic:  tts train  $acoustic_config -> exp/tacotron2
#   3  vocoder:   tts train-vocoder $vocoder_config -> exp/<config name>
#   4  export:    newest checkpoints -> exp/voice (fp16 acoustic.pt + vocoder.pt, for tts synth --model)
# Example: ./run.sh --corpus /data/BZNSYP --stage 0 --stop-stage 1
set -euo pipefail

recipe_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
corpus_help="BZNSYP root"                          # the corpus has Wave/ and ProsodyLabeling/
acoustic_config=$recipe_dir/conf/tacotron2.yaml
vocoder_config=$recipe_dir/conf/hifigan_v1.yaml
n_dev=100                                          # dev and test sizes of the random split
n_test=100

prepare_data() {
    [[ -n $corpus ]] || die "stage 0: no corpus given: pass --corpus DIR (the BZNSYP root)"
    [[ -f $corpus/ProsodyLabeling/000001-010000.txt && -d $corpus/Wave ]] \
        || die "stage 0: $corpus is not a BZNSYP root: expected ProsodyLabeling/000001-010000.txt and Wave/"
    "$python" -m tts.data.corpora csmsc "$corpus" "$data_dir/all.jsonl"
}

source "$recipe_dir/../tools/stages.sh"
