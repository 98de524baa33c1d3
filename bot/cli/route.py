"""``python -m bot route``: show who a report would be routed to, as JSON."""

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.triage.routing import Route


def register(subparsers: Any) -> None:
    """Add the ``route`` subcommand."""
    parser = subparsers.add_parser(
        "route", help="print the partners a report would be routed to (JSON)",
        description="Route a report over the partner directory and print the result as JSON.",
    )
    parser.add_argument("--location-country", type=_iso, default=None,
                        help="ISO alpha-2 code of the country where the person is")
    parser.add_argument("--nationality", type=_iso, default=None,
                        help="ISO alpha-2 code of the person's nationality")
    parser.add_argument("--lang", default="en", help="locale id of the person's language")
    parser.add_argument("--consent", default="",
                        help="comma-separated kinds consented to: ngo,embassy,police")
    parser.add_argument("--priority", default="P4", choices=("P1", "P2", "P3", "P4"))
    parser.add_argument("--police-on-p1", action="store_true",
                        help="apply the imminent-danger policy (police without consent on P1)")
    parser.add_argument("--all", action="store_true",
                        help="list every candidate before consent (not what would be alerted)")
    parser.add_argument("--partners", type=Path, default=None,
                        help="partner directory file (default: bot/data/partners.yml)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Route and print the partners as a JSON list; 2 on bad input."""
    from bot.triage.data import DataError
    from bot.triage.partners import default_directory, load_directory
    from bot.triage.priority import Priority
    from bot.triage.routing import Consent, RoutingPolicy, candidates, route

    try:
        consent = Consent.parse(args.consent)
        directory = load_directory(args.partners) if args.partners else default_directory()
    except (ValueError, DataError) as exc:
        print(f"route: {exc}", file=sys.stderr)
        return 2
    where = {"location_country": args.location_country, "nationality": args.nationality,
             "lang": args.lang}
    if args.all:
        routes = candidates(directory, **where)
    else:
        policy = RoutingPolicy(allow_police_without_consent_on_p1=args.police_on_p1)
        routes = route(directory, **where, consent=consent, priority=Priority(args.priority),
                       policy=policy)
    rows = [_row(r) for r in routes]
    print(json.dumps(rows, ensure_ascii=False, indent=2))
    return 0


def _row(r: "Route") -> dict[str, object]:
    p = r.partner
    return {
        "id": p.id, "name": p.name, "kind": p.kind, "reason": r.reason,
        "consented": r.consented, "status": p.status,
        "channels": [{"kind": c.kind, "value": c.value, "written": c.written,
                      "note": c.note.text if c.note else ""} for c in p.channels],
        "warnings": [w.code for w in p.warnings],
    }


def _iso(text: str) -> str:
    code = text.strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise argparse.ArgumentTypeError(f"expected an ISO alpha-2 country code, not {text!r}")
    return code
