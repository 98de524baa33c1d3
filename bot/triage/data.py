"""Loading the triage data files (YAML) with errors that name the file and the entry."""

from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


class DataError(ValueError):
    """A data file is malformed; the message names the file and the entry."""

    def __init__(self, source: str, entry: str, problem: str) -> None:
        super().__init__(f"{source}: {entry}: {problem}" if entry else f"{source}: {problem}")
        self.source = source
        self.entry = entry
        self.problem = problem


def load_yaml(path: Path) -> object:
    """Parse a YAML file; a missing file or bad syntax raises DataError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(str(path), "", f"cannot read: {exc.strerror}") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataError(str(path), "", f"not valid YAML: {exc}") from exc
