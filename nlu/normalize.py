"""Input normalisation every inbound message goes through before NLU and storage."""

from __future__ import annotations

import re
import unicodedata

from nlu.zawgyi import to_unicode

# Control and format characters (C0/C1 controls, bidi overrides, zero-width spaces) break
# matching and can hide text from people reading it later; newlines and tabs carry meaning.
# Zero-width joiner and non-joiner (U+200C, U+200D) stay: emoji sequences and some scripts
# need them.
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def normalize_input(text: str) -> str:
    """Zawgyi -> Unicode, NFC, and strip control characters (newlines and tabs are kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = to_unicode(text)
    return _UNWANTED.sub("", unicodedata.normalize("NFC", text))
