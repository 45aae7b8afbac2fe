"""The demo's lessons learned: written at the end of each phase closed so far."""

from datetime import timedelta

from crm_rollout.core.audit import acting_as
from crm_rollout.core.extensions import db
from crm_rollout.demo.clock import on
from crm_rollout.lessons import service as lessons
from crm_rollout.phases import service as phases

# phase, category, author, then (Chinese, English) for the title, what happened, what we learned and what to
# do next time
LESSONS = [
    (
        1,
        "leadership",
        "director",
        ("总经理亲自主持启动会，各部门才真正重视", "The GM opening the kickoff made departments take it seriously"),
        (
            "第一次筹备会只有信息部参加；总经理出面后，销售、客服、财务负责人都到场。",
            "The first preparation meeting drew only IT; once the GM chaired, sales, service and finance came.",
        ),
        ("项目的分量由谁来主持决定，而不是由通知决定。", "Who chairs decides how much a project weighs, not the memo."),
        (
            "第二波启动前先约好总经理的时间，并请其在启动会上讲“为什么”。",
            "Book the GM before wave 2 starts and have them say why.",
        ),
    ),
    (
        2,
        "organisation",
        "consultant",
        (
            "关键用户每周只能投入半天，需求访谈排不开",
            "Key users had half a day a week: interviews could not be scheduled",
        ),
        (
            "服务部两位关键用户同时负责大客户投诉，访谈推迟了九天。",
            "Two service key users also handled key-account complaints; interviews slipped nine days.",
        ),
        (
            "关键用户的时间要写进部门计划，而不是靠个人挤时间。",
            "Key users' time must be in the department plan, not squeezed in.",
        ),
        (
            "立项时由指导委员会确认每位关键用户至少 50% 的投入。",
            "Have the committee confirm at least 50 % for each key user at the charter.",
        ),
    ),
    (
        3,
        "data",
        "consultant",
        ("客户主数据重复率远高于预期", "Far more duplicate customer records than expected"),
        (
            "诊断阶段抽查 2,000 条客户记录，重复率 18%，同一医院有多达 5 个写法。",
            "A sample of 2,000 customer records had 18 % duplicates; one hospital was written 5 ways.",
        ),
        (
            "数据清洗是业务工作，不是上线前一周的技术任务。",
            "Cleansing is business work, not an IT task for the week before go-live.",
        ),
        (
            "在分析与诊断阶段就指定数据负责人，并把清洗规则写进蓝图。",
            "Name a data owner in the diagnosis and put the cleansing rules in the blueprint.",
        ),
    ),
]


def seed_lessons(project, users: dict) -> None:
    for number, category, author, title, happened, learned, next_time in LESSONS:
        phase = phases.get_phase(project.id, number)
        written = (phase.actual_end or phase.planned_end) + timedelta(days=1)
        with acting_as(db.session, users[author].id, at=on(written, 17)):
            lessons.create_lesson(
                project.id,
                title=" · ".join(title),
                phase_id=phase.id,
                category=category,
                what_happened=" ".join(happened),
                learned=" ".join(learned),
                next_time=" ".join(next_time),
            )
