"""Find promised pay in an ad ("Rp 15 juta", "15tr", "฿30,000", "1-2万", "$1,200/month"...).

Amounts are read from folded text (lower case, no Latin diacritics, ASCII digits) and turned into
a monthly USD estimate with the static table in ``rates.yml``. A number counts as pay when a
currency or a pay word (salary, gaji, lương, เงินเดือน, 薪...) comes with it, and not when a fee,
deposit or ticket word stands nearer before it than the pay word.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bot.risk.fold import Folded, fold
from bot.risk.rates import Rates, load_rates

_NUM = r"(?<![\d.,])(?:\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?)(?!\d)"
# Currency words written before the number. Longer tokens first: "us$" before "$".
_PRE = {
    "us$": "USD", "usdt": "USD", "usd": "USD", "nt$": "TWD", "ntd": "TWD", "hk$": "HKD",
    "s$": "SGD", "rm": "MYR", "rp.": "IDR", "rp": "IDR", "idr": "IDR", "php": "PHP",
    "₱": "PHP", "rs.": "INR", "rs": "INR", "₹": "INR", "inr": "INR", "$": "USD",
    "฿": "THB", "thb": "THB", "myr": "MYR", "sgd": "SGD", "hkd": "HKD", "twd": "TWD",
    "aed": "AED", "€": "EUR", "eur": "EUR", "¥": "CNY", "rmb": "CNY", "vnd": "VND", "khr": "KHR",
    "៛": "KHR", "ks.": "MMK", "ks": "MMK", "kyat": "MMK", "lak": "LAK", "kip": "LAK",
    "人民币": "CNY", "人民幣": "CNY", "美金": "USD", "ဒေါ်လာ": "USD", "ဘတ်": "THB", "ကျပ်": "MMK",
    "ယွမ်": "CNY",
}
# Currency words written after the number. "元" is resolved by language (CNY or TWD).
_POST = {
    "usdt": "USD", "usd": "USD", "u": "USD", "dollars": "USD", "dollar": "USD", "dolar": "USD",
    "do la": "USD", "do": "USD", "$": "USD", "baht": "THB", "bath": "THB", "บาท": "THB",
    "฿": "THB", "thb": "THB", "ບາດ": "THB", "បាត": "THB", "ဘတ်": "THB", "rupiah": "IDR",
    "idr": "IDR", "vnd": "VND", "dong": "VND", "d": "VND", "ringgit": "MYR", "myr": "MYR",
    "rm": "MYR", "pesos": "PHP", "peso": "PHP", "php": "PHP", "piso": "PHP", "riel": "KHR",
    "រៀល": "KHR", "៛": "KHR", "khr": "KHR", "kyats": "MMK", "kyat": "MMK", "ကျပ်": "MMK",
    "mmk": "MMK", "kip": "LAK", "ກີບ": "LAK", "lak": "LAK", "元": "YUAN", "块": "CNY",
    "塊": "TWD", "rmb": "CNY", "cny": "CNY", "人民币": "CNY", "人民幣": "CNY", "yuan": "CNY",
    "¥": "CNY", "美元": "USD", "美金": "USD", "美刀": "USD", "刀": "USD", "台币": "TWD",
    "台幣": "TWD", "新台币": "TWD", "新台幣": "TWD", "twd": "TWD", "ntd": "TWD", "港币": "HKD",
    "港幣": "HKD", "hkd": "HKD", "sgd": "SGD", "rupees": "INR", "rupee": "INR", "inr": "INR",
    "aed": "AED", "dirhams": "AED", "dirham": "AED", "euros": "EUR", "euro": "EUR",
    "eur": "EUR", "€": "EUR", "ดอลลาร์": "USD", "ดอลล่าร์": "USD", "ดอลล่า": "USD",
    "ដុល្លារ": "USD", "ဒေါ်လာ": "USD", "ໂດລາ": "USD", "ໂດລ່າ": "USD", "ယွမ်": "CNY",
}
# Multipliers after a number, with the currency they imply when none is written.
_MULT: dict[str, tuple[float, str | None]] = {
    "k": (1e3, None), "rb": (1e3, "IDR"), "ribu": (1e3, "IDR"), "rebu": (1e3, "IDR"),
    "jt": (1e6, "IDR"), "juta": (1e6, "IDR"), "tr": (1e6, "VND"), "trieu": (1e6, "VND"),
    "cu": (1e6, "VND"),  # Vietnamese slang: "30 củ" = 30 triệu
    "m": (1e6, None), "mil": (1e6, None), "million": (1e6, None), "mn": (1e6, None),
    "lakhs": (1e5, "INR"), "lakh": (1e5, "INR"), "lacs": (1e5, "INR"), "lac": (1e5, "INR"),
    "crores": (1e7, "INR"), "crore": (1e7, "INR"), "libo": (1e3, "PHP"),
    "พัน": (1e3, "THB"), "หมื่น": (1e4, "THB"), "แสน": (1e5, "THB"), "ล้าน": (1e6, "THB"),
    "千": (1e3, None), "百万": (1e6, None), "百萬": (1e6, None), "万": (1e4, None),
    "萬": (1e4, None), "ពាន់": (1e3, "KHR"), "ម៉ឺន": (1e4, "KHR"), "សែន": (1e5, "KHR"),
    "លាន": (1e6, "KHR"), "ພັນ": (1e3, "LAK"), "ໝື່ນ": (1e4, "LAK"), "ຫມື່ນ": (1e4, "LAK"),
    "ແສນ": (1e5, "LAK"), "ລ້ານ": (1e6, "LAK"), "ထောင်": (1e3, "MMK"),
    "သောင်း": (1e4, "MMK"), "သိန်း": (1e5, "MMK"), "သန်း": (1e6, "MMK"),
}
_RANGE = r"\s*(?:-|–|—|~|～|〜|to|hingga|sampai|sampe|s/d|den|toi|ถึง|至|到|ដល់|ເຖິງ|hanggang)\s*"
_PERIODS = {  # unit word -> period; matched right after the amount (after "/", "per", "a"...)
    "hour": r"h|hr|hrs|hour|jam|gio|tieng|oras|ชั่วโมง|小时|小時|ម៉ោង|ຊົ່ວໂມງ|နာရီ",
    "day": r"day|daily|hari|harian|ngay|araw|วัน|天|日|ថ្ងៃ|ມື້|ရက်",
    "week": r"week|weekly|wk|minggu|tuan|linggo|สัปดาห์|อาทิตย์|周|週|星期|សប្តាហ៍|ອາທິດ|ပတ်",
    "year": r"year|yr|annum|annual|tahun|nam|taon|ปี|年|ឆ្នាំ|ປີ|နှစ်",
    "month": r"month|monthly|mo|bulan|sebulan|thang|buwan|เดือน|月|ខែ|ເດືອນ|လ",
}
_PERIOD_BEFORE = {
    "hour": r"时薪|時薪|ชั่วโมงละ|per hour|hourly",
    "day": r"日薪|日结|日結|วันละ|ມື້ລະ|harian|daily|luong ngay|ค่าแรงรายวัน",
    "year": r"年薪|annual|yearly",
    "month": r"月薪|月入|月收入|เดือนละ|luong thang|gaji bulanan|monthly",
}
_MONTHLY = {"hour": 208.0, "day": 26.0, "week": 4.33, "month": 1.0, "year": 1 / 12}
_PAY_WORDS = (
    r"salary|salaries|pay|paid|wage|wages|income|earn|earning|earnings|compensation|allowance"
    r"|stipend|gaji|upah|pendapatan|penghasilan|luong|thu nhap|sahod|sweldo|suweldo|kita|kumita"
    r"|elaun|imbuhan|เงินเดือน|ค่าจ้าง|รายได้|ค่าแรง|ប្រាក់ខែ|ប្រាក់ចំណូល|ប្រាក់ឈ្នួល|လစာ"
    r"|ဝင်ငွေ|ເງິນເດືອນ|ລາຍໄດ້|ຄ່າແຮງ|ຄ່າຈ້າງ|薪|工资|工資|收入|月入|待遇|报酬|報酬"
)
_NOT_PAY_WORDS = (
    r"fee|fees|biaya|bayar|deposit|jaminan|denda|penalty|fine|ticket|tiket|ve may bay|phi"
    r"|tien coc|boi thuong|cost|costs|charge|bayad|placement|multa|bond|loan|pinjaman|utang"
    r"|hutang|vay|no|ongkos|modal|ค่าธรรมเนียม|ค่าดำเนินการ|ค่าตั๋ว|มัดจำ|ค่าปรับ|ค่าใช้จ่าย"
    r"|หนี้|费|費|押金|罚款|罰款|赔偿|賠償|机票|機票|借|贷|貸|债|債|ថ្លៃ|ប្រាក់កក់|ពិន័យ|បំណុល"
    r"|ຄ່າທຳນຽມ|ຄ່າປັບ|ໜີ້|အခကြေးငွေ|ဒဏ်ငွေ|ကြွေး|target|quota|kpi|doanh so|ยอด|业绩|業績"
)


def _alts(words: Iterable[str]) -> str:
    return "|".join(re.escape(k) for k in sorted(words, key=len, reverse=True))


_LATIN_EDGE = r"(?<![a-z])"
_PRE_RE = rf"{_LATIN_EDGE}(?:{_alts(_PRE)}|p(?=\d))"  # "P40,000" is how Filipinos write pesos
_MULT_RE = rf"(?:{_alts(_MULT)})(?![a-z])"
_POST_RE = rf"(?:{_alts(_POST)})(?![a-z])"
_AMOUNT = re.compile(
    rf"(?:(?P<pre>{_PRE_RE})\s*)?(?P<a>{_NUM})\s*(?P<ma>{_MULT_RE})?"
    rf"(?:{_RANGE}(?:(?P<pre2>{_PRE_RE})\s*)?(?P<b>{_NUM})\s*(?P<mb>{_MULT_RE})?)?"
    rf"(?:\s*(?P<post>{_POST_RE}))?"
    # Burmese often writes the unit first: "သိန်း ၃၀" = 30 x 100,000 kyat.
    rf"|(?P<pm>သိန်း|သန်း)\s*(?P<pa>{_NUM})(?:{_RANGE}(?P<pb>{_NUM}))?"
)
_PER = r"/|per|a|an|each|every|mot|moi|1|ต่อ|ຕໍ່|每|一|kada|bawat|isang|sa isang|ក្នុងមួយ|တစ်"
_SELF = {  # period words that stand alone after an amount, without "/" or "per"
    "day": r"daily|harian|sehari", "week": r"weekly|mingguan|seminggu",
    "month": r"monthly|bulanan|sebulan", "year": r"yearly|annually|tahunan|setahun",
}
_AFTER = {
    p: re.compile(rf"\s*(?:(?:{_PER})\s*(?:{w})|{_SELF.get(p, '(?!)')})(?![a-z])")
    for p, w in _PERIODS.items()
}
_BEFORE = {p: re.compile(rf"(?:{w})[^\d]{{0,8}}$") for p, w in _PERIOD_BEFORE.items()}
# Chinese numerals people type for round pay: "两万" = 20,000, "一万五" = 15,000, "八千" = 8,000.
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9, "十": 10}
_CN_AMOUNT = re.compile(
    r"(?P<n>[一二两兩三四五六七八九十])(?P<unit>万|萬|千)(?P<tail>[一二三四五六七八九])?"
)
_PAY_RE = re.compile(rf"(?<![a-z])(?:{_PAY_WORDS})")
_NOT_PAY_RE = re.compile(rf"(?<![a-z])(?:{_NOT_PAY_WORDS})(?![a-z])")
_CONTEXT_CHARS = 40
_MAX_MONTHLY_USD = 200_000.0  # above this it is a phone number, a quota or a typo, not a wage


@dataclass(frozen=True)
class PayAmount:
    """One promised amount: as written, its currency, range, period and monthly USD (high end)."""

    text: str
    currency: str
    low: float
    high: float
    period: str
    monthly_usd: float
    start: int
    end: int


def parse_pay(text: str, lang: str | None = None, require_context: bool = True,
              rates: Rates | None = None) -> tuple[PayAmount, ...]:
    """Every pay amount in ``text`` (``require_context=False`` for an answer to "what pay")."""
    return parse_folded(fold(text), lang, require_context, rates)


def parse_folded(folded: Folded, lang: str | None = None, require_context: bool = True,
                 rates: Rates | None = None) -> tuple[PayAmount, ...]:
    """Like ``parse_pay`` on text that is already folded."""
    table = rates or load_rates()
    found: list[PayAmount] = []
    for hit in _AMOUNT.finditer(folded.text):
        amount = _read(hit, folded, lang, require_context, table)
        if amount is not None:
            found.append(amount)
    for hit in _CN_AMOUNT.finditer(folded.text):
        amount = _read_chinese(hit, folded, lang, require_context, table)
        if amount is not None:
            found.append(amount)
    return tuple(found)


def _read_chinese(hit: re.Match[str], folded: Folded, lang: str | None, require_context: bool,
                  rates: Rates) -> PayAmount | None:
    before = folded.text[max(0, hit.start() - _CONTEXT_CHARS):hit.start()]
    if require_context and not _is_pay_context(before, False):
        return None
    unit = 1e4 if hit.group("unit") in ("万", "萬") else 1e3
    value = _CN_DIGITS[hit.group("n")] * unit
    if hit.group("tail"):
        value += _CN_DIGITS[hit.group("tail")] * unit / 10
    currency = "TWD" if lang == "zh_Hant" else "CNY"
    period = _period(folded.text, hit.start(), hit.end()) or "month"
    usd = rates.to_usd(value * _MONTHLY[period], currency) or 0.0
    start, end = folded.original_span(hit.start(), hit.end())
    return PayAmount(folded.excerpt(hit.start(), hit.end()), currency, value, value, period,
                     round(usd, 2), start, end)


def _read(hit: re.Match[str], folded: Folded, lang: str | None, require_context: bool,
          rates: Rates) -> PayAmount | None:
    groups = hit.groupdict()
    explicit = _currency(groups, lang)
    mult_a, implied = _multiplier(groups.get("ma") or groups.get("mb") or groups.get("pm"))
    mult_b, _ = _multiplier(groups.get("mb") or groups.get("ma") or groups.get("pm"))
    before = folded.text[max(0, hit.start() - _CONTEXT_CHARS):hit.start()]
    period = _period(folded.text, hit.start(), hit.end())
    context = _is_pay_context(before, explicit is not None or period is not None)
    if not context and require_context:
        return None
    first, second = groups.get("a") or groups.get("pa"), groups.get("b") or groups.get("pb")
    bare = explicit is None and not (groups.get("ma") or groups.get("mb") or groups.get("pm"))
    if first is None or (bare and not _plausible_bare(first)):
        return None
    currency = explicit or implied or rates.lang_currency.get(lang or "en", "USD")
    low = _number(first) * mult_a
    high = _number(second) * mult_b if second else low
    low, high = min(low, high), max(low, high)
    usd = rates.to_usd(high * _MONTHLY[period or "month"], currency)
    if usd is None or usd <= 0 or usd > _MAX_MONTHLY_USD:
        return None
    start, end = folded.original_span(hit.start(), hit.end())
    return PayAmount(folded.excerpt(hit.start(), hit.end()), currency, low, high,
                     period or "month", round(usd, 2), start, end)


def _currency(groups: dict[str, str | None], lang: str | None) -> str | None:
    for key, table in (("pre", _PRE), ("pre2", _PRE), ("post", _POST)):
        token = groups.get(key)
        if token:
            code = table.get(token, "PHP")  # only the bare "p" prefix is not in the table
            return ("TWD" if lang == "zh_Hant" else "CNY") if code == "YUAN" else code
    return None


def _multiplier(token: str | None) -> tuple[float, str | None]:
    return _MULT.get(token, (1.0, None)) if token else (1.0, None)


def _period(text: str, start: int, end: int) -> str | None:
    after = text[end:end + 24]
    for period, pattern in _AFTER.items():
        if pattern.match(after):
            return period
    before = text[max(0, start - 16):start]
    return next((p for p, rx in _BEFORE.items() if rx.search(before)), None)


def _is_pay_context(before: str, has_unit: bool) -> bool:
    pay = [m.end() for m in _PAY_RE.finditer(before)]
    not_pay = [m.end() for m in _NOT_PAY_RE.finditer(before)]
    if not_pay and (not pay or not_pay[-1] > pay[-1]):
        return False
    return bool(pay) or has_unit


def _plausible_bare(raw: str) -> bool:
    # A bare number with no currency: not a phone number, a year or a tiny count.
    digits = re.sub(r"\D", "", raw.split(".")[0] if raw.count(".") == 1 else raw)
    if raw.startswith("0") or len(digits) < 3 or len(digits) > 8:
        return False
    return not (len(digits) == 4 and 1990 <= int(digits) <= 2035)


def _number(raw: str) -> float:
    if "." in raw and "," in raw:
        dec = "." if raw.rfind(".") > raw.rfind(",") else ","
        whole, frac = raw.rsplit(dec, 1)
        return float(re.sub(r"[.,]", "", whole) + "." + frac)
    parts = re.split(r"[.,]", raw)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        return float("".join(parts))
    return float(raw.replace(",", "."))
