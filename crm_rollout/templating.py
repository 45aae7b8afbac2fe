"""What every template can use: bilingual content, dates in the user's locale, status words."""

from flask import current_app, g
from flask_babel import format_date, format_datetime, format_decimal, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from crm_rollout.i18n import LOCALES, localized, translated
from crm_rollout.milestones.labels import MILESTONE_STATUS_LABELS
from crm_rollout.page_cache import my_work_count
from crm_rollout.permissions import ROLE_LABELS, editable_item_fields, role_allows
from crm_rollout.phases.labels import DELIVERABLE_STATUS_LABELS, ITEM_STATUS_LABELS, PHASE_STATUS_LABELS
from crm_rollout.processes.labels import (
    AREA_LABELS,
    CAUSE_LABELS,
    CRITERION_HINTS,
    CRITERION_LABELS,
    ELEMENT_LABELS,
    MODEL_KIND_LABELS,
    TEST_RESULT_LABELS,
)
from crm_rollout.processes.metrics import HOURS_PER_DAY
from crm_rollout.projects.labels import SCOPE_LABELS
from crm_rollout.reports.labels import RAG_LABELS, REPORT_STATUS_LABELS, REVIEW_RULE_LABELS
from crm_rollout.risks.labels import CATEGORY_LABELS, RISK_KIND_LABELS, RISK_STATUS_LABELS
from crm_rollout.scorecard.labels import DIRECTION_LABELS, GOAL_LABELS, INDICATOR_LABELS, KPI_STATUS_LABELS
from crm_rollout.steering.labels import ACTION_STATUS_LABELS, ATTENDANCE_LABELS, VOTE_LABELS

AUDIT_FIELD_LABELS = {
    "title_zh": _l("Title (Chinese)"),
    "title_en": _l("Title (English)"),
    "name_zh": _l("Name (Chinese)"),
    "name_en": _l("Name (English)"),
    "objective_zh": _l("Objective (Chinese)"),
    "objective_en": _l("Objective (English)"),
    "status": _l("Status"),
    "owner_id": _l("Owner"),
    "user_id": _l("Member"),
    "role": _l("Role"),
    "due_date": _l("Due date"),
    "notes": _l("Notes and evidence"),
    "mandatory": _l("Mandatory"),
    "reference": _l("Link or reference"),
    "planned_start": _l("Planned start"),
    "planned_end": _l("Planned end"),
    "actual_start": _l("Actual start"),
    "actual_end": _l("Actual end"),
    "name": _l("Name"),
    "company": _l("Company"),
    "vision": _l("Vision"),
    "strategy": _l("Strategy"),
    "scope_areas": _l("Scope"),
    "start_date": _l("Start date"),
    "target_golive_date": _l("Target go-live"),
    "body": _l("Comment"),
    "person_id": _l("Responsible person"),
    "organisation": _l("Organisation"),
    "is_consultancy": _l("Consultancy"),
    "department": _l("Department"),
    "role_title": _l("Job title"),
    "tier": _l("Tier"),
    "position": _l("Position"),
    "functional_group": _l("Functional group"),
    "leads_group": _l("Leads their group"),
    "sits_on_steering": _l("On the steering committee"),
    "allocation_percent": _l("Time on the project (%)"),
    "allocation_start": _l("From"),
    "allocation_end": _l("Until"),
    "contact": _l("Contact"),
    "team_rules": _l("Health-check thresholds"),
    "title": _l("Title"),
    "meeting_date": _l("Date"),
    "start_time": _l("Start time"),
    "location": _l("Place"),
    "call_link": _l("Call link"),
    "minutes": _l("Minutes"),
    "minutes_approved_at": _l("Minutes approved"),
    "decided_on": _l("Date"),
    "text": _l("Decision"),
    "rationale": _l("Rationale"),
    "decided_by": _l("Decided by"),
    "phase_id": _l("Phase"),
    "item_id": _l("Checklist item"),
    "superseded_by_id": _l("Superseded by"),
    "vote_requested": _l("Vote requested"),
    "choice": _l("Vote"),
    "kind": _l("Kind"),
    "outcome": _l("Outcome"),
    "decision": _l("Decision"),
    "overall_rag": _l("Overall status"),
    "baseline_date": _l("Baseline date"),
    "forecast_date": _l("Forecast date"),
    "actual_date": _l("Actual date"),
    "review_rule": _l("Review rule"),
    "blueprint_weights": _l("Process selection weights"),
    "area": _l("Area"),
    "touchpoints": _l("Customer touchpoints"),
    "problem": _l("Problem"),
    "importance": _l("Importance"),
    "importance_note": _l("Why (importance)"),
    "performance_gap": _l("Poor performance today"),
    "performance_gap_note": _l("Why (performance)"),
    "feasibility": _l("Feasibility of change"),
    "feasibility_note": _l("Why (feasibility)"),
    "in_blueprint": _l("In the blueprint"),
    "revision": _l("Revision"),
    "change_note": _l("What changed and why"),
    "change_activities": _l("Change in activities"),
    "change_rules": _l("Change in rules"),
    "change_people": _l("Change in people"),
    "change_technology": _l("Change in information technology"),
    "change_goals": _l("Change in goals"),
    "approved_by_id": _l("Approved by"),
    "approved_at": _l("Approved"),
    "superseded": _l("Superseded"),
    "actor": _l("Actor"),
    "activity": _l("What happens"),
    "system": _l("System"),
    "duration_hours": _l("Duration (hours)"),
    "is_decision": _l("Decision step"),
    "source_id": _l("From step"),
    "target_id": _l("To step"),
    "label": _l("Label"),
    "category": _l("Category"),
    "scenario": _l("Scenario"),
    "held_on": _l("Date"),
    "steps_covered": _l("Steps covered"),
    "key_users": _l("Key users present"),
    "result": _l("Result"),
    "findings": _l("Findings"),
    "model_id": _l("Revision tested"),
}

ENTITY_LABELS = {
    "checklist_items": _l("Checklist item"),
    "deliverables": _l("Deliverable"),
    "phases": _l("Phase"),
    "projects": _l("Project"),
    "memberships": _l("Membership"),
    "comments": _l("Comment"),
    "users": _l("Account"),
    "people": _l("Person"),
    "meetings": _l("Meeting"),
    "agenda_items": _l("Agenda item"),
    "attendance": _l("Attendance"),
    "votes": _l("Vote"),
    "meeting_notes": _l("Meeting comment"),
    "decisions": _l("Decision"),
    "actions": _l("Action"),
    "milestones": _l("Milestone"),
    "reports": _l("Milestone report"),
    "report_versions": _l("Report version"),
    "reviews": _l("Review"),
    "gates": _l("Gate"),
    "gate_reviews": _l("Review"),
    "risks": _l("Risk"),
    "processes": _l("Process"),
    "process_models": _l("Process model"),
    "process_steps": _l("Process step"),
    "process_flows": _l("Process route"),
    "root_causes": _l("Root cause"),
    "prototype_tests": _l("Prototype test"),
}

ACTION_LABELS = {
    "created": _l("created"),
    "updated": _l("changed"),
    "removed": _l("removed"),
    "restored": _l("restored"),
    "deleted": _l("deleted"),
}


def fdate(value, style="medium"):
    return format_date(value, style) if value else "—"


def fdatetime(value, style="short"):
    return format_datetime(value, style) if value else "—"


def working_time(hours) -> str:
    """A duration as the method speaks of it: hours within a day, working days beyond."""
    if hours is None:
        return "—"
    if 0 < hours < 1:
        return _("%(n)d min", n=round(hours * 60))
    if hours < HOURS_PER_DAY:
        return _("%(n)s h", n=format_decimal(round(hours, 1)))
    days = round(hours / HOURS_PER_DAY, 1)
    return ngettext("%(n)s working day", "%(n)s working days", days, n=format_decimal(days))


def audit_value(entry, value, names: dict) -> str:
    """One recorded value as a person reads it."""
    if value is None or value == "":
        return "—"
    if entry.field == "outcome" or (entry.field == "status" and entry.entity_type == "reports"):
        return str(REPORT_STATUS_LABELS.get(value, value))
    if entry.field == "status":
        labels = {
            "milestones": MILESTONE_STATUS_LABELS,
            "phases": PHASE_STATUS_LABELS,
            "deliverables": DELIVERABLE_STATUS_LABELS,
            "actions": ACTION_STATUS_LABELS,
            "attendance": ATTENDANCE_LABELS,
        }
        return str(labels.get(entry.entity_type, ITEM_STATUS_LABELS).get(value, value))
    if entry.field in ("owner_id", "user_id") and entry.entity_type != "actions":
        return names.get(value, "#" + value)
    if entry.field == "role":
        return str(ROLE_LABELS.get(value, value))
    if value in ("true", "false"):
        return _("yes") if value == "true" else _("no")
    return value


def init_app(app):
    app.jinja_env.filters.update(fdate=fdate, fdatetime=fdatetime, working_time=working_time)
    app.jinja_env.globals.update(
        tr=localized,
        translated=translated,
        LOCALES=LOCALES,
        ROLE_LABELS=ROLE_LABELS,
        PHASE_STATUS_LABELS=PHASE_STATUS_LABELS,
        ITEM_STATUS_LABELS=ITEM_STATUS_LABELS,
        DELIVERABLE_STATUS_LABELS=DELIVERABLE_STATUS_LABELS,
        SCOPE_LABELS=SCOPE_LABELS,
        ACTION_STATUS_LABELS=ACTION_STATUS_LABELS,
        ATTENDANCE_LABELS=ATTENDANCE_LABELS,
        VOTE_LABELS=VOTE_LABELS,
        MILESTONE_STATUS_LABELS=MILESTONE_STATUS_LABELS,
        RAG_LABELS=RAG_LABELS,
        REPORT_STATUS_LABELS=REPORT_STATUS_LABELS,
        REVIEW_RULE_LABELS=REVIEW_RULE_LABELS,
        RISK_STATUS_LABELS=RISK_STATUS_LABELS,
        RISK_KIND_LABELS=RISK_KIND_LABELS,
        CATEGORY_LABELS=CATEGORY_LABELS,
        INDICATOR_LABELS=INDICATOR_LABELS,
        GOAL_LABELS=GOAL_LABELS,
        DIRECTION_LABELS=DIRECTION_LABELS,
        KPI_STATUS_LABELS=KPI_STATUS_LABELS,
        AREA_LABELS=AREA_LABELS,
        CRITERION_LABELS=CRITERION_LABELS,
        CRITERION_HINTS=CRITERION_HINTS,
        MODEL_KIND_LABELS=MODEL_KIND_LABELS,
        CAUSE_LABELS=CAUSE_LABELS,
        ELEMENT_LABELS=ELEMENT_LABELS,
        TEST_RESULT_LABELS=TEST_RESULT_LABELS,
        AUDIT_FIELD_LABELS=AUDIT_FIELD_LABELS,
        ENTITY_LABELS=ENTITY_LABELS,
        ACTION_LABELS=ACTION_LABELS,
        audit_value=audit_value,
        role_allows=role_allows,
        can=lambda permission: permission in g.get("permissions", ()),
        editable_item_fields=editable_item_fields,
    )

    @app.context_processor
    def page_context():
        context = {
            "locale": str(get_locale() or "en"),
            "demo_mode": current_app.config.get("DEMO_MODE", False),
            "project": g.get("project"),
            "role": g.get("role"),
        }
        if current_user.is_authenticated:
            # The "my work" count in the top bar: one query per page.
            context["my_work_count"] = my_work_count()
        return context
