"""Free-text validators the triage flows name (``nationality``, ``country``), in the engine's form.

The lead registers them next to the core validators: ``VALIDATORS | TRIAGE_VALIDATORS``.
"""

from collections.abc import Mapping

from bot.core.ports import Places
from bot.core.validators import Validation, Validator
from bot.triage.countries import match_country
from bot.core.events import M_

_MAX_TEXT = 200


def nationality(text: str, _places: Places | None) -> Validation:
    """A typed nationality or country name -> ISO alpha-2 (``"I am Indonesian"`` -> ``ID``)."""
    code = match_country(text[:_MAX_TEXT])
    if code is None:
        return Validation(False, error=M_("triage.validate.nationality"))
    return Validation(True, code)


def country(text: str, places: Places | None) -> Validation:
    """A typed country, or a known town or compound -> the ISO alpha-2 of its country."""
    clean = text[:_MAX_TEXT]
    code = match_country(clean)
    if code is None and places is not None:
        hit = places.match_text(clean)
        code = hit["country"] if hit else None
    if code is None:
        return Validation(False, error=M_("triage.validate.country"))
    return Validation(True, code)


TRIAGE_VALIDATORS: Mapping[str, Validator] = {"nationality": nationality, "country": country}
