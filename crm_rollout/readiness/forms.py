from wtforms import DateField, DecimalField, HiddenField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from crm_rollout.core.forms import Form, SelectField, optional_int
from crm_rollout.core.i18n import lazy_text as _l

GROUP_LABELS = {
    "director": _l("Project director"),
    "consultant": _l("Consultant"),
    "steering": _l("Steering committee member"),
    "key_user": _l("Key user"),
    "other": _l("Other"),
}


class AssessmentForm(Form):
    questionnaire_key = SelectField(_l("Questionnaire"))
    title = StringField(
        _l("Title"), validators=[Length(max=200)], description=_l("Leave empty to use the questionnaire's name.")
    )
    held_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter a date as YYYY-MM-DD."))], format="%Y-%m-%d")
    phase_id = SelectField(_l("At the boundary of phase"), coerce=optional_int, validate_choice=False)


class ResponseForm(Form):
    """The answers themselves come as score-<item> and evidence-<item> fields, one pair per item."""

    group = SelectField(_l("I answer as"), choices=list(GROUP_LABELS.items()))
    version = HiddenField()


class ThresholdForm(Form):
    questionnaire_key = SelectField(_l("Questionnaire"))
    threshold = DecimalField(
        _l("Overall score a phase gate expects"),
        places=1,
        validators=[Optional(), NumberRange(1, 5, _l("A threshold lies between 1 and 5."))],
    )
