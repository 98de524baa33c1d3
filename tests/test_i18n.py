"""Locale negotiation, rendering with fallbacks, CLDR names, formatting and the extractor."""

import io
from datetime import UTC, datetime

from bot.core.events import Msg, Template
from bot.i18n import (
    WEEKDAYS, display_name, format_clock, format_money, format_number, format_when, negotiate,
    translator, weekday_name, zone_name,
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
    menu = Template(lambda gettext, _lang: gettext("nav.menu"))
    assert tr.render(Msg("contacts.list", {"body": menu})) == "Menu"
    assert tr.render(Msg("distress.done")).count("{ref}") == 0  # a missing param renders empty


def test_templates_receive_the_translators_language() -> None:
    lang_of = Template(lambda _gettext, lang: lang)
    assert translator("km").render(Msg("contacts.list", {"body": lang_of})) == "km"


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


def test_weekdays_times_and_zones_are_cldr_names_in_the_locale() -> None:
    assert [weekday_name(d, "en") for d in ("mon", "fri", "sun")] == ["Monday", "Friday", "Sunday"]
    assert weekday_name("fri", "th") == "วันศุกร์" and weekday_name("mon", "zh_Hant") == "星期一"
    assert weekday_name("sat", "id") == "Sabtu" and weekday_name("tue", "vi") == "Thứ Ba"
    assert format_clock("16:30", "en").replace("\u202f", " ") == "4:30 PM"
    assert format_clock("16:30", "vi") == "16:30" and format_clock("08:05", "id") == "08.05"
    assert zone_name("Asia/Bangkok", "en") == "Thailand Time"
    assert zone_name("Asia/Bangkok", "th") == "เวลาไทย"
    assert zone_name("Asia/Manila", "zh_Hans") == "菲律宾时间"
    for lang in ("en", "th", "vi", "id", "ms", "fil", "km", "my", "lo", "zh_Hans", "zh_Hant"):
        names = {weekday_name(d, lang) for d in WEEKDAYS}
        assert len(names) == 7 and not names & set(WEEKDAYS), lang
        assert "30" in format_clock("16:30", lang) and "Asia/" not in zone_name("Asia/Yangon", lang)


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


def test_extractor_templates_reach_notes_nested_in_list_items() -> None:
    data = b"""
partners:
  - channels:
      - {kind: phone, value: "1", note: {code: in_laos, text: "in Laos"}}
      - {kind: phone, value: "2", written: "02"}
    notes: [{code: calls_recorded, text: "All calls are recorded."}]
"""
    found = [m for _, _, m, _ in extract_flow_yaml(
        io.BytesIO(data), {}, [], {"templates": "t.channel_note.{note.code} t.note.{notes.code}"})]
    assert found == ["t.channel_note.in_laos", "t.note.calls_recorded"]
