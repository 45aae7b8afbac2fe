"""The demo's register: Gartner's risks partly accepted and mitigated, one dismissed, one issue that happened."""

from datetime import timedelta

from crm_rollout.core.audit import acting_as
from crm_rollout.core.db import today
from crm_rollout.core.extensions import db
from crm_rollout.demo.clock import on
from crm_rollout.risks import service as risks
from crm_rollout.team import service as team

# catalogue key -> (probability, impact, residual probability, residual impact, status, owner, review in days)
ACCEPTED = {
    "data_quality": (4, 5, 2, 4, "mitigating", "周杰", -3),
    "it_dominated": (3, 4, 2, 3, "mitigating", "王立新", 20),
    "support_neglected": (4, 4, None, None, "open", "陈国栋", 5),
    "no_customer_culture": (3, 4, None, None, "open", "王立新", 30),
    "sponsorship": (2, 5, 1, 5, "mitigating", "陈国栋", 45),
}


def seed_risks(project, users: dict, start) -> None:
    """The consultant works through the proposed risks in the first weeks; an issue arises last week."""
    people = {p.name.split()[0]: p for p in team.people(project.id)}
    register = {r.source_key: r for r in risks.risks(project.id)}
    consultant = users["consultant"].id
    for n, (key, (probability, impact, residual_p, residual_i, status, owner, review)) in enumerate(ACCEPTED.items()):
        with acting_as(db.session, consultant, at=on(start + timedelta(days=12 + 6 * n), 15)):
            risk = register[key]
            risks.accept(risk, expected_version=risk.version)
            risks.update_risk(
                risk,
                expected_version=risk.version,
                changes={
                    "probability": probability,
                    "impact": impact,
                    "residual_probability": residual_p,
                    "residual_impact": residual_i,
                    "status": status,
                    "owner_id": people[owner].id,
                    "review_date": today() + timedelta(days=review),
                },
            )
    with acting_as(db.session, consultant, at=on(start + timedelta(days=14), 16)):
        dismissed = register["technology_as_goal"]
        risks.dismiss(
            dismissed,
            expected_version=dismissed.version,
            reason="计分卡已在立项时定义。The scorecard was defined at approval.",
        )
    with acting_as(db.session, consultant, at=on(today() - timedelta(days=8), 10)):
        risks.create_risk(
            project.id,
            kind="issue",
            title="客服部两名关键用户离职 · Two key users in service left",
            effect="投诉流程研讨会推迟一周。The complaint-process workshops slipped a week.",
            probability=5,
            impact=3,
            owner_id=people["赵敏"].id,
            status="open",
            resolution="",
            category="team",
        )
