"""The location registry: aliases in every script, nearest place, coarse country of a pin."""

from pathlib import Path

import pytest
import yaml

from bot.locations import DATA_FILE, LocationError, LocationRegistry


@pytest.fixture(scope="module")
def registry() -> LocationRegistry:
    return LocationRegistry.load()


@pytest.mark.parametrize(("text", "place_id"), [
    ("Kerja di Myawadi", "myawaddy"),
    ("งานที่เมียวดี", "myawaddy"),
    ("မြဝတီမှာ အလုပ်", "myawaddy"),
    ("妙瓦底招聘", "myawaddy"),
    ("ရွှေကုက္ကို", "shwe_kokko"),
    ("亚太新城", "shwe_kokko"),
    ("KK-Park", "kk_park"),
    ("缅甸KK园区", "kk_park"),
    ("ការងារនៅក្រុងព្រះសីហនុ", "sihanoukville"),
    ("西港高薪", "sihanoukville"),
    ("Preah Sihanouk", "sihanoukville"),
    ("ເຂດເສດຖະກິດພິເສດສາມຫຼ່ຽມຄຳ", "gtsez"),
    ("金三角经济特区", "gtsez"),
    ("金三角經濟特區", "gtsez"),
    ("Phnom Pênh", "phnom_penh"),
    ("ข้ามด่านแม่สอด", "mae_sot"),
])
def test_aliases_match_in_every_script(registry: LocationRegistry, text: str,
                                       place_id: str) -> None:
    assert place_id in [m.id for m in registry.match(text)]


def test_longest_alias_wins_and_quote_is_as_written(registry: LocationRegistry) -> None:
    hits = registry.match("Work in the Golden Triangle SEZ")
    assert [(h.id, h.text) for h in hits] == [("gtsez", "Golden Triangle SEZ")]


def test_latin_aliases_need_word_boundaries(registry: LocationRegistry) -> None:
    assert registry.match("Poipetx and xbavet") == ()
    assert [m.id for m in registry.match("POIPET.")] == ["poipet"]


def test_vietnamese_labour_is_not_laos(registry: LocationRegistry) -> None:
    assert registry.match("xuất khẩu lao động Nhật Bản") == ()
    assert [m.id for m in registry.match("đi làm bên Lào")] == ["LA"]


def test_countries_have_names_in_every_language(registry: LocationRegistry) -> None:
    for lang in ("en", "th", "vi", "id", "ms", "fil", "km", "my", "lo", "zh_Hans", "zh_Hant"):
        assert registry.country_name("KH", lang)
    assert [m.id for m in registry.match("ไปทำงานกัมพูชา")] == ["KH"]


def test_places_carry_kind_risk_and_provenance(registry: LocationRegistry) -> None:
    kk = registry.get("kk_park")
    assert kk is not None and kk.kind == "compound" and kk.compound_risk
    assert kk.country == "MM" and kk.source
    mae_sot = registry.get("mae_sot")
    assert mae_sot is not None and mae_sot.transit_risk and not mae_sot.compound_risk
    assert "Mae Sot Tak" in mae_sot.unverified


def test_nearest_place_within_the_limit(registry: LocationRegistry) -> None:
    near = registry.nearest(16.70, 98.52)
    assert near is not None and near.id in {"myawaddy", "moei_river"}
    assert near.distance_km is not None and near.distance_km < 5
    assert registry.nearest(0.0, 0.0) is None


@pytest.mark.parametrize(("lat", "lon", "country"), [
    (13.75, 100.50, "TH"), (16.80, 96.15, "MM"), (17.97, 102.60, "LA"), (11.56, 104.92, "KH"),
    (21.03, 105.85, "VN"), (10.78, 106.70, "VN"), (14.60, 121.00, "PH"), (3.14, 101.69, "MY"),
    (-6.20, 106.80, "ID"), (39.90, 116.40, "CN"), (25.20, 55.27, "AE"), (16.69, 98.51, "MM"),
    (16.71, 98.57, "TH"), (1.35, 103.80, "SG"), (25.03, 121.56, "TW"),
])
def test_country_of_a_pin(registry: LocationRegistry, lat: float, lon: float,
                          country: str) -> None:
    assert registry.country_of(lat, lon) == country


def test_country_of_open_sea_is_unknown(registry: LocationRegistry) -> None:
    assert registry.country_of(15.0, 115.0) is None


def test_places_port_adapter(registry: LocationRegistry) -> None:
    hit = registry.match_text("I was told the job is in Cambodia, in Bavet")
    assert hit == {"id": "bavet", "name": "Bavet", "country": "KH"}
    assert registry.near(11.56, 104.92) == {"id": "phnom_penh", "name": "Phnom Penh",
                                             "country": "KH"}
    assert registry.match_text("nothing here") is None


def test_a_broken_entry_names_file_and_place(tmp_path: Path) -> None:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["places"][0]["kind"] = "castle"
    path = tmp_path / "locations.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LocationError, match="locations.yml: place 'myawaddy': kind"):
        LocationRegistry.load(path)


def test_an_unverified_alias_must_be_listed(tmp_path: Path) -> None:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["places"][1]["unverified"] = ["Nowhere"]
    path = tmp_path / "locations.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(LocationError, match="place 'kk_park'"):
        LocationRegistry.load(path)
