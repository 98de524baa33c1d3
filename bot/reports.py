"""Turn a filed report into stored alerts: routing with consent, one alert per destination.

The engine decides *that* a report is filed (``FileReport``); this desk decides *who* is told,
renders each alert in the operator's language, and hands everything to the store, which
commits it with the turn's state.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.i18n import translator
from bot.settings import Settings
from bot.storage.store import NewAlert, NewReport
from bot.triage.alerts import AlertContent, build_alerts, render_alert
from bot.triage.destinations import Destinations, load_destinations, parse_destinations
from bot.triage.facts import ReportFacts
from bot.triage.partners import Directory, default_directory
from bot.triage.priority import triage
from bot.triage.routing import RoutingPolicy, route_report


@dataclass(frozen=True)
class ReportDesk:
    """Routes reports to partners and renders their alerts."""

    directory: Directory
    destinations: Destinations
    policy: RoutingPolicy
    operator_lang: str = "en"

    @classmethod
    def from_settings(cls, settings: Settings) -> "ReportDesk":
        """The desk for this deployment's directory, destinations and policy."""
        directory = default_directory()
        known = [p.id for p in directory.partners]
        secret = settings.alert_destinations
        raw = secret.get_secret_value() if secret else None
        if raw and Path(raw).suffix in (".yml", ".yaml") and Path(raw).exists():
            destinations = load_destinations(Path(raw), known)
        else:
            destinations = parse_destinations(raw, known)
        policy = RoutingPolicy(
            allow_police_without_consent_on_p1=settings.police_without_consent_on_p1)
        return cls(directory, destinations, policy, settings.operator_language)

    def build(self, report: Mapping[str, Any]) -> NewReport:
        """The report and its alerts, ready to be stored with the turn."""
        facts = ReportFacts.from_slots(
            report.get("slots", {}), ref=str(report["ref"]), lang=str(report.get("lang", "en")),
            for_someone=bool(report.get("for_someone")), intents=report.get("intents", ()),
        )
        result = triage(facts)
        routes = route_report(self.directory, facts, result, self.policy)
        alerts = tuple(self._alert(c, report) for c in build_alerts(
            facts, result, routes, self.destinations))
        reasons = tuple(r.code for r in result.reasons)
        payload = {**report, "routed": [r.partner.id for r in routes]}
        return NewReport(facts.ref, str(result.priority), reasons, payload, alerts)

    def _alert(self, content: AlertContent, report: Mapping[str, Any]) -> NewAlert:
        text = render_alert(content, translator(self.operator_lang).gettext)
        evidence = str(report.get("slots", {}).get("evidence") or "").split()
        payload: dict[str, Any] = {
            "text": text, "reasons": [r.code for r in content.reasons],
            "lang": content.lang, "case_ref": content.case_ref,
        }
        if content.location:
            payload["lat"], payload["lon"] = content.location
        if evidence:
            payload["evidence"] = evidence
        return NewAlert(content.partner_id, content.destination, payload)
