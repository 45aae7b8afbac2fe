from wtforms import DateField, HiddenField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from crm_rollout.core.forms import Form, SelectField, optional_int
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.milestones.labels import MilestoneStatus

DATE = "%Y-%m-%d"


class MilestoneForm(Form):
    name = StringField(_l("Milestone"), validators=[DataRequired(_l("Name the milestone.")), Length(max=200)])
    phase_id = SelectField(_l("Phase"), coerce=optional_int, validate_choice=False)
    baseline_date = DateField(
        _l("Baseline date"), validators=[DataRequired(_l("Enter a date as YYYY-MM-DD."))], format=DATE
    )
    forecast_date = DateField(_l("Forecast date"), validators=[Optional()], format=DATE)
    actual_date = DateField(_l("Actual date"), validators=[Optional()], format=DATE)
    status = SelectField(_l("Status"), choices=MilestoneStatus.choices())
    acceptance_criteria = TextAreaField(_l("Acceptance criteria"), validators=[Length(max=5000)])
    decision_id = SelectField(_l("Steering decision for a new baseline"), coerce=optional_int, validate_choice=False)
    deliverable_ids = SelectMultipleField(_l("Linked deliverables"), coerce=int, validate_choice=False)
    version = HiddenField()
