"""Scorer behaviour: lures vs ordinary ads, evidence, answers, odd input, speed."""

import random
import time

import pytest

from bot.risk.scorer import MAX_SCAN_CHARS, Assessment, assess

LEVELS = {"low", "caution", "high", "very_high"}
LURE_EN = ("Customer service job in Cambodia! Salary $1,500/month, free flight and visa, "
           "free food and accommodation. No experience needed. DM me on Telegram.")


def _ids(result: Assessment) -> set[str]:
    return {f.id for f in result.flags}


def test_a_lure_job_title_alone_is_caution() -> None:
    result = assess("We are hiring customer service staff.", "en")
    assert result.level == "caution"
    assert _ids(result) == {"job_lure_title"}


def test_lure_title_with_high_pay_free_flight_and_cambodia_is_very_high() -> None:
    result = assess(LURE_EN, "en")
    assert result.level == "very_high"
    assert {"job_lure_title", "pay_high", "free_travel", "dest_hub_country"} <= _ids(result)
    assert result.flags == tuple(sorted(result.flags, key=lambda f: -f.weight))


@pytest.mark.parametrize(("text", "lang"), [
    ("Tuyển CSKH làm việc tại Campuchia, lương 1500$, bao ăn ở, bao vé máy bay", "vi"),
    ("Lowongan admin judi online di Kamboja, gaji 15 juta, tiket gratis, berangkat cepat", "id"),
    ("รับสมัครแอดมิน ทำงานที่ปอยเปต เงินเดือน 40,000 บาท ที่พักฟรี", "th"),
    ("招聘客服 月薪2万 包吃包住 包机票 西港", "zh_Hans"),
    ("ဖောက်သည်ဝန်ဆောင်မှု ဝန်ထမ်း၊ မြဝတီ၊ လစာ ဒေါ်လာ ၁၀၀၀၊ အတွေ့အကြုံမလို", "my"),
])
def test_lures_in_several_languages_are_high(text: str, lang: str) -> None:
    assert assess(text, lang).level in {"high", "very_high"}


@pytest.mark.parametrize(("text", "lang"), [
    ("Barista wanted in Chiang Mai, 12,000 baht a month, apply at the café.", "en"),
    ("Tuyển giáo viên mầm non tại Hà Nội, lương 7 triệu, có hợp đồng lao động.", "vi"),
    ("Lowongan kasir minimarket di Bekasi, gaji Rp 4,8 juta, BPJS.", "id"),
    ("招聘会计 月薪8000 五险一金 苏州", "zh_Hans"),
])
def test_ordinary_ads_are_low(text: str, lang: str) -> None:
    assert assess(text, lang).level == "low"


def test_evidence_quotes_the_words_as_written() -> None:
    result = assess("VIỆC NHẸ LƯƠNG CAO tại Campuchia", "vi")
    quotes = {q for f in result.flags for q in f.evidence}
    assert "VIỆC NHẸ LƯƠNG CAO" in quotes
    assert "Campuchia" in quotes


def test_the_text_answers_guided_questions() -> None:
    answered = assess(LURE_EN, "en").answered
    assert answered["where"] == "kh"
    assert answered["travel_paid"] == "employer"
    assert answered["contact_channel"] == "messaging_app"
    assert answered["pay"] == "much_more"


def test_answers_alone_can_raise_the_level() -> None:
    answers = {"where": "mm", "visa": "tourist", "passport_asked": "yes", "travel_paid": "employer"}
    result = assess("", answers=answers, origin_country="PH")
    assert result.level in {"high", "very_high"}
    assert not result.insufficient
    assert {"dest_hub_country", "tourist_visa_work", "passport_handover"} <= _ids(result)


def test_answers_and_text_combine() -> None:
    text = "Data entry job, salary 1,200 USD."
    alone = assess(text, "en", origin_country="ID")
    both = assess(text, "en", {"where": "kh", "fees": "yes"}, origin_country="ID")
    assert both.score > alone.score
    assert {"dest_hub_country", "fees_upfront"} <= _ids(both)


def test_free_text_and_place_id_answers_are_read() -> None:
    result = assess("", answers={"where": "kk_park", "pay": "2000 USD"}, origin_country="TH")
    assert {"dest_compound_area", "pay_high"} <= _ids(result)
    typed = assess("", answers={"contact_channel": "a man on Telegram"}, origin_country="TH")
    assert "social_recruitment" in _ids(typed)


def test_a_job_in_your_own_country_is_not_a_hub_warning() -> None:
    khmer = "ការងារនៅប្រទេសកម្ពុជា ប្រាក់ខែ ៣០០ ដុល្លារ"
    assert "dest_hub_country" not in _ids(assess(khmer, "km"))
    assert "dest_hub_country" not in _ids(assess("", answers={"where": "kh"}, origin_country="KH"))


def test_regular_process_lowers_the_score_but_not_for_hard_signs() -> None:
    plain = assess("Data entry in Cambodia, 1,000 USD a month", "en", origin_country="PH")
    licensed = assess("Data entry in Cambodia, 1,000 USD a month, DMW licensed agency, "
                      "employment contract, no placement fee", "en", origin_country="PH")
    assert licensed.score < plain.score
    hard = "Data entry in Cambodia, 1,000 USD a month, tourist visa"
    assert assess(hard + ", DMW licensed agency", "en", origin_country="PH").score == \
        assess(hard, "en", origin_country="PH").score


def test_one_fact_counts_once() -> None:
    # "Cambodia" is both a hub country and a place abroad: the lighter one adds nothing.
    both = assess("Job in Cambodia", "en", origin_country="PH")
    assert {"dest_hub_country", "work_abroad"} <= _ids(both)
    assert both.score == 20


@pytest.mark.parametrize("text", ["", "   ", "https://t.me/some_recruiter", "ok", "🙂🙂🙂"])
def test_too_little_text_is_insufficient(text: str) -> None:
    result = assess(text)
    assert result.insufficient
    assert result.level in LEVELS


def test_a_language_without_signals_is_insufficient_not_low() -> None:
    assert assess("Работа в Камбодже, зарплата 1500 долларов, бесплатный билет").insufficient
    assert assess("Trabajo en Camboya con buen salario", "es").insufficient


def test_garbage_never_raises() -> None:
    rng = random.Random(7)
    alphabet = "0123456789$฿₱万萬.,-/ kKmMtrjutaលានသိန်း\u200b\x00\ufffd"
    for _ in range(200):
        junk = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
        result = assess(junk, rng.choice([None, "en", "th", "xx"]))
        assert 0 <= result.score <= 100 and result.level in LEVELS
    weird = assess("9" * 5000 + " USD salary", "en", {"pay": "9" * 400, "where": ""})
    assert weird.level in LEVELS
    assert assess(None, None, None).level in LEVELS  # type: ignore[arg-type]


def test_never_says_safe() -> None:
    for text in ("Government teacher vacancy, apply online", LURE_EN, ""):
        assert assess(text).level in LEVELS


def test_a_typical_ad_takes_under_5_ms() -> None:
    assess(LURE_EN, "en")
    start = time.perf_counter()
    for _ in range(50):
        assess(LURE_EN, "en")
    assert (time.perf_counter() - start) / 50 < 0.005


def test_a_50000_character_paste_is_cut_and_fast() -> None:
    paste = (LURE_EN + " ") * (50_000 // len(LURE_EN))
    assert len(paste) > MAX_SCAN_CHARS
    start = time.perf_counter()
    result = assess(paste, "en")
    assert time.perf_counter() - start < 0.25
    assert result.level == "very_high"
    assert all(len(f.evidence) <= 3 for f in result.flags)


def test_the_destination_not_the_stop_on_the_way_answers_where() -> None:
    text = "Fly to Bangkok, then our driver takes you to Myawaddy. Salary $1,500."
    assert assess(text, "en", origin_country="PH").answered["where"] == "mm"
