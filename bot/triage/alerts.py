"""Alert content for operators and partners, and its Telegram HTML rendering (pure).

Everything the person typed is escaped with :func:`html.escape` so no text can inject markup,
and the rendered alert always fits one Telegram message (4,096 UTF-16 units).
"""

import hashlib
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bot.triage.destinations import DEFAULT, Destinations
from bot.triage.facts import ANSWER_CODES, ReportFacts
from bot.triage.priority import Priority, Reason, Triage
from bot.triage.routing import Route
from bot.triage.texts import Gettext, fill, translate
from bot.core.events import M_

TELEGRAM_LIMIT: Final = 4096
# Room left for Telegram's own accounting and a translator's longer labels.
MAX_UNITS: Final = 4000
CASE_ALPHABET: Final = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
CASE_PREFIX: Final = "SP-"
_ICONS: Final = {Priority.P1: "🔴", Priority.P2: "🟠", Priority.P3: "🟡", Priority.P4: "⚪"}
# Labels used inside f-strings (named here so `pybabel extract` sees them).
_ANSWERS: Final = M_("triage.alert.answers")
_CASE: Final = M_("triage.alert.case")
_LANGUAGE: Final = M_("triage.alert.language")
_LOCATION: Final = M_("triage.alert.location")
_LOCATION_UNKNOWN: Final = M_("triage.alert.location_unknown")
_OWN_WORDS: Final = M_("triage.alert.own_words")
_SENT_TO: Final = M_("triage.alert.sent_to")
_ANSWER_FIELDS: Final = (
    "danger", "held", "injured", "medical", "children", "people_count", "nationality",
    "contact_ok", "safe_time", "phone_checked", "consent_ngo", "consent_embassy",
    "consent_police", "reporter_contact",
)
_PLACE_FIELDS: Final = ("place_text", "place_id", "landmarks", "location_country")
# Caps (escaped UTF-16 units) on typed answers, so the person's own words keep most of the room.
_SHORT_FIELD: Final = 300
_LONG_FIELD: Final = 500
_LONG_FIELDS: Final = frozenset({"triage.field.place_text", "triage.field.landmarks"})


@dataclass(frozen=True)
class AlertField:
    """One answer: a label message id and a value (an answer code when ``code`` is true)."""

    label: str
    value: str
    code: bool = False


@dataclass(frozen=True)
class AlertContent:
    """What one destination is told about one report."""

    alert_id: str
    partner_id: str
    destination: str
    priority: Priority
    reasons: tuple[Reason, ...]
    fields: tuple[AlertField, ...]
    place: tuple[AlertField, ...]
    case_ref: str
    lang: str
    location: tuple[float, float] | None = None
    own_words: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    sent_to: tuple[str, ...] | None = None


def build_alerts(
    facts: ReportFacts, result: Triage, routes: Sequence[Route], destinations: Destinations
) -> tuple[AlertContent, ...]:
    """One alert for the operators' default chat, then one per routed partner with a chat."""
    targets = [(r.partner.id, destinations.for_partner(r.partner.id)) for r in routes]
    reached = tuple(r.partner.name for r in routes if destinations.for_partner(r.partner.id))
    out = []
    if destinations.default:
        out.append(_content(facts, result, DEFAULT, destinations.default, sent_to=reached))
    for pid, chat in targets:
        if chat:
            out.append(_content(facts, result, pid, chat, sent_to=None))
    return tuple(out)


def _content(
    facts: ReportFacts, result: Triage, partner_id: str, chat: str,
    sent_to: tuple[str, ...] | None,
) -> AlertContent:
    return AlertContent(
        alert_id=f"{facts.ref}.{partner_id}", partner_id=partner_id, destination=chat,
        priority=result.priority, reasons=result.reasons,
        fields=_fields(facts, _ANSWER_FIELDS), place=_fields(facts, _PLACE_FIELDS),
        case_ref=facts.ref, lang=facts.lang, location=facts.location,
        own_words=facts.own_words, cautions=_cautions(facts), sent_to=sent_to,
    )


def _fields(facts: ReportFacts, names: Sequence[str]) -> tuple[AlertField, ...]:
    out = []
    for name in names:
        value = facts.value(name)
        if value is not None:
            text = str(value)
            out.append(AlertField(f"triage.field.{name}", text, code=text in ANSWER_CODES))
    return tuple(out)


def _cautions(facts: ReportFacts) -> tuple[str, ...]:
    out = []
    if facts.for_someone:
        out.append(M_("triage.alert.for_someone"))
    if facts.phone_checked in ("yes", "unknown"):
        out.append(M_("triage.alert.caution_phone_checked"))
    if facts.contact_ok == "no":
        out.append(M_("triage.alert.caution_no_contact"))
    return tuple(out)


def render_alert(content: AlertContent, gettext: Gettext) -> str:
    """Telegram HTML (parse_mode HTML) in the operator's language, under 4,096 characters."""
    t = _Tr(gettext)
    head = "\n".join([
        *_header(content, t), "", f"<b>{t(_ANSWERS)}</b>",
        *(_line(t, f) for f in content.fields),
        f"<b>{t(_LANGUAGE)}:</b> {_esc(content.lang)}",
        *_location(content, t),
        f"<b>{t(_CASE)}:</b> <code>{_esc(content.case_ref)}</code>",
        *_sent_to(content, t),
    ])
    if not content.own_words:
        return _fit(head, MAX_UNITS)
    title = f"\n\n<b>{t(_OWN_WORDS)}</b>\n<blockquote>"
    head = _fit(head, MAX_UNITS - 200)  # only absurd translations get here
    room = MAX_UNITS - units(head) - units(title) - units("</blockquote>")
    text = head + title + _quote("\n".join(content.own_words), room, t) + "</blockquote>"
    return text if units(text) <= MAX_UNITS else head


class _Tr:
    """Translate a message id and escape the result (translations are text, not markup)."""

    def __init__(self, gettext: Gettext) -> None:
        self.gettext = gettext

    def __call__(self, msgid: str) -> str:
        return _esc(translate(self.gettext, msgid))

    def raw(self, msgid: str) -> str:
        return translate(self.gettext, msgid)


def _header(content: AlertContent, t: _Tr) -> list[str]:
    lines = [f"{_ICONS[content.priority]} <b>{t(content.priority.message_id)}</b>"]
    lines += [f"• {t(r.message_id)}" for r in content.reasons]
    lines += [f"⚠️ <b>{t(c)}</b>" for c in content.cautions]
    return lines


def _line(t: _Tr, field: AlertField) -> str:
    if field.code:
        value = t(f"triage.answer.{field.value}")
    else:
        room = _LONG_FIELD if field.label in _LONG_FIELDS else _SHORT_FIELD
        value = _clip(_esc(field.value), room)
    return f"{t(field.label)}: {value}"


def _clip(escaped: str, room: int) -> str:
    return escaped if units(escaped) <= room else _cut(escaped, room - 1) + "…"


def _location(content: AlertContent, t: _Tr) -> list[str]:
    lines = [f"<b>{t(_LOCATION)}:</b>"]
    if content.location is not None:
        lat, lon = content.location
        url = f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=15/{lat:.5f}/{lon:.5f}"
        lines.append(f'{t("triage.field.pin")}: <a href="{_esc(url)}">{lat:.5f}, {lon:.5f}</a>')
    lines += [_line(t, f) for f in content.place]
    if len(lines) == 1:
        lines[0] += f" {t(_LOCATION_UNKNOWN)}"
    return lines


def _sent_to(content: AlertContent, t: _Tr) -> list[str]:
    if content.sent_to is None:
        return []
    names = ", ".join(_esc(p) for p in content.sent_to) or t(M_("triage.alert.no_partner"))
    return [f"<b>{t(_SENT_TO)}:</b> {names}"]


def _quote(words: str, room: int, t: _Tr) -> str:
    # Escaping only ever lengthens text, so raw text beyond the room can be dropped first.
    escaped = _esc(words[: max(room, 0)])
    if len(words) <= room and units(escaped) <= room:
        return escaped
    template = t.raw(M_("triage.alert.words_cut"))
    longest_note = "\n" + _esc(fill(template, count=len(words)))
    kept = _cut(escaped, room - units(longest_note) - 1)
    hidden = len(words) - len(html.unescape(kept))
    return kept + "…\n" + _esc(fill(template, count=hidden))


def _cut(escaped: str, room: int) -> str:
    """The longest prefix within ``room`` UTF-16 units that does not split an entity."""
    used = 0
    end = 0
    for index, char in enumerate(escaped):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > room:
            break
        end = index + 1
    kept = escaped[:end]
    amp = kept.rfind("&")
    if amp >= 0 and ";" not in kept[amp:]:
        kept = kept[:amp]
    return kept


def _fit(text: str, room: int) -> str:
    # Only a broken translation makes the fixed part this long; cut it on a line boundary.
    while units(text) > room and "\n" in text:
        text = text.rsplit("\n", 1)[0]
    return text


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def units(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts message length."""
    return len(text.encode("utf-16-le")) // 2


def make_case_ref(seed: int | str | bytes, length: int = 5) -> str:
    """A short, unambiguous case reference such as ``SP-7K3Q9`` (no 0/O/1/I)."""
    data = seed if isinstance(seed, bytes) else str(seed).encode("utf-8")
    number = int.from_bytes(hashlib.sha256(data).digest()[:8], "big")
    chars = []
    for _ in range(length):
        number, digit = divmod(number, len(CASE_ALPHABET))
        chars.append(CASE_ALPHABET[digit])
    return CASE_PREFIX + "".join(chars)


def normalize_case_ref(text: str) -> str | None:
    """A typed case reference in canonical form (``sp 7k3q9`` -> ``SP-7K3Q9``), or None."""
    clean = "".join(c for c in text.upper() if c.isalnum())
    body = clean.removeprefix("SP")
    if 4 <= len(body) <= 8 and all(c in CASE_ALPHABET for c in body):
        return CASE_PREFIX + body
    return None


def operator_buttons(alert_id: str) -> tuple[tuple[str, str], ...]:
    """Operator buttons as (label message id, callback payload); payloads fit 64 bytes."""
    buttons = (
        (M_("triage.op.ack"), f"op:ack:{alert_id}"),
        (M_("triage.op.close"), f"op:close:{alert_id}"),
    )
    for _, payload in buttons:
        if len(payload.encode("utf-8")) > 64:
            raise ValueError("alert id too long for a Telegram callback payload")
    return buttons
