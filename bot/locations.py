"""Location registry: compound areas, transit points and countries, with aliases in every script.

Data: ``bot/data/locations.yml`` (provenance and limits are documented there). Matching works
on folded text (see ``bot.risk.fold``): Latin aliases need word boundaries and ignore case,
diacritics and separators ("KK-Park" = "kk park"); Thai, Khmer, Lao, Burmese and Chinese
aliases match as substrings, since those scripts write no spaces between words.
"""

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.risk.fold import Folded, fold, fold_str

DATA_FILE = Path(__file__).resolve().parent / "data" / "locations.yml"
KINDS = frozenset({"compound", "town", "border_crossing", "zone", "transit"})
ALIAS_SCRIPTS = frozenset({"latin", "th", "km", "my", "lo", "zh_Hans", "zh_Hant", "vi"})
NAME_LANGS = ("en", "th", "vi", "id", "ms", "fil", "km", "my", "lo", "zh_Hans", "zh_Hant")
NEAREST_KM = 25.0
_SEP = r"[\s\-_.'’]*"
_SEP_RE = re.compile(r"[\s\-_.'’]+")
_EARTH_KM = 6371.0


class LocationError(ValueError):
    """The location file is malformed (the message names the file and the entry)."""


@dataclass(frozen=True)
class Coords:
    """Latitude/longitude in degrees; ``approximate`` when not surveyed."""

    lat: float
    lon: float
    approximate: bool = True


@dataclass(frozen=True)
class Place:
    """A known place (or a country, with ``kind == "country"``)."""

    id: str
    name: str
    country: str
    kind: str
    compound_risk: bool = False
    transit_risk: bool = False
    coords: Coords | None = None
    source: str = ""
    unverified: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PlaceMatch:
    """A place found in a text (span and words as written) or near a pin (distance)."""

    place: Place
    text: str = ""
    start: int = 0
    end: int = 0
    distance_km: float | None = None

    @property
    def id(self) -> str:
        """The place id (ISO code for a country)."""
        return self.place.id


@dataclass(frozen=True)
class _Box:
    country: str
    lat_min: float
    lat_max: float
    lon_min: float
    lon_max: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.lat_min <= lat <= self.lat_max and self.lon_min <= lon <= self.lon_max


class LocationRegistry:
    """Places and countries, matched in text or near a coordinate."""

    def __init__(self, places: Sequence[Place], aliases: Mapping[Place, Sequence[str]],
                 boxes: Sequence[_Box] = (), country_names: Mapping[str, Mapping[str, str]] = {}):
        """Build the matcher from places and their aliases (already validated)."""
        self.places: tuple[Place, ...] = tuple(places)
        self._by_id = {p.id: p for p in self.places}
        self._boxes = tuple(boxes)
        self._names = dict(country_names)
        self._literal: dict[str, Place] = {}
        self._regex: list[tuple[re.Pattern[str], Place]] = []
        self._pattern = self._compile(aliases)

    @classmethod
    def load(cls, path: Path = DATA_FILE) -> "LocationRegistry":
        """Load and validate the registry file (cached for the default file)."""
        if path == DATA_FILE:
            return _default_registry()
        return _load(path)

    def get(self, place_id: str) -> Place | None:
        """A place or country by id."""
        return self._by_id.get(place_id)

    def country_name(self, code: str, lang: str = "en") -> str | None:
        """A country's name in one of the launch languages."""
        return self._names.get(code, {}).get(lang)

    def match(self, text: str) -> tuple[PlaceMatch, ...]:
        """Every place named in ``text``, longest alias first at each position, in text order."""
        return self.match_folded(fold(text))

    def match_folded(self, folded: Folded) -> tuple[PlaceMatch, ...]:
        """Like ``match`` on text that is already folded (the risk scorer folds once)."""
        found: list[PlaceMatch] = []
        for hit in self._pattern.finditer(folded.text):
            place = self._resolve(hit.group())
            if place is not None:
                start, end = folded.original_span(hit.start(), hit.end())
                found.append(PlaceMatch(place, folded.original[start:end], start, end))
        return tuple(found)

    def nearest(self, lat: float, lon: float, max_km: float = NEAREST_KM) -> PlaceMatch | None:
        """The known place nearest a pin, if one lies within ``max_km``."""
        best: PlaceMatch | None = None
        for place in self.places:
            if place.coords is None:
                continue
            dist = _haversine(lat, lon, place.coords.lat, place.coords.lon)
            if dist <= max_km and (best is None or dist < (best.distance_km or 0.0)):
                best = PlaceMatch(place, distance_km=round(dist, 1))
        return best

    def country_of(self, lat: float, lon: float) -> str | None:
        """Coarse ISO country of a pin: a known place within 25 km, else the first box hit."""
        near = self.nearest(lat, lon)
        if near is not None:
            return near.place.country
        return next((b.country for b in self._boxes if b.contains(lat, lon)), None)

    # The two methods below adapt the registry to the core's ``Places`` port.
    def match_text(self, text: str) -> Mapping[str, str] | None:
        """Best place in typed text as {"id", "name", "country"} (prefers places to countries)."""
        hits = self.match(text)
        if not hits:
            return None
        best = min(hits, key=lambda m: (m.place.kind == "country", -len(m.text)))
        return {"id": best.id, "name": best.place.name, "country": best.place.country}

    def near(self, lat: float, lon: float) -> Mapping[str, str] | None:
        """The place or country of a pin as {"id", "name", "country"}."""
        hit = self.nearest(lat, lon)
        if hit is not None:
            return {"id": hit.id, "name": hit.place.name, "country": hit.place.country}
        code = self.country_of(lat, lon)
        if code is None:
            return None
        return {"id": code, "name": self.country_name(code) or code, "country": code}

    def _compile(self, aliases: Mapping[Place, Sequence[str]]) -> re.Pattern[str]:
        parts: list[tuple[int, str]] = []
        for place, names in aliases.items():
            for alias in names:
                if alias.startswith("re:"):
                    body = alias[3:]
                    self._regex.append((re.compile(body), place))
                    parts.append((1000, _bounded(body, "a")))
                    continue
                folded = fold_str(alias).strip()
                self._literal.setdefault(_key(folded), place)
                tokens = [re.escape(t) for t in _SEP_RE.split(folded) if t]
                parts.append((len(folded), _bounded(_SEP.join(tokens), folded)))
        parts.sort(key=lambda p: -p[0])
        return re.compile("|".join(p for _, p in parts))

    def _resolve(self, matched: str) -> Place | None:
        place = self._literal.get(_key(matched))
        if place is not None:
            return place
        return next((p for rx, p in self._regex if rx.fullmatch(matched)), None)


def _key(folded: str) -> str:
    return _SEP_RE.sub("", folded)


def _bounded(body: str, sample: str) -> str:
    # Latin words need boundaries; scripts without spaces match inside a longer run of text.
    left = r"(?<![a-z0-9])" if sample[:1].isascii() and sample[:1].isalnum() else ""
    right = r"(?![a-z0-9])" if sample[-1:].isascii() and sample[-1:].isalnum() else ""
    return f"{left}(?:{body}){right}"


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(math.sqrt(a))


@lru_cache(maxsize=1)
def _default_registry() -> LocationRegistry:
    return _load(DATA_FILE)


def _load(path: Path) -> LocationRegistry:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LocationError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise LocationError(f"{path.name}: must be a mapping")
    aliases: dict[Place, list[str]] = {}
    names: dict[str, Mapping[str, str]] = {}
    for code, entry in _mapping(raw, "countries", path.name).items():
        place, country_aliases, names[str(code)] = _country(str(code), entry, path.name)
        aliases[place] = country_aliases
    seen: set[str] = set(names)
    for entry in _list(raw, "places", path.name):
        place, place_aliases = _place(entry, path.name, seen, frozenset(names))
        aliases[place] = place_aliases
    boxes = [_box(b, path.name, frozenset(names)) for b in _list(raw, "country_boxes", path.name)]
    return LocationRegistry(tuple(aliases), aliases, boxes, names)


def _country(code: str, raw: Any, file: str) -> tuple[Place, list[str], Mapping[str, str]]:
    where = f"{file}: country {code!r}"
    if not (len(code) == 2 and code.isupper()) or not isinstance(raw, dict):
        raise LocationError(f"{where}: needs an ISO 3166 alpha-2 code and a mapping")
    names = raw.get("names")
    if not isinstance(names, dict) or set(NAME_LANGS) - set(names):
        raise LocationError(f"{where}: 'names' must give a name in every launch language")
    omit = set(raw.get("omit_names") or ())
    listed = [str(v) for k, v in names.items() if k not in omit]
    extra = [str(a) for a in raw.get("aliases") or ()]
    _check_unverified(raw, listed + extra, where)
    place = Place(code, str(names["en"]), code, "country",
                  unverified=frozenset(raw.get("unverified") or ()))
    return place, listed + extra, {str(k): str(v) for k, v in names.items()}


def _place(raw: Any, file: str, seen: set[str], countries: frozenset[str]) -> tuple[
        Place, list[str]]:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise LocationError(f"{file}: every place needs an 'id'")
    where = f"{file}: place {raw['id']!r}"
    if raw["id"] in seen:
        raise LocationError(f"{where}: id is defined twice")
    seen.add(raw["id"])
    for key in ("name", "country", "kind", "source"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise LocationError(f"{where}: {key!r} is required")
    if raw["kind"] not in KINDS:
        raise LocationError(f"{where}: kind must be one of {sorted(KINDS)}")
    if raw["country"] not in countries:
        raise LocationError(f"{where}: unknown country {raw['country']!r}")
    alias_map = raw.get("aliases")
    if not isinstance(alias_map, dict) or not alias_map or set(alias_map) - ALIAS_SCRIPTS:
        raise LocationError(f"{where}: 'aliases' must map scripts {sorted(ALIAS_SCRIPTS)} to lists")
    listed = [str(a) for names in alias_map.values() for a in names]
    for alias in listed:
        _check_alias(alias, where)
    _check_unverified(raw, listed, where)
    place = Place(raw["id"], raw["name"], raw["country"], raw["kind"],
                  bool(raw.get("compound_risk", False)), bool(raw.get("transit_risk", False)),
                  _coords(raw.get("coords"), where), raw["source"],
                  frozenset(raw.get("unverified") or ()))
    return place, listed


def _check_alias(alias: str, where: str) -> None:
    if not alias.strip():
        raise LocationError(f"{where}: empty alias")
    if alias.startswith("re:"):
        try:
            re.compile(alias[3:])
        except re.error as exc:
            raise LocationError(f"{where}: bad alias pattern {alias!r}: {exc}") from exc


def _check_unverified(raw: Mapping[str, Any], listed: Sequence[str], where: str) -> None:
    missing = set(raw.get("unverified") or ()) - set(listed)
    if missing:
        raise LocationError(f"{where}: 'unverified' names aliases it does not list: {missing}")


def _coords(raw: Any, where: str) -> Coords | None:
    if raw is None:
        return None
    try:
        lat, lon = float(raw["lat"]), float(raw["lon"])
    except (TypeError, KeyError, ValueError) as exc:
        raise LocationError(f"{where}: coords need numeric 'lat' and 'lon'") from exc
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise LocationError(f"{where}: coords out of range")
    return Coords(lat, lon, bool(raw.get("approximate", True)))


def _box(raw: Any, file: str, countries: frozenset[str]) -> _Box:
    if not isinstance(raw, list) or len(raw) != 5 or raw[0] not in countries:
        raise LocationError(f"{file}: country box {raw!r} must be [code, lat_min, lat_max, "
                            "lon_min, lon_max] with a known code")
    return _Box(str(raw[0]), *(float(v) for v in raw[1:]))


def _mapping(raw: Mapping[str, Any], key: str, file: str) -> Mapping[str, Any]:
    value = raw.get(key)
    if not isinstance(value, dict) or not value:
        raise LocationError(f"{file}: {key!r} must be a non-empty mapping")
    return value


def _list(raw: Mapping[str, Any], key: str, file: str) -> Iterator[Any]:
    value = raw.get(key)
    if not isinstance(value, list) or not value:
        raise LocationError(f"{file}: {key!r} must be a non-empty list")
    return iter(value)
