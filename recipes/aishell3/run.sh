#!/usr/bin/env bash
# AISHELL-3 recipe: 218 speakers, 85 h at 44.1 kHz, characters with their pinyin per utterance
# (train/content.txt, test/content.txt; wav/<speaker>/<id>.wav). No prosody labels: the phonemes
# carry only the final #4. Stages (run a range with --stage N --stop-stage M):
#   0  data prep: AISHELL-3 root -> data/all.jsonl (speaker = the id's first 7 characters)
#   1  features:  data/all.jsonl -> dump/ (22,050 Hz wavs, mels, train/dev/test, stats, speakers)
#   2  acoustic:  tts train  $acoustic_config -> exp/tacotron2
#   3  vocoder:   tts train-vocoder $vocoder_config -> exp/<config name>
#   4  export:    newest checkpoints -> exp/voice (fp16 acoustic.pt + vocoder.pt, for tts synth --model)
# Example: ./run.sh --corpus /data/data_aishell3 --stage 0 --stop-stage 1
set -euo pipefail

recipe_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
corpus_help="AISHELL-3 root"                       # the corpus has train/ and test/
acoustic_config=$recipe_dir/../csmsc/conf/tacotron2.yaml  # shared with CSMSC
vocoder_config=$recipe_dir/../csmsc/conf/hifigan_v1.yaml
n_dev=200                                          # dev and test sizes of the random split
n_test=200

prepare_data() {
    [[ -n $corpus ]] || die "stage 0: no corpus given: pass --corpus DIR (the AISHELL-3 root)"
    [[ -f $corpus/train/content.txt || -f $corpus/test/content.txt ]] \
        || die "stage 0: $corpus is not an AISHELL-3 root: expected train/content.txt or test/content.txt"
    "$python" -m tts.data.corpora aishell3 "$corpus" "$data_dir/all.jsonl"
}

source "$recipe_dir/../tools/stages.sh"
