"""The demo's readiness: the ten key considerations at two phase boundaries, improving, with one disagreement."""

from datetime import timedelta

from crm_rollout.core.audit import acting_as
from crm_rollout.core.extensions import db
from crm_rollout.demo.clock import on
from crm_rollout.methodology import questionnaires
from crm_rollout.phases import service as phases
from crm_rollout.readiness import service as readiness

# respondent -> (group, scores by item in questionnaire order): round 1 at the kickoff boundary, round 2 after analysis
ROUND_1 = {
    "director": ("director", [4, 2, 3, 2, 3, 3, 2, 4, 2, 3]),
    "consultant": ("consultant", [3, 2, 3, 2, 2, 2, 1, 4, 2, 2]),
    "steering": ("steering", [4, 3, 3, 3, 3, 3, 3, 4, 3, 3]),
    "member": ("key_user", [3, 2, 2, 1, 2, 2, None, 3, 2, 2]),
}
ROUND_2 = {
    "director": ("director", [5, 4, 4, 4, 4, 3, 3, 4, 3, 4]),
    # The consultant sees change management very differently from the director: flagged.
    "consultant": ("consultant", [4, 4, 4, 3, 4, 3, 1, 4, 3, 4]),
    "steering": ("steering", [5, 4, 4, 4, 4, 4, 5, 4, 3, 4]),
    "member": ("key_user", [4, 3, 3, 3, 4, 3, 3, 4, 3, 3]),
}


def seed_readiness(project, users: dict) -> None:
    items = [i["key"] for i in questionnaires()["ten_considerations"]["items"]]
    for phase_number, answers in ((2, ROUND_1), (3, ROUND_2)):
        phase = phases.get_phase(project.id, phase_number)
        held_on = phase.planned_end - timedelta(days=2)
        with acting_as(db.session, users["consultant"].id, at=on(held_on, 9)):
            assessment = readiness.create_assessment(
                project.id,
                questionnaire_key="ten_considerations",
                title="",
                held_on=held_on,
                phase_id=phase.id,
            )
        for n, (username, (group, scores)) in enumerate(answers.items()):
            with acting_as(db.session, users[username].id, at=on(held_on, 11 + n)):
                readiness.save_response(
                    assessment,
                    respondent_id=users[username].id,
                    group=group,
                    answers={key: {"score": score, "evidence": ""} for key, score in zip(items, scores, strict=True)},
                )
