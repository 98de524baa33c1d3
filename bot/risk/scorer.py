"""Score a job offer (pasted text and/or guided answers) against the indicator catalogue.

Pure: no I/O beyond loading the packaged data files once. The result never says "safe": the
lowest level, "low", means only that no known warning sign was found.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.locations import LocationRegistry, PlaceMatch
from bot.risk.catalogue import Catalogue, Indicator, load_catalogue
from bot.risk.fold import Folded, fold
from bot.risk.pay import PayAmount, parse_folded, parse_pay
from bot.risk.rates import Rates, load_rates
from nlu.languages import normalize_language

MAX_SCAN_CHARS = 6000  # job ads are shorter; a longer paste is cut so a check stays fast
MAX_EVIDENCE = 3
MIN_LETTERS = 15
_URL = re.compile(r"(?:https?://|www\.|t\.me/|wa\.me/)\S+", re.I)
# Scripts the catalogue has words for: Latin (incl. Vietnamese), Thai, Lao, Burmese, Khmer, Han.
_SUPPORTED = re.compile(
    "[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0e00-\u0eff\u1000-\u109f\uaa60-\uaa7f\u1780-\u17ff"
    "\u19e0-\u19ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)


@dataclass(frozen=True)
class Flag:
    """One warning sign found, the words that showed it (as written) and its weight."""

    id: str
    evidence: tuple[str, ...]
    weight: int


@dataclass(frozen=True)
class Assessment:
    """The risk check's verdict on one offer."""

    score: int
    level: str
    flags: tuple[Flag, ...]
    lang: str | None
    answered: Mapping[str, str] = field(default_factory=dict)
    insufficient: bool = False


@dataclass
class _Found:
    """Mutable collector used while one assessment is built."""

    evidence: dict[str, list[str]] = field(default_factory=dict)
    answered: dict[str, str] = field(default_factory=dict)
    mitigators: set[str] = field(default_factory=set)

    def add(self, indicator_id: str, quote: str | None) -> None:
        quotes = self.evidence.setdefault(indicator_id, [])
        if quote and quote not in quotes and len(quotes) < MAX_EVIDENCE:
            quotes.append(quote)


def assess(text: str, lang: str | None = None, answers: Mapping[str, str] = {},
           origin_country: str | None = None) -> Assessment:
    """Check an offer; text and guided answers combine. Never raises on odd input."""
    text = text if isinstance(text, str) else ""
    answers = answers if isinstance(answers, Mapping) else {}
    code = normalize_language(lang) if isinstance(lang, str) else None
    catalogue, rates = load_catalogue(), load_rates()
    places = LocationRegistry.load()
    origin = _origin(origin_country, code, rates)
    found = _Found()
    folded = fold(text[:MAX_SCAN_CHARS])
    _scan(folded, code, origin, catalogue, rates, places, found, main=True)
    coded = _answers(answers, code, origin, catalogue, rates, places, found)
    flags = _flags(catalogue, found)
    score = _score(catalogue, flags, found)
    return Assessment(score, _level(catalogue, score), flags, code, dict(found.answered),
                      _insufficient(text, lang, code, coded))


def _origin(origin: str | None, lang: str | None, rates: Rates) -> str | None:
    if isinstance(origin, str) and len(origin.strip()) == 2:
        return origin.strip().upper()
    return rates.lang_country.get(lang or "")


def _scan(folded: Folded, lang: str | None, origin: str | None, catalogue: Catalogue,
          rates: Rates, places: LocationRegistry, found: _Found, main: bool) -> None:
    for indicator in catalogue.indicators:
        if indicator.matcher is not None:
            for hit in indicator.matcher.finditer(folded.text):
                found.add(indicator.id, folded.excerpt(hit.start(), hit.end()))
                if main:
                    for question, answer in indicator.implies.items():
                        found.answered.setdefault(question, answer)
                if len(found.evidence[indicator.id]) >= MAX_EVIDENCE:
                    break
    for mitigator in catalogue.mitigators:
        if mitigator.matcher is not None and mitigator.matcher.search(folded.text):
            found.mitigators.add(mitigator.id)
    _places(places.match_folded(folded), origin, catalogue, found, main)
    _pay(parse_folded(folded, lang, True, rates), origin, catalogue, rates, found, main)


def _places(hits: tuple[PlaceMatch, ...], origin: str | None, catalogue: Catalogue,
            found: _Found, main: bool) -> None:
    for hit in hits:
        place = hit.place
        conditions = set()
        if place.compound_risk:
            conditions.add("place:compound")
        if place.transit_risk:
            conditions.add("place:transit")
        if place.country != origin:
            conditions.add("place:abroad")
            if place.kind == "country":
                conditions.add(f"country:{place.country}")
        _entity(conditions, hit.text, catalogue, found)
        where = place.country.lower()
        if not main or place.country == origin or where not in catalogue.questions["where"]:
            continue
        if place.compound_risk:
            found.answered["where"] = where  # the compound area is the destination
        elif place.kind not in ("transit", "border_crossing"):
            found.answered.setdefault("where", where)  # a stop on the way is not


def _pay(amounts: tuple[PayAmount, ...], origin: str | None, catalogue: Catalogue,
         rates: Rates, found: _Found, main: bool) -> None:
    if not amounts:
        return
    high = False
    for amount in amounts:
        if amount.period == "hour":
            continue  # hourly gigs depend on hours worked; compound lures promise a monthly wage
        country = origin or rates.currency_country.get(amount.currency)
        if amount.monthly_usd > rates.threshold(country).threshold_usd:
            high = True
            _entity({"pay:above_threshold"}, amount.text, catalogue, found)
    if main:
        found.answered.setdefault("pay", "much_more" if high else "usual")


def _entity(conditions: set[str], quote: str, catalogue: Catalogue, found: _Found) -> None:
    for indicator in catalogue.indicators:
        if indicator.entities & conditions:
            found.add(indicator.id, quote)


def _answers(answers: Mapping[str, str], lang: str | None, origin: str | None,
             catalogue: Catalogue, rates: Rates, places: LocationRegistry,
             found: _Found) -> int:
    """Apply guided answers; free-text answers are read like ad text. Returns coded count."""
    coded = 0
    for question, answer in answers.items():
        if not isinstance(answer, str) or not answer.strip():
            continue
        if answer in catalogue.questions.get(str(question), ()):
            coded += 1
            _coded_answer(str(question), answer, origin, catalogue, found)
        elif question == "where" and (place := places.get(answer)) is not None:
            coded += 1
            _places((PlaceMatch(place, place.name),), origin, catalogue, found, main=False)
        elif question == "pay":
            amounts = parse_pay(answer[:200], lang, require_context=False, rates=rates)
            _pay(amounts, origin, catalogue, rates, found, main=False)
        else:
            folded = fold(answer[:1000])
            _scan(folded, lang, origin, catalogue, rates, places, found, main=False)
    return coded


def _coded_answer(question: str, answer: str, origin: str | None, catalogue: Catalogue,
                  found: _Found) -> None:
    for indicator in catalogue.indicators:
        if answer in indicator.answers.get(question, ()) and not _home(question, answer, origin):
            found.add(indicator.id, None)
    for mitigator in catalogue.mitigators:
        if answer in mitigator.answers.get(question, ()):
            found.mitigators.add(mitigator.id)


def _home(question: str, answer: str, origin: str | None) -> bool:
    # "The job is in Cambodia" is no warning sign for someone who lives in Cambodia.
    return question == "where" and origin is not None and answer.upper() == origin


def _flags(catalogue: Catalogue, found: _Found) -> tuple[Flag, ...]:
    flags = []
    for indicator_id, quotes in found.evidence.items():
        indicator: Indicator = catalogue.indicator(indicator_id)
        flags.append(Flag(indicator_id, tuple(quotes), indicator.weight))
    return tuple(sorted(flags, key=lambda f: (-f.weight, f.id)))


def _score(catalogue: Catalogue, flags: tuple[Flag, ...], found: _Found) -> int:
    if not flags:
        return 0
    heaviest: dict[str, int] = {}  # one fact reported by several indicators counts once
    for flag in flags:
        family = catalogue.indicator(flag.id).family
        heaviest[family] = max(heaviest.get(family, 0), flag.weight)
    keep = 1.0
    for weight in heaviest.values():
        keep *= 1 - weight / 100  # diminishing returns: each sign adds less
    ids = {f.id for f in flags}
    bonus = sum(c.bonus for c in catalogue.combos if all(ids & s for s in c.all_of))
    hard = any(catalogue.indicator(i).hard for i in ids)
    relief = 0 if hard else min(catalogue.mitigation_cap, sum(
        m.reduce for m in catalogue.mitigators if m.id in found.mitigators))
    return max(0, min(100, round(100 * (1 - keep)) + bonus - relief))


def _level(catalogue: Catalogue, score: int) -> str:
    level = "low"
    for name in ("caution", "high", "very_high"):
        if score >= catalogue.levels[name]:
            level = name
    return level


def _insufficient(text: str, lang: str | None, code: str | None, coded: int) -> bool:
    if coded:
        return False
    if lang and code is None:
        return True  # a language the catalogue has no words for
    content = _URL.sub(" ", text[:MAX_SCAN_CHARS])
    letters = [c for c in content if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return True
    supported = sum(1 for c in letters if _SUPPORTED.match(c))
    return supported < len(letters) / 2
