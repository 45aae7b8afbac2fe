"""What every template can use: bilingual content, dates in the user's locale, status words."""

from flask import current_app, g
from flask_babel import format_date, format_datetime, format_decimal, get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from crm_rollout.core import audit_labels as vocabulary
from crm_rollout.core.i18n import LOCALES, localized, translated
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
        ACTION_LABELS=vocabulary.ACTION_LABELS,
        audit_entity=vocabulary.entity_label,
        audit_field=vocabulary.field_label,
        audit_value=vocabulary.value_text,
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
