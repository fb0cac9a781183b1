"""Account codes from unit names: ASCII, no diacritics, đ→d (design §1)."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case `text`, drop diacritics and map đ to d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def compact(name: str) -> str:
    """Return the name folded with every space and sign removed: "Huyện Xín Mần" → "huyenxinman"."""
    return _NON_ALNUM.sub("", fold(name))


def initials(name: str) -> str:
    """Return the folded first letters of each word: "Tỉnh Hà Giang" → "thg"."""
    return "".join(word[0] for word in _NON_ALNUM.split(fold(name)) if word)


def unique_code(base: str, taken) -> str:
    """Return `base`, or `base` with the smallest numeric suffix not in `taken`."""
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"
