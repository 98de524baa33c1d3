"""Fold text for matching (case, Latin diacritics, native digits) while keeping original offsets.

Patterns are matched against the folded text; evidence is cut from the original text, so a
quote reads exactly as the person wrote it.
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Zero-width characters that Khmer, Thai, Lao and Burmese writers (and copy-paste) insert
# between words; they would break substring matches.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# Combining diacritics of the Latin script only (Vietnamese tones, accents); the vowel signs
# of Thai, Lao, Khmer and Burmese live in their own blocks and are kept.
_LATIN_MARKS = range(0x300, 0x370)
_SPECIAL = {"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o"}


@dataclass(frozen=True)
class Folded:
    """A folded text with a map from each folded position back to the original."""

    original: str
    text: str
    index: tuple[int, ...]  # len(text) + 1 entries: original offset of each folded char

    def excerpt(self, start: int, end: int, limit: int = 80) -> str:
        """The original text behind a folded span, trimmed to ``limit`` characters."""
        lo, hi = self.index[start], self.index[end]
        return " ".join(self.original[lo:hi].split())[:limit]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of a folded span."""
        return self.index[start], self.index[end]


@lru_cache(maxsize=16384)
def fold_char(char: str) -> str:
    """Fold one character: lower case, no Latin diacritics, ASCII digits, no invisibles."""
    if char.isascii():
        return char.lower()
    if char in _INVISIBLE:
        return ""
    if char in _SPECIAL:
        return _SPECIAL[char]
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if ord(c) not in _LATIN_MARKS)
    return unicodedata.normalize("NFC", kept).casefold()


def fold(text: str) -> Folded:
    """Fold a whole text, remembering where every folded character came from."""
    if text.isascii():
        return Folded(text, text.lower(), tuple(range(len(text) + 1)))
    parts: list[str] = []
    index: list[int] = []
    for pos, char in enumerate(text):
        piece = fold_char(char)
        parts.append(piece)
        index.extend([pos] * len(piece))
    index.append(len(text))
    return Folded(text, "".join(parts), tuple(index))


def fold_str(text: str) -> str:
    """Only the folded string (for data loaded at start-up)."""
    return "".join(fold_char(c) for c in text)
