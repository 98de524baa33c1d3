"""Public contacts for a nationality and a place, rendered as plain text."""

import re
from typing import Any

import pytest

from bot.i18n import WEEKDAYS, format_clock, translator, weekday_name, zone_name
from bot.triage.contacts import contacts_for, render_contacts
from bot.triage.partners import default_directory
from nlu.languages import LAUNCH_LANGUAGES
from tests.triage.conftest import DirectoryFactory, EntryFactory

EN = translator("en").gettext
RAW_CODES = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b|Asia/|[{{}}]", re.IGNORECASE)
WEEKLY: dict[str, Any] = {"schedule": "weekly", "tz": "Asia/Bangkok", "days": "mon-fri",
                          "opens": "08:30", "closes": "16:30"}


def test_indonesian_in_cambodia_sees_kemlu_first_and_police_with_warning() -> None:
    contacts = contacts_for("ID", "KH", "id")
    ids = [c.partner.id for c in contacts]
    assert ids[0] == "id_kemlu_protection"
    assert "kh_police_117" in ids
    assert all(c.channels for c in contacts)  # entries without a public channel are left out
    text = render_contacts(contacts, EN, "en")
    assert "+6281290070027" in text
    assert "Warning: Volunteers who rescue people in Cambodia" in text


def test_every_unverified_entry_says_so() -> None:
    contacts = contacts_for("VN", "TH", "vi")
    assert contacts
    text = render_contacts(contacts, EN, "en")
    blocks = text.split("\n\n")[1:]
    assert len(blocks) == len(contacts)
    for contact, block in zip(contacts, blocks, strict=True):
        assert not contact.verified
        assert "NOT CHECKED" in block and contact.partner.sources[0].name in block


def test_verified_entries_show_the_check_date(
    make_directory: DirectoryFactory, make_entry: EntryFactory
) -> None:
    directory = make_directory(make_entry(status="verified", last_verified="2026-11-20"))
    text = render_contacts(contacts_for(None, "TH", "th", directory), EN, "en")
    assert "Checked on 2026-11-20." in text and "NOT CHECKED" not in text


def test_weekly_hours_name_the_days_times_and_zone_in_english(
    make_directory: DirectoryFactory, make_entry: EntryFactory
) -> None:
    directory = make_directory(make_entry(hours=WEEKLY))
    text = render_contacts(contacts_for(None, "TH", "th", directory), EN, "en")
    assert "Open Monday to Friday, 8:30 AM to 4:30 PM (Thailand Time)." in text.replace(
        "\u202f", " ")


@pytest.mark.parametrize("lang", LAUNCH_LANGUAGES)
def test_weekly_hours_use_cldr_day_names_and_no_raw_codes_in_every_locale(
    make_directory: DirectoryFactory, make_entry: EntryFactory, lang: str
) -> None:
    directory = make_directory(
        make_entry(id="weekdays", name="Weekday line", hours=WEEKLY),
        make_entry(id="saturday", name="Saturday line",
                   hours={**WEEKLY, "days": "sat", "opens": "09:00", "closes": "12:00",
                          "tz": "Asia/Manila"}),
    )
    text = render_contacts(contacts_for(None, "TH", lang, directory), translator(lang).gettext,
                           lang)
    blocks = {block.split("\n")[0][3:]: block for block in text.split("\n\n")[1:]}
    weekdays, saturday = blocks["Weekday line"], blocks["Saturday line"]
    assert weekday_name("mon", lang) in weekdays and weekday_name("fri", lang) in weekdays
    assert zone_name("Asia/Bangkok", lang) in weekdays and format_clock("16:30", lang) in weekdays
    assert weekday_name("sat", lang) in saturday and zone_name("Asia/Manila", lang) in saturday
    assert weekday_name("sun", lang) not in text  # a range names its ends, not a list
    assert not RAW_CODES.search(text), (lang, RAW_CODES.findall(text))


def test_nothing_known_says_so() -> None:
    contacts = contacts_for(None, None, "en")
    assert contacts == ()
    assert "no numbers" in render_contacts(contacts, EN, "en")


def test_gettext_translates_and_falls_back_per_message() -> None:
    contacts = contacts_for("TH", "TH", "th")
    thai = {"triage.contacts.header": "เบอร์ที่อาจช่วยได้:",
            "triage.note.oscc_scope": "ช่วยเรื่องการค้ามนุษย์"}
    text = render_contacts(contacts, lambda m: thai.get(m) or EN(m), "th")
    assert text.startswith("เบอร์ที่อาจช่วยได้:")
    assert "ช่วยเรื่องการค้ามนุษย์" in text
    assert "Opening hours not known." in text or "Open 24 hours" in text


def test_contact_lists_fit_a_telegram_message_everywhere() -> None:
    directory = default_directory()
    for loc in sorted(directory.countries()):
        for nat in sorted(directory.nationalities()):
            text = render_contacts(contacts_for(nat, loc, "en", directory), EN, "en")
            assert len(text) < 4096, (nat, loc)


def test_channel_notes_come_from_the_catalogue_and_written_numbers_stay() -> None:
    thai = translator("th").gettext
    text = render_contacts(contacts_for("TH", "TH", "th"), thai, "th")
    assert "1300 (" + thai("triage.channel_note.in_thailand") + ")" in text
    assert "in Thailand" not in text and "calls are free" not in text
    kh = render_contacts(contacts_for(None, "KH", "km"), translator("km").gettext, "km")
    assert "+85581373839 (081 37 38 39)" in kh
    np = render_contacts(contacts_for("NP", "TH", "en"), EN, "en")
    assert "+97714269741 (4269741; in Kathmandu)" in np


def test_a_channel_note_missing_from_the_catalogue_falls_back_to_the_data_text(
    make_directory: DirectoryFactory, make_entry: EntryFactory
) -> None:
    note = {"code": "brand_new_note", "text": "ask for Somchai"}
    directory = make_directory(make_entry(channels=[{"kind": "phone", "value": "1300",
                                                     "note": note}]))
    text = render_contacts(contacts_for(None, "TH", "th", directory), EN, "en")
    assert "Phone: 1300 (ask for Somchai)" in text


@pytest.mark.parametrize("lang", LAUNCH_LANGUAGES)
def test_source_dates_in_words_where_the_data_has_a_notation(
    make_directory: DirectoryFactory, make_entry: EntryFactory, lang: str
) -> None:
    directory = make_directory(
        make_entry(id="undated", sources=[{"name": "a.org", "date": "undated"}]),
        make_entry(id="about", sources=[{"name": "b.org", "date": "~2016"}]),
        make_entry(id="dated", sources=[{"name": "c.org", "date": "2024-08"}]),
    )
    gettext = translator(lang).gettext
    text = render_contacts(contacts_for(None, "TH", lang, directory), gettext, lang)
    assert "undated" not in text and "~" not in text
    assert gettext("triage.contacts.date_unknown") in text and "2016" in text
    assert "2024-08" in text
