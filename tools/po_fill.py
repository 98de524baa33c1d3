"""Fill a locale's catalogue from a YAML mapping ``msgid: text`` (translators' tool).

    python tools/po_fill.py LOCALE FILE.yml [--status "draft ..."]

Creates the catalogue from locales/messages.pot when missing, sets msgstr for every id in
the file that the template has (unknown ids are reported and skipped), clears the fuzzy flag
on them, and records the translation status in the header comment.
"""

import argparse
import sys
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"


def load(locale: str) -> Catalog:
    """The locale's catalogue, or a new one from the template."""
    path = LOCALES / locale / "LC_MESSAGES" / "messages.po"
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=locale)
    with (LOCALES / "messages.pot").open("rb") as handle:
        template = read_po(handle)
    catalog = Catalog(locale=locale, project="SafePassage", fuzzy=False)
    for message in template:
        if message.id:
            catalog.add(message.id, "", auto_comments=message.auto_comments)
    return catalog


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("locale")
    parser.add_argument("mapping", type=Path)
    parser.add_argument("--status", default=None, help="translation status for the header")
    args = parser.parse_args()
    catalog = load(args.locale)
    mapping = yaml.safe_load(args.mapping.read_text(encoding="utf-8")) or {}
    unknown = []
    for msgid, text in mapping.items():
        message = catalog.get(msgid)
        if message is None:
            unknown.append(msgid)  # not extracted from the code or data: nothing uses it
            continue
        message.string = str(text)
        message.flags.discard("fuzzy")
    catalog.fuzzy = False
    catalog.project, catalog.version = "SafePassage", "0.1"
    catalog.msgid_bugs_address = "translations@safepassage.invalid"
    if args.status:
        catalog.header_comment = (
            f"# SafePassage messages ({args.locale}).\n"
            "# Message ids are symbolic; the English catalogue holds the source text.\n"
            f"# Translation status: {args.status}"
        )
    path = LOCALES / args.locale / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"{args.locale}: {len(mapping) - len(unknown)} set, {len(missing)} still empty, "
          f"{len(unknown)} unknown ids skipped {unknown[:5]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
