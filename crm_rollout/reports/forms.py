from wtforms import DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from crm_rollout.core.forms import Form, SelectField, optional_int
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.projects.labels import ReviewRule
from crm_rollout.reports.labels import Rag

DATE = "%Y-%m-%d"
RAG_CHOICES = Rag.choices()


class ReportForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the report a title.")), Length(max=200)])
    milestone_id = SelectField(_l("Milestone"), coerce=optional_int, validate_choice=False)
    period_start = DateField(_l("Period from"), validators=[Optional()], format=DATE)
    period_end = DateField(_l("Period until"), validators=[Optional()], format=DATE)
    overall_rag = SelectField(_l("Overall status"), choices=RAG_CHOICES)
    schedule_rag = SelectField(_l("Schedule"), choices=RAG_CHOICES)
    schedule_reason = StringField(_l("Why (schedule)"), validators=[Length(max=300)])
    scope_rag = SelectField(_l("Scope"), choices=RAG_CHOICES)
    scope_reason = StringField(_l("Why (scope)"), validators=[Length(max=300)])
    resources_rag = SelectField(_l("Resources"), choices=RAG_CHOICES)
    resources_reason = StringField(_l("Why (resources)"), validators=[Length(max=300)])
    quality_rag = SelectField(_l("Quality"), choices=RAG_CHOICES)
    quality_reason = StringField(_l("Why (quality)"), validators=[Length(max=300)])
    achievements = TextAreaField(_l("Achievements since the last report"))
    next_steps = TextAreaField(_l("Next steps"))
    risks_and_issues = TextAreaField(_l("Top risks and open issues"))
    decisions_requested = TextAreaField(_l("Decisions requested from the committee"))
    version = HiddenField()


class NewReportForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the report a title.")), Length(max=200)])
    milestone_id = SelectField(_l("Milestone"), coerce=optional_int, validate_choice=False)


class RuleForm(Form):
    review_rule = SelectField(_l("Who closes a review"), choices=ReviewRule.choices())
