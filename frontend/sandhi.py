"""Tone sandhi and friends: the dictionary reading of a sentence -> the reading as spoken.

Input is one clause as a list of `Word`s (text, POS, one reading per character, and whether the
reading is locked because a user fixed it). The rules run in this order, each on the output of
the one before, and never touch a locked reading:

1. Erhua: a word-final 儿 (or a lone 儿 right after a word) merges into the syllable before it
   (玩儿 wan2 er2 -> wanr2, None), except in words whose 儿 is a full syllable (婴儿, 女儿, 儿子:
   `FULL_ER`), and where 儿 starts a word.
2. Neutral tone: structural particles by POS (的地得 de5, 了 le5, 着 zhe5; 过 stays guo4 as in
   CSMSC), modal particles at the end of a word (吧呢啊吗嘛呀...), the classifier 个 after
   这那哪几是有了 (这个 zhe4 ge5: CSMSC's majority), reduplicated nouns and verbs (妈妈 ma1 ma5,
   看看 kan4 kan5), the suffixes 们 (always) and 子/头 (when pypinyin's phrase dictionary does not
   list the word, which keeps 孔子 kong3 zi3). Directional complements (站起来, 走进去) keep their
   full tones: the CSMSC annotators write them so (起来 qi3 lai2 in 53 of 59 cases in the first
   9,000 sentences, 下去 xia4 qu4 20 of 21); the few words they do neutralise (回来 hui2 lai5)
   come from the learnt word table (`frontend.polyphone`).
3. 一 and 不: 一 stays yi1 in digit strings and after numerals (一九九八, 十一, 一点五), in
   ordinals (第一), at the end of a word (之一, 唯一) and of the clause; it is yi5 between a
   reduplicated verb (看一看); otherwise yi2 before a 4th (or a neutral from a 4th) tone and yi4
   before the others. 不 is bu2 before a 4th tone, bu5 in a few lexicalised words (对不起,
   差不多: `NEUTRAL_BU`), and keeps its tone in A不A and other potential forms (是不是 shi4 bu2
   shi4, 受不了 bu4): CSMSC writes 是不是 so in 17 of 18 cases.
4. Third tone: inside a run of 3rd tones in one clause, every syllable but the last becomes 2nd
   (展览馆 zhan2 lan2 guan3, 我也想买 wo2 ye2 xiang2 mai3), except a 3-character word built
   1+2 (老祖母 lao3 zu2 mu3); runs are cut at punctuation and, when `analyze` has predicted
   breaks, at #2 and above.

After these rules `Frontend` runs the tone corrector of `frontend.polyphone`, which learnt from
the CSMSC surface pinyin where speakers do otherwise (more neutral tones, some word boundaries
without third-tone sandhi). `Frontend(polyphone_model=False)` gives the rules' output alone.
"""

from dataclasses import dataclass, field

# Words whose 儿 is a syllable of its own.
FULL_ER = set(
    "婴儿 女儿 儿子 儿童 儿女 幼儿 孤儿 健儿 胎儿 患儿 男儿 少儿 妻儿 孙儿 宠儿 混血儿 弃儿 "
    "新生儿 早产儿 低能儿 寄生儿 产儿 乳儿 犬儿 侄儿 幸运儿 弄潮儿 儿媳 儿科 儿歌 育儿 "
    "托儿所 养儿 小儿 儿时 儿戏 儿孙 鱼儿 鸟儿 花儿 马儿 风儿 雁儿 羊儿 月儿 虫儿 聋儿 乞儿 "
    "幺儿 可儿".split()
)
# 鸟儿 / 花儿 / 月儿 ...: CSMSC reads these (mostly literary) words with a full er; so are
# names ending in 儿 (POS nr: 雪儿, 菲儿).

PARTICLE_BY_POS = {  # (char, jieba POS) -> neutral reading
    ("的", "uj"): "de5", ("地", "uv"): "de5", ("得", "ud"): "de5",
    ("了", "ul"): "le5", ("着", "uz"): "zhe5",
}  # 过 (ug) keeps guo4: CSMSC writes it so (96 times against a handful of guo5)
MODAL = {"吧": "ba5", "呢": "ne5", "啊": "a5", "吗": "ma5", "嘛": "ma5", "呀": "ya5",
         "哇": "wa5", "啦": "la5", "哪": "na5", "咯": "lo5", "喽": "lou5", "呗": "bei5"}
CUT_LEVEL = 2  # with gold CSMSC breaks: SER 2.36% (cut at #2) vs 2.42% (#3) vs 2.47% (none)
GE5_AFTER = set("这那哪几是有了")  # after 一 and 两 CSMSC is split about evenly: keep ge4
NEUTRAL_BU = set("对不起 差不多 看不起 舍不得 巴不得 怪不得 了不得 用不着 犯不着".split())
NOT_REDUPLICATED = set("常刚渐往偏恰仅稍渐默悄慢好快早久远")  # AA adverbs keep full tones
NUMERAL_CHARS = set("〇零一二两三四五六七八九十百千万亿")
DIGIT_CHARS = set("〇零一二三四五六七八九")  # 一 before these is a digit (一九九八); 一百 is yi4


@dataclass
class Word:
    text: str
    pos: str
    readings: list  # one numbered-pinyin string or None per character
    locked: list = field(default_factory=list)  # True where a user fixed the reading
    in_dict: bool = False  # pypinyin's phrase dictionary lists the word
    learnt: bool = False  # readings from the CSMSC word table: neutral tone/erhua already set

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


def apply_sandhi(words, breaks=None):
    """Apply all rules in place to one clause (list of Word); returns the same list.

    breaks: optional prosodic break level after each character (`frontend.prosody`); third-tone
    runs are then also cut at prosodic phrase breaks (#2) and above."""
    _erhua(words)
    _neutral(words)
    _yi_bu(words)
    _third_tone(words, breaks)
    return words


def _erhua(words):
    for wi, w in enumerate(words):
        if w.learnt:
            continue
        for i, ch in enumerate(w.text):
            if ch != "儿" or w.locked[i] or w.readings[i] is None:
                continue
            if len(w.text) >= 2 and i == len(w.text) - 1:
                if w.pos == "nr" or any(w.text.endswith(x) for x in FULL_ER):  # 女儿, 小女儿
                    continue
                prev_w, pi = w, i - 1
            elif len(w.text) == 1 and wi > 0 and words[wi - 1].pos[:1] in "nqmar" \
                    and words[wi - 1].pos != "nr":  # 一点 儿, 那 儿; not 他的 儿 (a son)
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
        if w.learnt:
            continue
        n = len(w.text)
        for i, ch in enumerate(w.text):
            if (ch, w.pos) in PARTICLE_BY_POS and n == 1:
                _set(w, i, PARTICLE_BY_POS[(ch, w.pos)])
            elif ch in MODAL and i == n - 1 and (w.pos in ("y", "e", "zg", "x") or n == 1):
                _set(w, i, MODAL[ch])
        for i, ch in enumerate(w.text):
            if ch == "个" and _prev_char(words, wi, i) in GE5_AFTER:
                _retone(w, i, 5)
        if n == 2 and w.text[0] == w.text[1] and w.pos[:1] in ("n", "v") \
                and w.text[0] not in NOT_REDUPLICATED and w.readings[1]:
            _retone(w, 1, 5)
        if n >= 2 and w.text[-1] == "们":
            _retone(w, n - 1, 5)
        if n >= 2 and w.text[-1] in "子头" and not w.in_dict and w.pos[:1] in ("n", "r", "t", "f"):
            _retone(w, n - 1, 5)


def _verb_before(words, wi, i):
    """The character before position i of word wi belongs to a verb (看一看, not 这个一个)."""
    if i > 0:
        w = words[wi]
        return w.pos.startswith("v") or (len(w.text) == 3 and w.text[0] == w.text[2])
    return wi > 0 and words[wi - 1].pos.startswith("v")


def _prev_char(words, wi, i):
    if i > 0:
        return words[wi].text[i - 1]
    return words[wi - 1].text[-1] if wi > 0 and words[wi - 1].text else ""


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
            after_next = chars[k + 2] if k + 2 < len(chars) else ""
            if prev_ch == "第" or prev_ch in NUMERAL_CHARS or next_ch in DIGIT_CHARS \
                    or nxt is None or (next_ch == "点" and after_next in DIGIT_CHARS) \
                    or (len(w.text) > 1 and i == len(w.text) - 1 and w.text[-2] not in "这那哪每"):
                w.readings[i] = "yi1"  # 第一, 十一, 一九九八, 一点五, 之一 唯一, at the end
            elif prev_ch and prev_ch == next_ch and _verb_before(words, wi, i):
                w.readings[i] = "yi5"  # 看一看
            elif _base_tone(words, flat[k + 1]) == "4":
                w.readings[i] = "yi2"
            else:
                w.readings[i] = "yi4"
        else:
            if w.text in NEUTRAL_BU:
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


def _third_tone(words, breaks=None):
    for domain in _domains(words, breaks):
        run = []
        for wi, i in domain + [(None, None)]:
            r = None if wi is None else words[wi].readings[i]
            if r is None and wi is not None and words[wi].text[i] == "儿" and run:
                continue  # a merged erhua 儿 does not end the run
            if r is not None and r[-1] == "3" and not words[wi].locked[i]:
                run.append((wi, i))
                continue
            if len(run) == 3 and len({wi for wi, _ in run}) == 1 \
                    and _one_plus_two(words[run[0][0]].text):
                run = run[1:]  # 老|祖母 lao3 zu2 mu3: the first syllable stands alone
            for rwi, ri in run[:-1]:
                _retone(words[rwi], ri, 2)
            run = []


def _one_plus_two(text):
    """A 3-character word built as 1+2 (老|祖母, 小|老板) rather than 2+1 (展览|馆)."""
    from frontend.pinyin import in_phrase_dict

    return in_phrase_dict(text[1:]) and not in_phrase_dict(text[:2])


def _domains(words, breaks=None):
    """Stretches where third-tone sandhi applies: the whole clause (runs are cut by punctuation
    and by any other tone). Cutting also between words (even only between two words of two or
    more characters) raised the syllable error rate on the CSMSC training sentences, from 2.5%
    to 2.8-3.5%: the annotators carry the sandhi over most word boundaries. With `breaks`, a
    break of level `CUT_LEVEL` or more cuts the stretch."""
    flat = [(wi, i) for wi, w in enumerate(words) for i in range(len(w.text))]
    if breaks is None:
        return [flat]
    domains, span = [], []
    for k, pos in enumerate(flat):
        span.append(pos)
        if k < len(breaks) and breaks[k] >= CUT_LEVEL:
            domains.append(span)
            span = []
    return domains + [span]
