"""Stage 1b: turn a file's bytes into text, or say why not.

The decoded text is the bytes decoded with the BOM removed and CRLF / CR
turned into LF; line numbers and evidence refer to it.  UTF-8 is tried
first (it is strict enough to be its own detector); other files go to
charset-normalizer, restricted to the encodings such reports use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Encodings a Chinese report folder holds besides UTF-8; GB18030 is a
# superset of GBK and GB2312, so those decode as GB18030.
CANDIDATE_ENCODINGS = ("gb18030", "big5", "utf_16")

# Characters that fill any report about the work, in both scripts.  A
# byte string that decodes both as GB18030 and as Big5 reads as real words
# under the right codec only; the wrong one yields rare characters.
COMMON_CHARS = frozenset(
    "的一是在不了有和人这中大为上个我以要们到作地于出就分对成会可主发年动同工也能下过"
    "子产种面而方后多定行学法所民得经十三之进着等部度家力里如水化高自二理起小物现实加量"
    "都两体制机当使点从业本去把性好应开合还因由其些然前外天政四日那社义事平形相全表间样"
    "与关各重新线内数正心反明看原又利比或但质气第向道此变条只没结解问意建月公无系很情者"
    "最立代已通并提直题党程展五果料象员位入常文总次品式活设及管特件长求基资边流路级少图"
    "山统接知较将组见计别手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色"
    "光门即保治北造百规热领七海口东导器志世金增争济思术极交受联认六共权收证改清己美再采"
    "转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报完类八离华名确才科张信"
    "节话米整空元况今集传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容"
    "儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往历市克何除消构"
    "府称太准精值号率族维划选标写存候毛亲快效院查江型眼王按格养易置派层片始专状育厂识适"
    "属包火住调满县局照参红细引听该价严龙普镇乡村协训培费投宣站户"
    "這為個們來對會時國發動產種後實兩當點從業還與關間數現問題應機說開經學動資圖計處會員"
    "進區農縣鄉鎮協訓費舉辦廣傳報書務設備議歷聯單縣級總體"
)

# Signatures of files that are certainly not text.
BINARY_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"%PDF",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\xd0\xcf\x11\xe0",
    b"\x7fELF",
)


@dataclass(frozen=True)
class Decoded:
    text: str | None  # None when the file could not be decoded
    encoding: str | None
    status: str  # ok | empty | binary | decode_error
    error: str | None
    warning: str | None = None  # decoded, but something is worth a look


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes) -> Decoded:
    """Decode a report file.

    >>> decode_bytes("县科协举办培训班".encode("gb18030")).encoding
    'gb18030'
    >>> decode_bytes(b"\\xef\\xbb\\xbfa\\r\\nb").text
    'a\\nb'
    """
    if not data:
        return Decoded(None, None, "empty", "the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8-sig", "utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", "utf-16")
    if data.startswith(BINARY_MAGIC):
        return Decoded(None, None, "binary", "binary file (known file signature)")
    # Interrupted downloads and preallocated files end in NUL padding; the
    # text before it is still the report.  (UTF-16 without a BOM has NULs
    # all through, so it still reaches the check below.)
    stripped = data.rstrip(b"\x00")
    if b"\x00" in stripped[:8192]:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if common_share(text) > 0.3:
                return _finish(text, "utf-16")
        return Decoded(None, None, "binary", "binary file (NUL bytes)")
    padding = ""
    if len(stripped) < len(data):
        padding = f"{len(data) - len(stripped)} trailing NUL bytes dropped"
        data = stripped
        if not data:
            return Decoded(None, None, "binary", "binary file (only NUL bytes)")
    if b"\x00" in data:
        # NUL inside the text (past the first 8 KiB, which was checked
        # above) is never part of a report: the file is something else.
        return Decoded(None, None, "binary", f"binary file (NUL byte at {data.index(0)})")
    result = _decode_text(data)
    if padding and result.status == "ok":
        warning = "; ".join(w for w in (padding, result.warning) if w)
        return Decoded(result.text, result.encoding, "ok", None, warning)
    return result


def _decode_text(data: bytes) -> Decoded:
    """UTF-8 first; then mixed UTF-8 / legacy files; then legacy encodings."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            text = data[: exc.start].decode("utf-8")
            return Decoded(
                normalize_newlines(text),
                "utf-8",
                "ok",
                None,
                f"truncated multi-byte character at byte {exc.start} dropped",
            )
        return _decode_mixed(data) or _detect(data)
    if not text.strip():
        return Decoded(None, "utf-8", "empty", "the file holds only whitespace")
    return Decoded(normalize_newlines(text), "utf-8", "ok", None)


# A line counts as UTF-8 evidence only with this many multi-byte characters:
# a run of legacy (GBK / Big5) bytes forms valid UTF-8 by chance with a
# probability of about 1 in 10 per character, so four in a row is already
# rarer than 1 in 10,000 and real UTF-8 report lines hold dozens.
MIXED_MIN_UTF8_CHARS = 4


def _decode_mixed(data: bytes) -> Decoded | None:
    """A file pasted together from a UTF-8 part and a GB18030 / Big5 part.

    Decided per line: a line that is valid UTF-8 is UTF-8, every other line
    is decoded with the one legacy encoding that fits all of them.  Used only
    when both kinds are clearly present, and reported as a ``decode_warning``
    because line-level guessing is less certain than a whole-file decode.
    Returns None when the file is not such a mix.
    """
    lines = data.split(b"\n")
    utf8: dict[int, str] = {}
    other: list[int] = []
    strong_utf8 = False
    for i, line in enumerate(lines):
        try:
            decoded = line.decode("utf-8")
        except UnicodeDecodeError:
            other.append(i)
            continue
        utf8[i] = decoded
        if sum(1 for c in decoded if ord(c) > 0x7F) >= MIXED_MIN_UTF8_CHARS:
            strong_utf8 = True
    if not strong_utf8 or not other:
        return None
    legacy = _detect(b"\n".join(lines[i] for i in other))
    if legacy.status != "ok" or legacy.encoding not in ("gb18030", "big5"):
        return None
    parts: list[str] = []
    for i, line in enumerate(lines):
        if i in utf8:
            parts.append(utf8[i])
        else:
            try:
                parts.append(line.decode(legacy.encoding))
            except UnicodeDecodeError:
                return None
    text = normalize_newlines("\n".join(parts))
    if not text.strip():
        return None
    encoding = f"utf-8+{legacy.encoding}"
    return Decoded(
        text,
        encoding,
        "ok",
        None,
        f"mixed encodings: {len(other)} of {len(lines)} lines decoded as {legacy.encoding}, "
        "the others as utf-8",
    )


def _strict(data: bytes, codec: str, name: str) -> Decoded:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        return Decoded(None, name, "decode_error", f"invalid {name} at byte {exc.start}")
    text = text.lstrip("\ufeff")
    if not text.strip():
        return Decoded(None, name, "empty", "the file holds only whitespace")
    return Decoded(normalize_newlines(text), name, "ok", None)


_CJK_RE = re.compile("[\u4e00-\u9fff]")
_COMMON_RE = re.compile("[" + "".join(sorted(COMMON_CHARS)) + "]")  # all of them are CJK


def common_share(text: str) -> float:
    """Share of CJK characters in ``text`` that are common report characters."""
    cjk = len(_CJK_RE.findall(text))
    if not cjk:
        return 0.0
    return len(_COMMON_RE.findall(text)) / cjk


# UTF-16 without a BOM and without ASCII has no NUL bytes to give it away,
# and GB18030 decodes most such byte strings into nonsense.  Only the right
# codec yields common report characters: UTF-16 wins when its share of them
# is at least this, and this much above the legacy codecs' best.
UTF16_MIN_SHARE = 0.3
UTF16_MARGIN = 0.15
# Bytes of the file that the share is computed on (even, so UTF-16 aligns).
SCORE_SAMPLE_BYTES = 64 * 1024
UTF16_CODECS = ("utf-16-le", "utf-16-be")


def _utf16_without_bom(data: bytes, legacy_share: float) -> Decoded | None:
    if len(data) % 2:
        return None
    sample = data[:SCORE_SAMPLE_BYTES]
    # "replace": the sample's end may cut a surrogate pair in two; the whole
    # file is decoded strictly below.
    shares = {codec: common_share(sample.decode(codec, "replace")) for codec in UTF16_CODECS}
    codec = max(shares, key=lambda c: shares[c])  # the wrong byte order reads as rare characters
    if shares[codec] < UTF16_MIN_SHARE or shares[codec] < legacy_share + UTF16_MARGIN:
        return None
    try:
        return _finish(data.decode(codec), "utf-16")
    except UnicodeDecodeError:
        return None


def _detect(data: bytes) -> Decoded:
    decodings: dict[str, str] = {}
    for codec in ("gb18030", "big5"):
        try:
            decodings[codec] = data.decode(codec)
        except UnicodeDecodeError:
            continue
    scores = {codec: common_share(text) for codec, text in decodings.items()}
    utf16 = _utf16_without_bom(data, max(scores.values(), default=0.0))
    if utf16 is not None:
        return utf16
    if len(decodings) == 2:
        if abs(scores["gb18030"] - scores["big5"]) > 0.05:
            best = max(scores, key=lambda k: scores[k])
            return _finish(decodings[best], best)
        decodings = {}  # too close to call: let the statistical detector decide
    if len(decodings) == 1:
        codec, text = next(iter(decodings.items()))
        return _finish(text, codec)
    import charset_normalizer

    match = charset_normalizer.from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    if match is None:
        return Decoded(None, None, "decode_error", "not valid UTF-8, GB18030, Big5 or UTF-16 text")
    encoding = "utf-16" if match.encoding.startswith("utf_16") else match.encoding
    return _strict(data, match.encoding, encoding)


def _finish(text: str, encoding: str) -> Decoded:
    if not text.strip():
        return Decoded(None, encoding, "empty", "the file holds only whitespace")
    return Decoded(normalize_newlines(text), encoding, "ok", None)
