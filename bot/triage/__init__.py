"""Triage of distress reports: priority rules, the partner directory, routing with consent,
operator alert content and public contacts (pure, apart from loading the data files).

Modules: ``facts`` (ReportFacts), ``priority`` (rules.yml -> Triage), ``partners`` (directory),
``routing`` (Route), ``destinations`` (ALERT_DESTINATIONS), ``alerts`` (AlertContent, HTML),
``contacts`` (public numbers), ``countries`` and ``validators`` (typed countries -> ISO codes).
See docs/triage.md.
"""
