"""Pay amounts in local formats become a monthly USD estimate."""

import pytest

from bot.risk.pay import parse_pay
from bot.risk.rates import load_rates

# text, lang, currency, high end in that currency, period
TABLE = [
    ("Gaji Rp 15 juta/bulan", "id", "IDR", 15_000_000, "month"),
    ("Rp 7-16 juta", "id", "IDR", 16_000_000, "month"),
    ("lương 15 triệu + hoa hồng", "vi", "VND", 15_000_000, "month"),
    ("Lương 15tr/tháng", "vi", "VND", 15_000_000, "month"),
    ("lương 30 củ", "vi", "VND", 30_000_000, "month"),
    ("เงินเดือน ฿30,000", "th", "THB", 30_000, "month"),
    ("เงินเดือน 3-5 หมื่นบาท", "th", "THB", 50_000, "month"),
    ("salary 30k baht", "en", "THB", 30_000, "month"),
    ("Gaji RM15,000 sebulan", "ms", "MYR", 15_000, "month"),
    ("Sahod ₱40,000 monthly", "fil", "PHP", 40_000, "month"),
    ("P40,000 per month", "fil", "PHP", 40_000, "month"),
    ("Salary $1,200", "en", "USD", 1_200, "month"),
    ("1,200 USD per month", "en", "USD", 1_200, "month"),
    ("Salary: 1.000-1.200 USD", "en", "USD", 1_200, "month"),
    ("2k USD salary", "en", "USD", 2_000, "month"),
    ("Salary Rs 1 lakh", "en", "INR", 100_000, "month"),
    ("月薪1-2万", "zh_Hans", "CNY", 20_000, "month"),
    ("底薪1.5万", "zh_Hans", "CNY", 15_000, "month"),
    ("月薪8000", "zh_Hans", "CNY", 8_000, "month"),
    ("8000元", "zh_Hans", "CNY", 8_000, "month"),
    ("月收入两万以上", "zh_Hans", "CNY", 20_000, "month"),
    ("年薪30萬", "zh_Hant", "TWD", 300_000, "year"),
    ("月薪10萬台幣", "zh_Hant", "TWD", 100_000, "month"),
    ("$50 a day", "en", "USD", 50, "day"),
    ("日薪500元", "zh_Hans", "CNY", 500, "day"),
    ("gaji 150rb/hari", "id", "IDR", 150_000, "day"),
    ("2000U", "zh_Hans", "USD", 2_000, "month"),
    ("ប្រាក់ខែ ៨០០ ដុល្លារ", "km", "USD", 800, "month"),
    ("လစာ သိန်း ၃၀", "my", "MMK", 3_000_000, "month"),
    ("လစာ ဒေါ်လာ ၈၀၀", "my", "USD", 800, "month"),
    ("ເງິນເດືອນ 1,000 ໂດລາ", "lo", "USD", 1_000, "month"),
    ("ເງິນເດືອນ 30,000 ບາດ", "lo", "THB", 30_000, "month"),
]


@pytest.mark.parametrize(("text", "lang", "currency", "high", "period"), TABLE)
def test_amounts_parse(text: str, lang: str, currency: str, high: float, period: str) -> None:
    found = parse_pay(text, lang)
    assert found, text
    best = max(found, key=lambda a: a.monthly_usd)
    assert (best.currency, best.high, best.period) == (currency, high, period)


def test_monthly_usd_uses_the_rate_table_and_the_period() -> None:
    rates = load_rates()
    daily = parse_pay("$50 a day", "en")[0]
    assert daily.monthly_usd == pytest.approx(50 * 26)
    idr = parse_pay("Gaji Rp 15 juta", "id")[0]
    assert idr.monthly_usd == pytest.approx(15_000_000 / rates.per_usd["IDR"], rel=0.01)


def test_evidence_is_the_amount_as_written() -> None:
    assert parse_pay("Lương 15 TRIỆU", "vi")[0].text == "15 TRIỆU"


@pytest.mark.parametrize("text", [
    "biaya Rp 5 juta",                      # a fee, not pay
    "fee $500",
    "gaji tinggi hubungi 08123456789",      # a phone number
    "usia 18-35 tahun",                     # an age range
    "Salary review in 2025",                # a year
    "3 years experience",
])
def test_non_pay_numbers_are_ignored(text: str) -> None:
    assert parse_pay(text, "id" if "gaji" in text or "biaya" in text else "en") == ()


def test_an_answer_to_the_pay_question_needs_no_pay_word() -> None:
    assert parse_pay("15 juta", "id") == ()
    assert parse_pay("15 juta", "id", require_context=False)[0].high == 15_000_000
