"""Every message id triage emits at run time is in the English catalogue and the id list, and
every note of the partner directory is translated in every catalogue."""

from functools import cache

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR, translator
from bot.triage import message_ids
from bot.triage.alerts import _ANSWER_FIELDS, _PLACE_FIELDS
from bot.triage.facts import ANSWER_CODES
from bot.triage.partners import default_directory, note_groups
from bot.triage.priority import Priority, reason_codes
from bot.triage.texts import fill, translate
from nlu.languages import LAUNCH_LANGUAGES

EN = translator("en").gettext


def has_text(msgid: str) -> bool:
    return EN(msgid) != msgid


def test_reasons_priorities_notes_warnings_channels_and_kinds_have_text() -> None:
    ids = [f"triage.reason.{code}" for code in reason_codes()]
    ids += [p.message_id for p in Priority]
    for partner in default_directory().partners:
        ids.append(f"triage.contacts.kind.{partner.kind}")
        ids += [f"triage.note.{n.code}" for n in partner.notes]
        ids += [f"triage.warning.{w.code}" for w in partner.warnings]
        ids += [f"triage.channel.{c.kind}" for c in partner.channels]
    assert [i for i in ids if not has_text(i)] == []


@cache
def catalogue(locale: str) -> Catalog:
    with (LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def directory_notes() -> dict[str, str]:
    """Message id -> English text of every note, warning and channel note in the data."""
    return {f"triage.{kind}.{note.code}": note.text
            for partner in default_directory().partners
            for kind, notes in note_groups(partner) for note in notes}


def test_the_directory_has_channel_notes_and_the_english_catalogue_says_the_same() -> None:
    notes = directory_notes()
    assert sum(i.startswith("triage.channel_note.") for i in notes) >= 20
    english = catalogue("en")
    differ = [i for i, text in notes.items() if (m := english.get(i)) is None or m.string != text]
    assert differ == [], "the English catalogue must say what partners.yml says"


@pytest.mark.parametrize("locale", [loc for loc in LAUNCH_LANGUAGES if loc != "en"])
def test_every_note_in_the_directory_is_translated(locale: str) -> None:
    cat = catalogue(locale)
    notes = directory_notes()
    missing = [i for i in notes if (m := cat.get(i)) is None or not m.string or m.fuzzy]
    assert missing == [], f"{locale}: {missing[:5]}"
    untranslated = [i for i, text in notes.items() if cat[i].string == text]
    assert untranslated == [], f"{locale}: still the English text in {untranslated[:5]}"


def test_the_id_list_covers_every_field_answer_and_priority() -> None:
    fields = {f"triage.field.{name}" for name in (*_ANSWER_FIELDS, *_PLACE_FIELDS, "pin")}
    assert fields <= set(message_ids.FIELDS)
    assert {f"triage.answer.{code}" for code in ANSWER_CODES} == set(message_ids.ANSWERS)
    assert {p.message_id for p in Priority} == set(message_ids.PRIORITIES)
    every = (*message_ids.FIELDS, *message_ids.ANSWERS, *message_ids.PRIORITIES)
    assert [i for i in every if not has_text(i)] == []


def test_translate_uses_data_text_only_for_missing_ids_and_fill_is_brace_safe() -> None:
    assert translate(EN, "triage.answer.yes") == "Yes"
    assert translate(lambda m: "Oui", "triage.answer.yes") == "Oui"
    assert translate(EN, "triage.note.no_such_note", "given") == "given"
    assert translate(EN, "no.such.id") == "no.such.id"
    assert fill("{count} left {oops}", count=3) == "3 left {oops}"
