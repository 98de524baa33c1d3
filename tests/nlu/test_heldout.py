"""The held-out set stays held out: every language has one, and none of it is training data."""

from pathlib import Path

from nlu.languages import LAUNCH_LANGUAGES
from nlu.training_data import load_training_data
from nlu.types import DISTRESS_INTENTS

ROOT = Path(__file__).resolve().parents[2] / "nlu"


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def test_every_language_has_a_held_out_set_with_distress_and_other_messages() -> None:
    held = load_training_data(ROOT / "heldout")
    for lang in LAUNCH_LANGUAGES:
        mine = [e for e in held.examples if e.lang == lang]
        distress = [e for e in mine if e.intent in DISTRESS_INTENTS]
        assert len(distress) >= 40 and len(mine) - len(distress) >= 80, lang


def test_no_held_out_message_is_in_the_training_data() -> None:
    training = {(e.lang, _key(e.text)) for e in load_training_data(ROOT / "data").examples}
    held = load_training_data(ROOT / "heldout").examples
    leaked = [e.text for e in held if (e.lang, _key(e.text)) in training]
    assert leaked == []
