"""Public contacts for a nationality and a place, rendered as plain text."""

from bot.triage.contacts import contacts_for, render_contacts
from bot.triage.partners import default_directory
from tests.triage.conftest import DirectoryFactory, EntryFactory
from bot.i18n import translator

EN = translator("en").gettext


def test_indonesian_in_cambodia_sees_kemlu_first_and_police_with_warning() -> None:
    contacts = contacts_for("ID", "KH", "id")
    ids = [c.partner.id for c in contacts]
    assert ids[0] == "id_kemlu_protection"
    assert "kh_police_117" in ids
    assert all(c.channels for c in contacts)  # entries without a public channel are left out
    text = render_contacts(contacts, EN)
    assert "+6281290070027" in text
    assert "Warning: Volunteers who rescue people in Cambodia" in text


def test_every_unverified_entry_says_so() -> None:
    contacts = contacts_for("VN", "TH", "vi")
    assert contacts
    text = render_contacts(contacts, EN)
    blocks = text.split("\n\n")[1:]
    assert len(blocks) == len(contacts)
    for contact, block in zip(contacts, blocks, strict=True):
        assert not contact.verified
        assert "NOT CHECKED" in block and contact.partner.sources[0].name in block


def test_verified_entries_show_the_check_date(
    make_directory: DirectoryFactory, make_entry: EntryFactory
) -> None:
    directory = make_directory(
        make_entry(status="verified", last_verified="2026-11-20",
                   hours={"schedule": "weekly", "tz": "Asia/Bangkok", "days": "mon-fri",
                          "opens": "08:30", "closes": "16:30"}),
    )
    text = render_contacts(contacts_for(None, "TH", "th", directory), EN)
    assert "Checked on 2026-11-20." in text and "NOT CHECKED" not in text
    assert "Open mon-fri, 08:30 to 16:30 (Asia/Bangkok)." in text


def test_nothing_known_says_so() -> None:
    contacts = contacts_for(None, None, "en")
    assert contacts == ()
    assert "no numbers" in render_contacts(contacts, EN)


def test_gettext_translates_and_falls_back_per_message() -> None:
    contacts = contacts_for("TH", "TH", "th")
    thai = {"triage.contacts.header": "เบอร์ที่อาจช่วยได้:",
            "triage.note.oscc_scope": "ช่วยเรื่องการค้ามนุษย์"}
    text = render_contacts(contacts, lambda m: thai.get(m) or EN(m))
    assert text.startswith("เบอร์ที่อาจช่วยได้:")
    assert "ช่วยเรื่องการค้ามนุษย์" in text
    assert "Opening hours not known." in text or "Open 24 hours" in text


def test_contact_lists_fit_a_telegram_message_everywhere() -> None:
    directory = default_directory()
    for loc in sorted(directory.countries()):
        for nat in sorted(directory.nationalities()):
            text = render_contacts(contacts_for(nat, loc, "en", directory), EN)
            assert len(text) < 4096, (nat, loc)
