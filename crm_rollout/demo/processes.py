"""The demo's blueprint: complaint handling analysed in full (the method's own example of a process performing
badly), its to-be approved by the owner, tested once and under revision; two sales processes scored, one of
them drawn by the sales team in a modeller and imported."""

from datetime import timedelta
from pathlib import Path

from crm_rollout.core.audit import acting_as
from crm_rollout.core.db import today
from crm_rollout.core.extensions import db
from crm_rollout.demo.clock import on
from crm_rollout.phases import service as phases
from crm_rollout.processes import approvals, bpmn
from crm_rollout.processes import service as processes
from crm_rollout.processes import steps as process_steps
from crm_rollout.processes.labels import ModelKind, TestResult
from crm_rollout.team import service as team

AGENT, SUPERVISOR, MANAGER, CASE = (
    "客服专员 Service agent",
    "客服主管 Supervisor",
    "客服经理 Manager",
    "个案经理 Case manager",
)
SERVICE = "客服部 Service"

# actor, department, activity, system, hours, decision, routes ("" = next step)
AS_IS = [
    (AGENT, SERVICE, "接听投诉电话，手写登记 Take the call, log it on paper", "电话 Phone", 0.5, False, ""),
    (SUPERVISOR, SERVICE, "每日汇总投诉单 Collect the day's complaint sheets", "Excel", 8, False, ""),
    (SUPERVISOR, SERVICE, "判断投诉类型 Product or service problem?", "", 1, True, "4: 产品 product; 8: 服务 service"),
    ("质量工程师 Quality engineer", "质量部 Quality", "分析产品故障 Analyse the product fault", "", 40, False, ""),
    ("销售代表 Sales rep", "销售部 Sales", "查询订单与合同 Look up order and contract", "", 16, False, ""),
    ("财务专员 Finance clerk", "财务部 Finance", "核对发票与退款 Check invoice and refund", "ERP", 24, False, ""),
    ("物流专员 Logistics clerk", "物流部 Logistics", "安排换货 Arrange a replacement", "ERP", 24, False, ""),
    (SUPERVISOR, SERVICE, "起草处理方案 Draft the solution", "Word", 8, False, ""),
    (MANAGER, SERVICE, "审批方案 Approve the solution", "", 16, True, "10: 同意 approved; 8: 退回 returned"),
    (AGENT, SERVICE, "电话通知客户 Call the customer back", "电话 Phone", 1, False, ""),
    (AGENT, SERVICE, "归档纸质记录 File the paper record", "", 2, False, ""),
]
TO_BE = [
    (AGENT, SERVICE, "在 CRM 中建立服务工单 Open a case in CRM", "CRM", 0.25, False, ""),
    (
        AGENT,
        SERVICE,
        "检索解决方案库 Search the solution database",
        "CRM",
        0.25,
        True,
        "3: 找到 found; 4: 未找到 not found",
    ),
    (AGENT, SERVICE, "当场答复并关闭工单 Answer and close the case", "CRM", 0.5, False, "end"),
    (CASE, SERVICE, "一人负责到底，协调质量与物流 Own the case to the end", "CRM", 3, False, ""),
    (CASE, SERVICE, "回访客户，补充方案库 Call back, add to the solution database", "CRM", 0.5, False, ""),
]
CAUSES = [
    ("activities", "投诉单手工传递，多次转手 Paper sheets pass through many hands"),
    ("activities", "产品问题逐级上报 Product faults escalate level by level"),
    ("rules", "没有响应时限 No rule on response time"),
    ("rules", "只有经理能批准方案 Only the manager may approve a solution"),
    ("people", "客服专员无权当场解决 Agents may not resolve on the spot"),
    ("people", "缺少投诉处理培训 No complaint-handling training"),
    ("technology", "客户信息不共享 No shared customer information"),
    ("technology", "没有解决方案库 No solution database"),
    ("technology", "没有标准的投诉记录 No standard complaint record"),
    ("goals", "不考核响应速度与满意度 Response time and satisfaction not measured"),
    ("customer", "客户需多次重复说明问题 Customers tell their story again and again"),
]
ELEMENTS = {
    "change_activities": "一个工单贯穿始终；先查方案库，找不到再转个案经理。One case from start to end; "
    "search the solution database first, then hand to one case manager.",
    "change_rules": "首次响应 2 小时内；500 元以内的补偿由客服专员当场决定。First response within 2 hours; "
    "agents decide goodwill up to ¥500 on the spot.",
    "change_people": "设立个案经理岗位；全员接受投诉处理培训。A case manager role; complaint-handling training "
    "for every agent.",
    "change_technology": "CRM 服务工单与解决方案库；客户 360 视图。CRM cases and a solution database; "
    "a 360° customer view.",
    "change_goals": "考核首次解决率、响应时间与满意度。Measure first-contact resolution, response time "
    "and satisfaction.",
}
# name, area, owner (first word of the person's name), scores and why, in the blueprint
CATALOGUE = [
    (
        "线索到商机 Lead to opportunity",
        "sales",
        "钱伟",
        (5, "线索是收入的源头 Leads feed all revenue"),
        (4, "三成线索无人跟进 A third of leads never followed up"),
        (4, "CRM 标准功能即可支撑 Standard CRM covers it"),
        True,
    ),
    (
        "商机到订单 Opportunity to order",
        "sales",
        "刘洋",
        (4, "决定赢单率 Decides the win rate"),
        (3, "报价审批慢 Quote approval is slow"),
        (3, "需与 ERP 集成 Needs the ERP integration"),
        True,
    ),
    (
        "市场活动管理 Campaign management",
        "marketing",
        "何静",
        (3, "二期范围 Wave 2 scope"),
        (None, ""),
        (None, ""),
        False,
    ),
]


def _people(project_id: int) -> dict:
    return {p.name.split()[0]: p for p in team.people(project_id)}


def _draw(model, steps) -> None:
    """Steps first, then the routes, which name steps by their numbers."""
    created = [process_steps.add_step(model, **_step_values(row)) for row in steps]
    for step, row in zip(created, steps, strict=True):
        if row[6]:
            process_steps.update_step(step, expected_version=step.version, changes={"next_steps": row[6]})


def _step_values(row) -> dict:
    actor, department, activity, system, hours, decision, _routes = row
    return {
        "actor": actor,
        "department": department,
        "activity": activity,
        "system": system,
        "duration_hours": hours,
        "is_decision": decision,
    }


def seed_processes(project, users: dict, start) -> None:
    """In the blueprint phase: the catalogue scored, the complaint process drawn as-is and to-be, approved,
    then tested with key users last week and revised."""
    people = _people(project.id)
    workshop = phases.get_phase(project.id, 4).actual_start
    with acting_as(db.session, users["consultant"].id, at=on(workshop + timedelta(days=2), 14)):
        complaints = _catalogue(project, people)
    with acting_as(db.session, users["consultant"].id, at=on(workshop + timedelta(days=3), 10)):
        _imported_as_is(project)
    with acting_as(db.session, users["consultant"].id, at=on(workshop + timedelta(days=6), 15)):
        to_be = _complaint_models(complaints)
    # 赵敏 owns the process and approves its to-be.
    with acting_as(db.session, users["member"].id, at=on(workshop + timedelta(days=9), 11)):
        approvals.approve(to_be, user_id=users["member"].id, expected_version=to_be.version)
    with acting_as(db.session, users["consultant"].id, at=on(today() - timedelta(days=4), 17)):
        _prototype_test(complaints, to_be)


def _catalogue(project, people: dict):
    complaints = processes.create_process(
        project.id,
        name="投诉处理 Complaint handling",
        area="service",
        owner_id=people["赵敏"].id,
        description="客户通过热线、邮件和现场服务工程师投诉。Customers complain by hotline, e-mail and to field "
        "engineers.",
        touchpoints="热线 Hotline, 邮件 E-mail, 现场服务 Field service",
        problem="投诉处理慢，客户满意度下降、流失 Slow complaint handling: satisfaction falls, customers leave",
        importance=5,
        importance_note="直接影响满意度与续约 Drives satisfaction and renewals",
        performance_gap=5,
        performance_gap_note="平均 5–25 天才能答复 5 to 25 days to an answer",
        feasibility=4,
        feasibility_note="服务模块先上线 The service module goes live first",
        in_blueprint=True,
    )
    for name, area, owner, importance, gap, feasibility, selected in CATALOGUE:
        processes.create_process(
            project.id,
            name=name,
            area=area,
            owner_id=people[owner].id,
            importance=importance[0],
            importance_note=importance[1],
            performance_gap=gap[0],
            performance_gap_note=gap[1],
            feasibility=feasibility[0],
            feasibility_note=feasibility[1],
            in_blueprint=selected,
        )
    return complaints


def _imported_as_is(project) -> None:
    """Sales drew their quote-to-order process in Camunda Modeler (three pools: customer, sales, warehouse);
    the consultant imported the file as its as-is."""
    process = next(p for p in processes.processes(project.id) if p.name.startswith("商机到订单"))
    model = processes.current(processes.models_of(process.id), ModelKind.AS_IS)
    data = (Path(__file__).parent / "opportunity_to_order.bpmn").read_bytes()
    process_steps.replace_steps(model, bpmn.parse(data))


def _complaint_models(complaints):
    for category, text in CAUSES:
        processes.add_cause(complaints, category=category, text=text)
    models = processes.models_of(complaints.id)
    _draw(processes.current(models, ModelKind.AS_IS), AS_IS)
    to_be = processes.current(models, ModelKind.TO_BE)
    _draw(to_be, TO_BE)
    processes.update_model(
        to_be,
        expected_version=to_be.version,
        changes=ELEMENTS | {"change_note": "首版，来自蓝图研讨会 First draft from the blueprint workshop"},
    )
    return to_be


def _prototype_test(complaints, to_be) -> None:
    test = processes.record_test(
        complaints,
        scenario="产品投诉：传感器读数漂移 Product complaint: drifting sensor readings",
        held_on=today() - timedelta(days=4),
        steps_covered="1-2, 4-5",
        key_users="冯涛 Feng Tao, 韩雪 Han Xue",
        result=TestResult.PASS_WITH_ISSUES,
        findings="方案库检索需要按产品型号过滤；个案经理看不到发货与退款记录。The solution search needs a "
        "product-model filter; the case manager cannot see shipments and refunds.",
        model_id=to_be.id,
    )
    revision = processes.revise(
        to_be,
        reason="原型测试发现：个案经理需要 ERP 发货与退款记录。Prototype test: the case manager needs "
        "shipments and refunds from ERP.",
        prototype_test_id=test.id,
    )
    process_steps.add_step(
        revision,
        at=5,
        actor=CASE,
        department=SERVICE,
        activity="查看 ERP 发货与退款记录 Check shipments and refunds from ERP",
        system="CRM + ERP",
        duration_hours=0.5,
    )
    processes.update_model(
        revision,
        expected_version=revision.version,
        changes={
            "change_technology": ELEMENTS["change_technology"] + "\nCRM 读取 ERP 发货与退款。CRM reads "
            "shipments and refunds from ERP."
        },
    )
