"""Tone sandhi and friends: the dictionary reading of a sentence -> the reading as spoken.

Input is one clause as a list of `Word`s (text, POS, one reading per character, and whether the
reading is locked because a user fixed it). The rules run in this order, each on the output of
the one before, and never touch a locked reading:

1. Erhua: a word-final 儿 (or a lone 儿 right after a word) merges into the syllable before it
   (玩儿 wan2 er2 -> wanr2, None), except in words whose 儿 is a full syllable (婴儿, 女儿, 儿子:
   `FULL_ER`), and where 儿 starts a word.
2. Neutral tone: structural particles by POS (的地得 de5, 了 le5, 着 zhe5, 过 guo5), modal
   particles at the end of a word (吧呢啊吗嘛呀...), reduplicated nouns and verbs (妈妈 ma1 ma5,
   看看 kan4 kan5), the suffixes 们 (always) and 子/头 (when pypinyin's phrase dictionary does not
   list the word, which keeps 孔子 kong3 zi3), and directional complements after a verb
   (站起来 qi5 lai5, 走进去 jin4 qu5... see `DIRECTIONAL`).
3. 一 and 不: 一 stays yi1 in numbers, ordinals (第一) and at the end; it is yi5 between a
   reduplicated verb (看一看); otherwise yi2 before a 4th (or a neutral from a 4th) tone and yi4
   before the others. 不 is bu2 before a 4th tone and bu5 in A不A (是不是).
4. Third tone: inside a run of 3rd tones in one clause, every syllable but the last becomes 2nd
   (展览馆 zhan2 lan2 guan3, 我也想买 wo2 ye2 xiang2 mai3); runs are cut at punctuation.
"""

from dataclasses import dataclass, field

# Words whose 儿 is a syllable of its own.
FULL_ER = set(
    "婴儿 女儿 儿子 儿童 儿女 幼儿 孤儿 健儿 胎儿 患儿 男儿 少儿 妻儿 孙儿 宠儿 混血儿 弃儿 "
    "新生儿 早产儿 低能儿 寄生儿 产儿 乳儿 犬儿 侄儿 幸运儿 弄潮儿 骄子 儿媳 儿科 儿歌 育儿 "
    "托儿所 养儿 小儿 儿时 儿戏 儿孙 孩儿 鱼儿 鸟儿 花儿 马儿 风儿 雁儿 羊儿".split()
)
# 小儿 / 孩儿 / 鱼儿 ... : CSMSC reads these (mostly literary) words with a full er.

PARTICLE_BY_POS = {  # (char, jieba POS) -> neutral reading
    ("的", "uj"): "de5", ("地", "uv"): "de5", ("得", "ud"): "de5",
    ("了", "ul"): "le5", ("着", "uz"): "zhe5", ("过", "ug"): "guo5",
}
MODAL = {"吧": "ba5", "呢": "ne5", "啊": "a5", "吗": "ma5", "嘛": "ma5", "呀": "ya5",
         "哇": "wa5", "啦": "la5", "哪": "na5", "咯": "lo5", "喽": "lou5", "呗": "bei5"}
DIRECTIONAL = {"来", "去", "起来", "下来", "上来", "出来", "进来", "过来", "回来", "下去",
               "上去", "出去", "进去", "过去", "回去", "起"}
NOT_REDUPLICATED = set("常刚渐往偏恰仅稍渐默悄慢好快早久远")  # AA adverbs keep full tones
NUMERAL_CHARS = set("〇零一二两三四五六七八九十百千万亿")


@dataclass
class Word:
    text: str
    pos: str
    readings: list  # one numbered-pinyin string or None per character
    locked: list = field(default_factory=list)  # True where a user fixed the reading
    in_dict: bool = False  # pypinyin's phrase dictionary lists the word

    def __post_init__(self):
        if not self.locked:
            self.locked = [False] * len(self.text)


def _set(word, i, reading):
    if not word.locked[i] and word.readings[i] is not None:
        word.readings[i] = reading


def _retone(word, i, t):
    r = word.readings[i]
    if r is not None and not word.locked[i]:
        word.readings[i] = r[:-1] + str(t)


def apply_sandhi(words):
    """Apply all rules in place to one clause (list of Word); returns the same list."""
    _erhua(words)
    _neutral(words)
    _yi_bu(words)
    _third_tone(words)
    return words


def _erhua(words):
    for wi, w in enumerate(words):
        for i, ch in enumerate(w.text):
            if ch != "儿" or w.locked[i] or w.readings[i] is None:
                continue
            if len(w.text) >= 2 and i == len(w.text) - 1:
                if w.text in FULL_ER or any(w.text.endswith(x) for x in FULL_ER if len(x) < len(w.text)):
                    continue
                prev_w, pi = w, i - 1
            elif len(w.text) == 1 and wi > 0 and words[wi - 1].text[-1:] and w.pos != "n":
                prev_w, pi = words[wi - 1], len(words[wi - 1].text) - 1
                if prev_w.text[-2:] + "儿" in FULL_ER or prev_w.text[-1] + "儿" in FULL_ER:
                    continue
            else:
                continue
            prev = prev_w.readings[pi]
            if prev is None or prev_w.locked[pi] or prev[:-1].endswith("r"):
                continue
            prev_w.readings[pi] = prev[:-1] + "r" + prev[-1]
            w.readings[i] = None


def _neutral(words):
    for wi, w in enumerate(words):
        n = len(w.text)
        for i, ch in enumerate(w.text):
            if (ch, w.pos) in PARTICLE_BY_POS and n == 1:
                _set(w, i, PARTICLE_BY_POS[(ch, w.pos)])
            elif ch in MODAL and i == n - 1 and (w.pos in ("y", "e", "zg", "x") or n == 1):
                _set(w, i, MODAL[ch])
        if n == 2 and w.text[0] == w.text[1] and w.pos[:1] in ("n", "v") \
                and w.text[0] not in NOT_REDUPLICATED and w.readings[1]:
            _retone(w, 1, 5)
        if n >= 2 and w.text[-1] == "们":
            _retone(w, n - 1, 5)
        if n >= 2 and w.text[-1] in "子头" and not w.in_dict and w.pos[:1] in ("n", "r", "t", "f"):
            _retone(w, n - 1, 5)
        if w.text in DIRECTIONAL and wi > 0 and words[wi - 1].pos.startswith("v") \
                and w.pos.startswith("v"):
            for i in range(n):
                _retone(w, i, 5)


def _flat(words):
    """(word index, char index) of every character of the clause, in order."""
    return [(wi, i) for wi, w in enumerate(words) for i in range(len(w.text))]


def _yi_bu(words):
    flat = _flat(words)
    chars = [words[wi].text[i] for wi, i in flat]
    for k, (wi, i) in enumerate(flat):
        w = words[wi]
        ch = chars[k]
        if ch not in "一不" or w.locked[i] or w.readings[i] is None:
            continue
        prev_ch = chars[k - 1] if k > 0 else ""
        next_ch = chars[k + 1] if k + 1 < len(chars) else ""
        nxt = None
        if k + 1 < len(flat):
            nwi, ni = flat[k + 1]
            nxt = words[nwi].readings[ni]
        if ch == "一":
            if prev_ch == "第" or prev_ch in NUMERAL_CHARS or next_ch in NUMERAL_CHARS \
                    or nxt is None or (len(w.text) > 1 and i == len(w.text) - 1 and w.pos == "m"
                                       and k + 1 < len(flat) and flat[k + 1][0] != wi
                                       and words[flat[k + 1][0]].pos not in ("q", "n", "m")):
                w.readings[i] = "yi1"
            elif prev_ch and prev_ch == next_ch:
                w.readings[i] = "yi5"
            elif _base_tone(words, flat[k + 1]) == "4":
                w.readings[i] = "yi2"
            else:
                w.readings[i] = "yi4"
        else:
            if prev_ch and prev_ch == next_ch:
                w.readings[i] = "bu5"
            elif nxt is not None and _base_tone(words, flat[k + 1]) == "4":
                w.readings[i] = "bu2"
            else:
                w.readings[i] = "bu4"


def _base_tone(words, pos):
    """Tone of the next syllable before neutralisation ('一下' yi2 xia4 even if xia5)."""
    wi, i = pos
    r = words[wi].readings[i]
    if r is None:
        return None
    if r[-1] == "5":
        from frontend.pinyin import word_pinyin

        base = word_pinyin(words[wi].text[i])[0]
        return base[-1] if base else "5"
    return r[-1]


def _third_tone(words):
    run = []
    for wi, i in _flat(words) + [(None, None)]:
        r = None if wi is None else words[wi].readings[i]
        if r is None and wi is not None and words[wi].text[i] == "儿" and run:
            continue  # a merged erhua 儿 does not end the run
        if r is not None and r[-1] == "3" and not words[wi].locked[i]:
            run.append((wi, i))
            continue
        for rwi, ri in run[:-1]:
            _retone(words[rwi], ri, 2)
        run = []
