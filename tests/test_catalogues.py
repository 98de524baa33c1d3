"""Catalogue consistency: every message id is translated in every locale, placeholders match
the English, nothing is fuzzy, and rendered messages and buttons fit Telegram's limits."""

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from bot.app import flow_registry
from bot.core.flows import load_flows
from bot.i18n import LOCALES_DIR
from nlu.languages import LAUNCH_LANGUAGES

ROOT = LOCALES_DIR.parent
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
MAX_TELEGRAM_TEXT = 4096
MAX_CALLBACK_BYTES = 64
MAX_BUTTON_LABEL = 40
SHORT_ID = re.compile(
    r"(^(menu|nav|common)\.|\.btn\.|_label$|^triage\.country\.|^job_check\.(where|"
    r"contact_channel|travel_paid|visa|contract|agency|passport|fees|pay|leave)[a-z_]*\.)"
)


@cache
def catalog(locale: str) -> Catalog:
    with (LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


@cache
def extracted_ids() -> frozenset[str]:
    """What `make extract` finds in the code and data right now."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords={"M_": None})
    return frozenset(msg for _, _, msg, _, _ in found if isinstance(msg, str))


def english() -> dict[str, str]:
    return {m.id: m.string for m in catalog("en") if m.id}


def test_the_english_catalogue_holds_exactly_what_the_code_uses() -> None:
    ids = set(english())
    assert extracted_ids() - ids == set(), "run `make update` and add the English text"
    assert ids - extracted_ids() == set(), "unused ids: run `make update`"


@pytest.mark.parametrize("locale", LAUNCH_LANGUAGES)
def test_every_message_is_translated_and_not_fuzzy(locale: str) -> None:
    cat = catalog(locale)
    assert not cat.fuzzy, f"{locale}: the catalogue header is marked fuzzy"
    problems = [m.id for m in cat if m.id and (not m.string or m.fuzzy)]
    missing = set(english()) - {m.id for m in cat if m.id}
    assert problems == [] and missing == set(), f"{locale}: {sorted(missing)[:5]} {problems[:5]}"


@pytest.mark.parametrize("locale", LAUNCH_LANGUAGES)
def test_placeholders_match_the_english(locale: str) -> None:
    source = english()
    wrong = [m.id for m in catalog(locale) if m.id in source and m.string and
             sorted(PLACEHOLDER.findall(m.string)) != sorted(PLACEHOLDER.findall(source[m.id]))]
    assert wrong == [], f"{locale}: placeholders differ in {wrong}"


@pytest.mark.parametrize("locale", LAUNCH_LANGUAGES)
def test_the_header_records_the_translation_status(locale: str) -> None:
    assert "Translation status:" in (catalog(locale).header_comment or "")


@pytest.mark.parametrize("locale", LAUNCH_LANGUAGES)
def test_messages_and_button_labels_fit_telegram(locale: str) -> None:
    for message in catalog(locale):
        if not message.id or not message.string:
            continue
        assert len(message.string) <= MAX_TELEGRAM_TEXT, message.id
        if SHORT_ID.search(message.id):
            assert len(message.string) <= MAX_BUTTON_LABEL, f"{locale}: {message.id}"


def test_every_button_payload_fits_in_callback_data() -> None:
    actions, validators = flow_registry()
    for flow in load_flows(actions=actions, validators=validators).values():
        for step in flow.steps.values():
            for option in step.options:
                payload = f"f:{flow.id}:{step.name}:{option.value}"
                assert len(payload.encode()) <= MAX_CALLBACK_BYTES, payload
    for code in LAUNCH_LANGUAGES:
        assert len(f"g:lang:{code}".encode()) <= MAX_CALLBACK_BYTES


def test_compiled_catalogues_are_not_committed() -> None:
    ignored = (ROOT / ".gitignore").read_text()
    assert "*.mo" in ignored
    assert Path(ROOT / "babel.cfg").exists()
