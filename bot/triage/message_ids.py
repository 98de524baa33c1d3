"""Message ids that triage builds at run time from codes, listed so ``pybabel extract``
finds them. A test checks this list against the codes the code and data can produce."""

from bot.core.events import M_

FIELDS: tuple[str, ...] = (
    M_("triage.field.children"),
    M_("triage.field.consent_embassy"),
    M_("triage.field.consent_ngo"),
    M_("triage.field.consent_police"),
    M_("triage.field.contact_ok"),
    M_("triage.field.danger"),
    M_("triage.field.held"),
    M_("triage.field.injured"),
    M_("triage.field.landmarks"),
    M_("triage.field.location_country"),
    M_("triage.field.medical"),
    M_("triage.field.nationality"),
    M_("triage.field.people_count"),
    M_("triage.field.phone_checked"),
    M_("triage.field.pin"),
    M_("triage.field.place_id"),
    M_("triage.field.place_text"),
    M_("triage.field.reporter_contact"),
    M_("triage.field.safe_now"),
    M_("triage.field.safe_time"),
)

ANSWERS: tuple[str, ...] = (
    M_("triage.answer.afternoon"),
    M_("triage.answer.any_time"),
    M_("triage.answer.escaped"),
    M_("triage.answer.evening"),
    M_("triage.answer.morning"),
    M_("triage.answer.moving"),
    M_("triage.answer.night"),
    M_("triage.answer.no"),
    M_("triage.answer.other"),
    M_("triage.answer.this_chat"),
    M_("triage.answer.unknown"),
    M_("triage.answer.yes"),
)

PRIORITIES: tuple[str, ...] = (
    M_("triage.priority.P1"),
    M_("triage.priority.P2"),
    M_("triage.priority.P3"),
    M_("triage.priority.P4"),
)
