"""The demo's scorecard: baselines set at approval, a few measurements since."""

from datetime import timedelta

from crm_rollout.core.audit import acting_as
from crm_rollout.core.db import today
from crm_rollout.core.extensions import db
from crm_rollout.demo.clock import on
from crm_rollout.scorecard import service as scorecard
from crm_rollout.team import service as team

# name, indicator, goal, unit, baseline, target, direction, owner, measurements (days ago, value)
KPIS = [
    (
        "老客户复购率 · Repeat purchase rate",
        "lagging",
        "broad",
        "%",
        35,
        45,
        "higher",
        "王立新",
        [(60, 35.5), (30, 36.8), (5, 37.2)],
    ),
    (
        "投诉 24 小时解决率 · Complaints solved in 24 h",
        "leading",
        "broad",
        "%",
        60,
        90,
        "higher",
        "赵敏",
        [(45, 62), (15, 71)],
    ),
    (
        "平均投诉处理时长 · Average complaint handling time",
        "leading",
        "efficiency",
        "h",
        26,
        4,
        "lower",
        "赵敏",
        [(45, 25), (15, 22)],
    ),
    ("单位服务成本 · Cost per service case", "lagging", "efficiency", "元", 180, 140, "lower", "周杰", []),
    (
        "每月新增有效商机 · New qualified opportunities a month",
        "leading",
        "broad",
        "个 opportunities",
        40,
        70,
        "higher",
        "王立新",
        [(60, 42), (30, 47), (5, 53)],
    ),
]
# Counts and amounts add up across a programme's waves; rates and averages do not.
SUMMABLE = {"每月新增有效商机 · New qualified opportunities a month"}


def seed_scorecard(project, users: dict, start) -> None:
    """The KPIs defined with the charter; each measurement recorded on the day it was taken."""
    people = {p.name.split()[0]: p for p in team.people(project.id)}
    director = users["director"].id
    for name, indicator, goal, unit, baseline, target, direction, owner, measurements in KPIS:
        with acting_as(db.session, director, at=on(start + timedelta(days=30), 11)):
            kpi = scorecard.create_kpi(
                project.id,
                name=name,
                indicator_type=indicator,
                goal_type=goal,
                unit=unit,
                baseline=float(baseline),
                baseline_date=project.start_date,
                target=float(target),
                target_date=project.target_golive_date + timedelta(days=180),
                direction=direction,
                owner_id=people[owner].id,
                data_source="ERP 销售报表 / CRM 服务工单 · ERP sales report / CRM service cases",
                summable=name in SUMMABLE,
            )
        for days_ago, value in measurements:
            measured_on = today() - timedelta(days=days_ago)
            with acting_as(db.session, director, at=on(measured_on, 17)):
                scorecard.record(kpi, measured_on=measured_on, value=float(value))
