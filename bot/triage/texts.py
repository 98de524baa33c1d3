"""Helpers for what triage renders itself (operator alerts, contact lists).

Every template comes from the catalogues (``locales/``) through the gettext the caller passes;
data texts from the partner directory (notes, warnings) are the fallback only for ids the
catalogues do not have yet.
"""

from collections.abc import Callable

Gettext = Callable[[str], str]


def translate(gettext: Gettext, msgid: str, fallback: str | None = None) -> str:
    """Translate with ``gettext``; a data text stands in when the catalogue lacks the id."""
    text = gettext(msgid)
    if text and text != msgid:
        return text
    return fallback if fallback is not None else msgid


def fill(template: str, **params: object) -> str:
    """Put parameters into a template; stray braces in a translation cannot break it."""
    for key, value in params.items():
        template = template.replace("{" + key + "}", str(value))
    return template
