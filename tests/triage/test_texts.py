"""Every message id triage emits at run time is in the English catalogue and the id list."""

from bot.i18n import translator
from bot.triage import message_ids
from bot.triage.alerts import _ANSWER_FIELDS, _PLACE_FIELDS
from bot.triage.facts import ANSWER_CODES
from bot.triage.partners import default_directory
from bot.triage.priority import Priority, reason_codes
from bot.triage.texts import fill, translate

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
