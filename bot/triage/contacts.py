"""Public contact numbers for someone who wants numbers without filing a report (pure).

Shows the same partners routing would pick (consular line, national hotline, NGOs where the
person is, and police lines with their warnings), but only those with a public channel, and
always says plainly when an entry has not been verified.
"""

from dataclasses import dataclass

from bot.core.events import M_
from bot.i18n import format_clock, weekday_name, zone_name
from bot.triage.partners import Channel, Directory, Hours, Partner, default_directory
from bot.triage.routing import candidates
from bot.triage.texts import Gettext, fill, translate


@dataclass(frozen=True)
class Contact:
    """A partner to show, and why it is shown (a routing reason code)."""

    partner: Partner
    reason: str

    @property
    def channels(self) -> tuple[Channel, ...]:
        """The partner's public channels."""
        return self.partner.channels

    @property
    def hours(self) -> Hours:
        """The partner's opening hours."""
        return self.partner.hours

    @property
    def verified(self) -> bool:
        """Whether the entry was checked on the agency's own site."""
        return self.partner.verified


def contacts_for(
    nationality: str | None, location_country: str | None, lang: str | None,
    directory: Directory | None = None,
) -> tuple[Contact, ...]:
    """The public contacts for this nationality, location and language, best first."""
    found = candidates(directory or default_directory(), location_country=location_country,
                       nationality=nationality, lang=lang)
    return tuple(Contact(r.partner, r.reason) for r in found if r.partner.channels)


def render_contacts(contacts: tuple[Contact, ...], gettext: Gettext, lang: str) -> str:
    """Plain text listing the contacts in ``lang``, saying clearly which are not verified."""
    if not contacts:
        return translate(gettext, M_("triage.contacts.none"))
    blocks = [translate(gettext, M_("triage.contacts.header"))]
    blocks += [_block(i, c, gettext, lang) for i, c in enumerate(contacts, 1)]
    return "\n\n".join(blocks)


def _block(index: int, contact: Contact, gettext: Gettext, lang: str) -> str:
    partner = contact.partner
    lines = [f"{index}. {partner.name}",
             translate(gettext, f"triage.contacts.kind.{partner.kind}")]
    lines += [_channel(ch, gettext) for ch in partner.channels]
    lines.append(_hours(partner.hours, gettext, lang))
    lines.append(_status(partner, gettext))
    lines += [translate(gettext, f"triage.note.{n.code}", n.text) for n in partner.notes]
    lines += [
        fill(translate(gettext, M_("triage.contacts.warning")),
             text=translate(gettext, f"triage.warning.{w.code}", w.text))
        for w in partner.warnings
    ]
    return "\n".join(lines)


def _channel(channel: Channel, gettext: Gettext) -> str:
    label = translate(gettext, f"triage.channel.{channel.kind}")
    extra = [channel.written] if channel.written else []
    if channel.note is not None:
        note = channel.note
        extra.append(translate(gettext, f"triage.channel_note.{note.code}", note.text))
    return f"{label}: {channel.value}" + (f" ({'; '.join(extra)})" if extra else "")


def _hours(hours: Hours, gettext: Gettext, lang: str) -> str:
    if hours.schedule == "24/7":
        return translate(gettext, M_("triage.contacts.hours_247"))
    if hours.schedule == "weekly" and hours.tz:
        return fill(translate(gettext, M_("triage.contacts.hours_weekly")),
                    days=_days(hours.days, gettext, lang), opens=format_clock(hours.opens, lang),
                    closes=format_clock(hours.closes, lang), tz=zone_name(hours.tz, lang))
    return translate(gettext, M_("triage.contacts.hours_unknown"))


def _days(days: str, gettext: Gettext, lang: str) -> str:
    # Data gives one day (sat) or a range (mon-fri); CLDR names the days, the catalogue the range.
    first, _, last = days.partition("-")
    if not last:
        return weekday_name(first, lang)
    return fill(translate(gettext, M_("triage.contacts.day_range")),
                first=weekday_name(first, lang), last=weekday_name(last, lang))


def _status(partner: Partner, gettext: Gettext) -> str:
    if partner.verified and partner.last_verified is not None:
        return fill(translate(gettext, M_("triage.contacts.verified")),
                    date=partner.last_verified.isoformat())
    first = partner.sources[0]
    return fill(translate(gettext, M_("triage.contacts.unverified")), source=first.name,
                date=_source_date(first.date, gettext))


def _source_date(date: str, gettext: Gettext) -> str:
    # The data keeps the sources' own notation; users see words for "undated" and "~2016".
    if date == "undated":
        return translate(gettext, M_("triage.contacts.date_unknown"))
    if date.startswith("~"):
        return fill(translate(gettext, M_("triage.contacts.date_about")), year=date[1:])
    return date
