"""'I don't know', as typed in each launch language (data: ``bot/data/unsure.yml``).

Matched with the NLU's cue matcher, so it folds and bounds words the same way.
"""

from collections.abc import Callable
from pathlib import Path

import yaml

from nlu.cues import CueLexicon

DATA_FILE = Path(__file__).resolve().parent / "data" / "unsure.yml"


def load_unsure(path: Path = DATA_FILE) -> Callable[[str], bool]:
    """A test: does this message say "I don't know"?"""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    phrases = [str(p) for lang in raw["phrases"].values() for p in lang]
    lexicon = CueLexicon.from_entries({"unsure": phrases})
    return lambda text: bool(lexicon.match(text))
