from wtforms import HiddenField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange

from crm_rollout.core.forms import Form, SelectField, optional_int
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.golive.labels import Outcome


class TargetsForm(Form):
    trained_target = IntegerField(_l("Share of users trained (%)"), validators=[NumberRange(0, 100)])
    version = HiddenField()


class OwnedForm(Form):
    title = StringField(
        _l("Criterion"), validators=[DataRequired(_l("Say what must be true before go-live.")), Length(max=300)]
    )
    owner_id = SelectField(_l("Owner, who confirms it"), coerce=optional_int, validate_choice=False)


class ConfirmForm(Form):
    comment = TextAreaField(_l("What shows it is true"), validators=[Length(max=5000)])
    version = HiddenField()


class WaiverForm(Form):
    criterion_key = SelectField(_l("Criterion"))
    decision_id = SelectField(_l("Steering decision that waives it"), coerce=optional_int, validate_choice=False)


class DecideForm(Form):
    outcome = RadioField(
        _l("The committee’s decision"),
        choices=[(o.value, o.label) for o in Outcome if o != Outcome.PENDING],
        validators=[DataRequired(_l("Choose go, go with conditions or no go."))],
    )
    meeting_id = SelectField(_l("Meeting"), coerce=optional_int, validate_choice=False)
    decided_by = StringField(_l("Decided by"), validators=[Length(max=200)])
    rationale = TextAreaField(_l("Rationale, or the conditions"), validators=[Length(max=10000)])
    version = HiddenField()
