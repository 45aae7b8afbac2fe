from wtforms import DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from crm_rollout.core.forms import Form, SelectField, optional_int
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.risks.labels import RiskCategory, RiskKind, RiskStatus

SCORES = [(n, str(n)) for n in range(1, 6)]
OPTIONAL_SCORES = [(None, "—"), *SCORES]


class RiskForm(Form):
    title = StringField(_l("Risk"), validators=[DataRequired(_l("Name the risk.")), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=RiskKind.choices())
    category = SelectField(_l("Category"), choices=RiskCategory.choices())
    cause = TextAreaField(_l("Cause"))
    effect = TextAreaField(_l("Effect"))
    probability = SelectField(_l("Probability (1–5)"), choices=SCORES, coerce=int)
    impact = SelectField(_l("Impact (1–5)"), choices=SCORES, coerce=int)
    residual_probability = SelectField(_l("Residual probability"), choices=OPTIONAL_SCORES, coerce=optional_int)
    residual_impact = SelectField(_l("Residual impact"), choices=OPTIONAL_SCORES, coerce=optional_int)
    owner_id = SelectField(_l("Owner"), coerce=optional_int, validate_choice=False)
    phase_id = SelectField(_l("Phase"), coerce=optional_int, validate_choice=False)
    item_id = SelectField(_l("Checklist item"), coerce=optional_int, validate_choice=False)
    decision_id = SelectField(_l("Steering decision"), coerce=optional_int, validate_choice=False)
    mitigation = TextAreaField(_l("Mitigation"))
    contingency = TextAreaField(_l("Contingency"))
    status = SelectField(
        _l("Status"),
        choices=[(s.value, s.label) for s in RiskStatus if s not in (RiskStatus.PROPOSED, RiskStatus.DISMISSED)],
    )
    resolution = TextAreaField(_l("Resolution (issues)"))
    review_date = DateField(_l("Next review"), validators=[Optional()], format="%Y-%m-%d")
    version = HiddenField()
