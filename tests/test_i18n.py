"""Locale negotiation, rendering with fallbacks, CLDR names, formatting and the extractor."""

import io
from datetime import UTC, datetime

from bot.core.events import Msg, Template
from bot.i18n import (
    display_name, format_money, format_number, format_when, negotiate, translator,
)
from bot.i18n_extract import extract_flow_yaml


def test_languages_are_named_in_their_own_script() -> None:
    names = {code: display_name(code) for code in ("th", "vi", "km", "my", "lo", "zh_Hans",
                                                    "zh_Hant")}
    assert names["th"] == "ไทย" and names["km"] == "ខ្មែរ" and names["lo"] == "ລາວ"
    assert names["my"] == "မြန်မာ" and names["vi"] == "Tiếng Việt"
    assert "简体" in names["zh_Hans"] and "繁體" in names["zh_Hant"]


def test_negotiation_maps_client_codes_to_launch_languages() -> None:
    assert negotiate(["zh-TW", "en"]) == "zh_Hant"
    assert negotiate(["tl"]) == "fil"
    assert negotiate(["de", "fr"]) == "en"


def test_rendering_fills_nested_messages_templates_and_missing_params() -> None:
    tr = translator("en")
    msg = Msg("job_check.result", {"score": "80", "body": (Msg("risk.level.high"),)})
    text = tr.render(msg)
    assert text.startswith("Risk score: 80") and "trick used by traffickers" in text
    menu = Template(lambda gettext: gettext("nav.menu"))
    assert tr.render(Msg("contacts.list", {"body": menu})) == "Menu"
    assert tr.render(Msg("distress.done")).count("{ref}") == 0  # a missing param renders empty


def test_unknown_locale_and_unknown_id_fall_back_without_crashing() -> None:
    assert translator("xx").lang == "en"
    assert translator("en").render(Msg("no.such.id")) == "no.such.id"
    assert translator("th").render(Msg("language.name", {"code": "km"})) == "ខ្មែរ"


def test_formatting_follows_the_locale_and_time_zone() -> None:
    moment = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    assert "30" in format_when(moment, "th", "Asia/Bangkok")  # 06:30 next day in Bangkok
    assert "06" in format_when(moment, "th", "Asia/Bangkok")
    assert format_number(1234567.5, "en") == "1,234,567.5"
    assert format_number(1234567.5, "vi") == "1.234.567,5"
    assert "฿" in format_money(30000, "THB", "th")


def test_extractor_finds_ids_under_message_keys_and_templates() -> None:
    data = b"""
id: demo
steps:
  a: {say: [demo.one, demo.two], options: [{label: demo.btn, value: x}]}
  b: {say: "not an id at all"}
codes: [{code: alpha}, {code: beta}]
"""
    found = [m for _, _, m, _ in extract_flow_yaml(
        io.BytesIO(data), {}, [], {"templates": "demo.code.{codes.code}.title"})]
    assert found == ["demo.one", "demo.two", "demo.btn", "demo.code.alpha.title",
                     "demo.code.beta.title"]
