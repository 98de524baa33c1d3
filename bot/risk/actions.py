"""Flow actions of the job-offer check (pure): assess what is known, then show the result."""

from collections.abc import Mapping
from typing import TYPE_CHECKING

from bot.core.actions import Action
from bot.core.events import M_, Msg
from bot.core.turn import Turn
from bot.risk.advice import answers_from_slots, result_lines, slots_to_fill
from bot.risk.rates import load_rates
from bot.risk.scorer import Assessment, assess

if TYPE_CHECKING:
    from bot.core.engine import Engine

#: Analysing more than this adds nothing; a 50,000-character paste stays fast.
MAX_AD_CHARS = 20_000


def _assessment(turn: Turn) -> Assessment:
    ad = (turn.slot("ad_text") or "")[:MAX_AD_CHARS]
    answers = answers_from_slots(turn.state.slots)
    key = repr((ad, sorted(answers.items()), turn.lang, origin_country(turn)))
    cached = turn.memo.get(key)  # assess_job then show_job_result in one turn: score once
    if isinstance(cached, Assessment):
        return cached
    result = assess(ad, turn.lang, answers, origin_country(turn))
    turn.memo[key] = result
    return result


def origin_country(turn: Turn) -> str | None:
    """Where the person comes from: their stated nationality, else their language's country."""
    nationality = turn.slot("nationality")
    if nationality and len(nationality) == 2:
        return nationality.upper()
    return load_rates().lang_country.get(turn.lang)


def assess_job(turn: Turn, _engine: "Engine") -> None:
    """Score the ad and answers so far; fill the questions the ad already answers."""
    result = _assessment(turn)
    turn.set_slots(**slots_to_fill(result, turn.state.slots))
    turn.set_slots(risk_score=str(result.score), risk_level=result.level)


def show_job_result(turn: Turn, _engine: "Engine") -> None:
    """The rating, the top reasons with the words found, and the next steps."""
    result = _assessment(turn)
    lines: list[Msg | str] = []
    for step in result_lines(result, origin_country(turn)):
        if step.msgid.endswith((".title", "_title")):
            lines.append("")  # a blank line before each reason and each section
        lines.append(Msg(step.msgid, dict(step.params)))
    turn.say(M_("job_check.result"), score=str(result.score), body=tuple(lines))


RISK_ACTIONS: Mapping[str, Action] = {"assess_job": assess_job, "show_job_result": show_job_result}
