"""Reading numbers aloud in Mandarin: cardinals, decimals, digit strings, 两 vs 二.

All functions take ASCII digit strings (already validated by the caller's regex) and return
Chinese characters. Nothing here looks at the surrounding text except `reads_liang`, which
decides whether a lone 2 before a measure word is 两.
"""

DIGIT_NAMES = "零一二三四五六七八九"
# Digit-by-digit readings here use 一 for 1. The normaliser swaps in 幺 for numbers to dial
# (phone numbers, hotlines, 尾号, the emergency numbers: 幺三八, 幺零零八六, 幺幺零), as callers
# say them; codes, IDs, years, versions and IPs keep 一.

# Section units, every four digits: 个, 万, 亿, 万亿. Beyond 16 digits nobody reads a number
# as a quantity, so longer strings are read digit by digit.
_SECTION_UNITS = ("", "万", "亿", "万亿")
_MAX_CARDINAL_DIGITS = 16

# Words after which a lone "2" is read 两 (两个, 两天, 两公里): measure words and units.
# Dates (月 日 号), floors and grades (楼 层 级 年级), and the weight unit 两 keep 二.
LIANG_MEASURES = (
    "个月", "分钟", "小时", "星期", "礼拜", "公里", "公斤", "千克", "千米", "厘米", "毫米",
    "毫升", "平方", "立方", "英里", "英尺", "英寸", "公顷", "千瓦", "摄氏度", "美元", "欧元",
    "英镑", "日元", "港元", "港币", "澳元", "人民币", "倍速", "荤", "折",
    "个", "只", "条", "张", "件", "位", "名", "人", "次", "回", "遍", "趟", "本", "台", "辆",
    "架", "艘", "座", "栋", "幢", "间", "家", "所", "种", "类", "项", "套", "双", "对", "副",
    "份", "天", "年", "周", "岁", "倍", "秒", "点", "刻", "块", "元", "角", "毛", "斤", "克",
    "吨", "米", "里", "升", "亩", "百", "千", "万", "亿", "颗", "粒", "片", "根", "支", "枝",
    "把", "首", "部", "集", "场", "局", "盘", "杯", "瓶", "碗", "盒", "包", "袋", "箱", "桶",
    "排", "行", "句", "段", "篇", "页", "章", "门", "道", "口", "头", "匹", "棵", "株", "朵",
    "封", "笔", "批", "群", "组", "样", "款", "步", "声", "下", "眼", "届", "轮", "季", "串",
    "滴", "餐", "顿", "辈", "代", "手", "列", "扇", "面", "尊", "伙", "户", "起", "例", "宗",
    "桩", "则", "成", "截", "圈", "大", "国", "岸", "会", "党", "侧", "边", "端", "方", "者",
    "分", "瓦", "伏", "室", "厅", "卫", "居", "安", "毫", "微", "纳", "赫", "焦", "帕", "卡",
    "磅", "盎司", "像素", "度", "枚", "剂", "针", "盏", "顶", "帧", "束", "幅", "拨", "波", "阵",
    "番", "通", "招", "票", "格", "档", "节", "堂", "科", "站", "晚", "夜", "桌", "碟", "勺",
    "罐", "壶", "盆", "汤匙", "茶匙", "匙", "单位", "题", "板", "贴", "罚", "注", "金", "银", "铜", "梯", "寸", "尺", "丈", "码", "斗", "升", "胜", "负", "平", "杆", "死", "伤", "亡",
    "球", "分球", "粒球", "堵", "层楼", "马力", "房", "牛", "欧", "摩尔", "战", "海里",
    "GB", "TB", "MB", "KB", "bp",
    "连胜", "连败", "连冠", "连涨", "连跌", "连板",  # 2连胜 两连胜, like 三连胜 said as a count
)
LIANG_MEASURES = tuple(dict.fromkeys(LIANG_MEASURES))  # one entry each, order kept
# Words that look like measures but keep 二: 2年级 二年级, 2号 二号, 2分之1 二分之一, 10的-2次方
# 十的负二次方, 2季度末 二季度 (the second quarter).
_LIANG_EXCEPTIONS = ("年级", "分之", "号", "楼", "层", "级", "次方", "次幂", "季度")
_SIZE_WORDS = ("大", "小", "整", "满")
_COUNT_BEFORE_FLOORS = ("共", "有", "高", "建", "盖", "上下", "栋", "幢")  # (一栋2层民房 两层)


def digits(s):
    """'10086' -> 一零零八六: one syllable per digit."""
    return "".join(DIGIT_NAMES[ord(c) - 48] for c in s)


def _four(n, first, liang):
    """Read 0 < n < 10000. `first`: this is the number's highest section (no leading 零,
    10-19 read 十X). `liang`: a leading 2 in the 千/百 place of the whole number is 两."""
    out = []
    places = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    zero = False
    started = False
    for value, unit in places:
        d = n // value % 10
        if d == 0:
            if started or not first:
                zero = True
            continue
        if zero and (started or not first):
            out.append("零")
        zero = False
        if value == 10 and d == 1 and first and not started:
            out.append("十")  # 十五, not 一十五, at the head of a number
        elif d == 2 and value == 1000 and liang and first and not started:
            out.append("两千")  # 两千, 两千万; inside a number 二: 一万二千 (99 blind writers of
            # rounds 56-111 to 87; 一千二百 1,047 to 21)
        elif d == 2 and value == 100 and liang and first and not started:
            out.append("两百")
        else:
            out.append(DIGIT_NAMES[d] + unit)
        started = True
    return "".join(out)


def cardinal(s, liang=True):
    """'1234567' -> 一百二十三万四千五百六十七. `liang=False` for ordinals and math, where
    2 is always 二. A lone '2' is 二 here; `reads_liang` decides 两 from context."""
    s = s.lstrip("0")
    if not s:
        return "零"
    if len(s) > _MAX_CARDINAL_DIGITS:
        return digits(s)
    n = int(s)
    sections = []
    while n:
        sections.append(n % 10000)
        n //= 10000
    out = []
    pending_zero = False
    top = len(sections) - 1
    for i in range(top, -1, -1):
        sec = sections[i]
        if sec == 0:
            pending_zero = True
            continue
        if pending_zero and sec >= 1000:
            out.append("零")  # 一亿零一千万; below 1000 `_four` adds its own 零
        pending_zero = False
        unit = _SECTION_UNITS[i]
        if sec == 2 and i > 0 and liang:
            out.append("两" + unit)  # 两万, 两亿
        else:
            out.append(_four(sec, i == top, liang) + unit)
    return "".join(out)


def decimal(integer, fraction, liang=True):
    """('3', '14') -> 三点一四; fraction digits are read one by one."""
    head = cardinal(integer, liang=liang) if integer else "零"
    if not fraction:
        return head
    return head + "点" + digits(fraction)


def reads_liang(number, following, preceding=""):
    """True when the integer string `number` (exactly '2') is said 两 given what follows."""
    if number != "2" or preceding.endswith(("第", "比", "正", "负")):
        return False  # 第2名, 4比2胜出: an ordinal and a score are 二; so is a signed 2 (日差负2到正2秒)
    if following.startswith("分之差"):
        return True  # 以2分之差 两分之差: a margin of points, not a fraction
    if following.startswith(("日内", "日以内")):
        return True  # 收到后2日内 两日内: a number of days
    if following.startswith("级") and preceding.endswith(("相差", "差", "升", "降", "跨", "提高", "提升", "连升", "越")):
        return True  # 震级相差2级 两级: a difference of grades, not a grade's name (二级)
    if following.startswith(("层", "楼")) and preceding.endswith(_COUNT_BEFORE_FLOORS) and not (
            following.startswith("楼") and preceding.endswith(("栋", "幢"))):  # 3栋2楼: a floor's name
        return True  # 地下共2层 两层: a count of floors (地下2层 is a floor's name, 二层)
    if following.startswith(_LIANG_EXCEPTIONS):
        return False
    if following[:1] in _SIZE_WORDS and not following.startswith(LIANG_MEASURES):
        following = following[1:]  # 两小勺, 两大碗, 两整天
    return following.startswith(LIANG_MEASURES)


def integer(number, following="", preceding=""):
    """Read an integer string in context: ordinals (第2) use 二, a lone 2 before a measure
    word is 两, leading zeros and over-long strings are read digit by digit."""
    if len(number) > 1 and number[0] == "0":
        return digits(number)
    if reads_liang(number, following, preceding):
        return "两"
    return cardinal(number, liang=not preceding.endswith("第"))
