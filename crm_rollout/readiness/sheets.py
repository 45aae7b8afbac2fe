"""Readiness as workbooks: each assessment's scores item by item, and every respondent's answers."""

from types import SimpleNamespace

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.i18n import localized
from crm_rollout.core.sheets import Column, Sheet, offer
from crm_rollout.readiness import service
from crm_rollout.readiness.forms import GROUP_LABELS

ASSESSMENT = (
    Column(_l("Assessment"), lambda line: line.assessment.title),
    Column(_l("Date"), lambda line: line.assessment.held_on),
)
ITEM = (
    Column(_l("Dimension"), lambda line: line.dimension),
    Column(_l("Item"), lambda line: localized(SimpleNamespace(**line.item), "text")),
)


def _dimensions(questionnaire: dict) -> dict[str, str]:
    return {d["key"]: localized(SimpleNamespace(**d), "name") for d in questionnaire["dimensions"]}


def _scores(project_id: int) -> list:
    """One line per assessment and item: its mean, spread and "don't know" answers."""
    lines = []
    for assessment in service.assessments(project_id):
        named = _dimensions(assessment.questionnaire)
        for result in service.results(assessment).items:
            dimension = named.get(result.item.get("dimension"), "")
            lines.append(SimpleNamespace(assessment=assessment, item=result.item, dimension=dimension, result=result))
    return lines


def _answers(project_id: int) -> list:
    """One line per response and item answered."""
    lines = []
    for assessment in service.assessments(project_id):
        named = _dimensions(assessment.questionnaire)
        for response in assessment.responses:
            for item in assessment.questionnaire["items"]:
                answer = response.answers.get(item["key"])
                if answer is not None:
                    dimension = named.get(item.get("dimension"), "")
                    lines.append(
                        SimpleNamespace(
                            assessment=assessment, item=item, dimension=dimension, response=response, answer=answer
                        )
                    )
    return lines


offer(
    Sheet(
        "readiness",
        _l("Readiness scores"),
        (
            *ASSESSMENT,
            *ITEM,
            Column(_l("Mean score"), lambda line: line.result.mean),
            Column(_l("Spread"), lambda line: line.result.spread if line.result.scores else None),
            Column(_l("Answers"), lambda line: len(line.result.scores)),
            Column(_l("Don't know"), lambda line: line.result.dont_know),
        ),
        lambda project_id, _phase: _scores(project_id),
    )
)
offer(
    Sheet(
        "readiness-answers",
        _l("Readiness answers"),
        (
            *ASSESSMENT,
            Column(_l("Respondent"), lambda line: line.response.respondent.display_name),
            Column(_l("Respondent group"), lambda line: str(GROUP_LABELS.get(line.response.respondent_group, ""))),
            *ITEM,
            Column(_l("Score"), lambda line: line.answer.get("score")),
            Column(_l("Evidence"), lambda line: line.answer.get("evidence") or ""),
        ),
        lambda project_id, _phase: _answers(project_id),
    )
)
