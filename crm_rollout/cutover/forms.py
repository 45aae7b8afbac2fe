from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from crm_rollout.core.forms import Form, OfficeDateTimeField, SelectField, optional_int
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.cutover.labels import RunKind
from crm_rollout.cutover.service import MAX_MINUTES


class PlanForm(Form):
    window_start = OfficeDateTimeField(_l("Window opens"), validators=[Optional()])
    window_end = OfficeDateTimeField(_l("Window closes"), validators=[Optional()])
    point_of_no_return = OfficeDateTimeField(
        _l("Point of no return"),
        validators=[Optional()],
        description=_l("After it, rolling back costs more than fixing forward."),
    )
    rollback_authority = StringField(_l("Who may order a rollback"), validators=[Length(max=200)])
    rollback_plan = TextAreaField(_l("Rollback plan"), validators=[Length(max=10000)])
    version = HiddenField()


class StepForm(Form):
    number = IntegerField(_l("Step"), validators=[Optional(), NumberRange(1, 9999)])
    title = StringField(_l("Title"), validators=[DataRequired(_l("Say what the step does.")), Length(max=300)])
    owner_id = SelectField(_l("Owner"), coerce=optional_int, validate_choice=False)
    checker_id = SelectField(_l("Checker"), coerce=optional_int, validate_choice=False)
    planned_minutes = IntegerField(
        _l("Planned duration (minutes)"), default=30, validators=[NumberRange(0, MAX_MINUTES)]
    )
    after = StringField(
        _l("After steps"),
        validators=[Length(max=500)],
        description=_l("The step numbers this one waits for, each with an optional lag in minutes: 30, 40+15."),
    )
    rollback_action = TextAreaField(_l("Rollback action"), validators=[Length(max=5000)])
    version = HiddenField()


class RunForm(Form):
    kind = SelectField(_l("Kind"), choices=RunKind.choices(), default=RunKind.REHEARSAL)
    name = StringField(_l("Name"), validators=[DataRequired(_l("Name the run (Rehearsal 2, say).")), Length(max=120)])
