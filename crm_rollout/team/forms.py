from wtforms import BooleanField, DateField, HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from crm_rollout.core.forms import CheckboxesField, Form, SelectField
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.methodology import HEALTH_RULE_LABELS


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class PersonForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the person's name.")), Length(max=120)])
    organisation = StringField(
        _l("Organisation"),
        validators=[Length(max=200)],
        description=_l("The company, or a consultancy or partner firm."),
    )
    is_consultancy = BooleanField(_l("From a consultancy or partner firm"))
    department = StringField(_l("Department"), validators=[Length(max=120)])
    role_title = StringField(_l("Job title"), validators=[Length(max=120)])
    tier = SelectField(_l("Tier"))
    position = SelectField(_l("Position"))
    functional_group = SelectField(_l("Functional group"), validate_choice=False)
    leads_group = BooleanField(_l("Leads their group"))
    sits_on_steering = BooleanField(_l("Also sits on the steering committee"))
    allocation_percent = IntegerField(
        _l("Time on the project (%)"),
        validators=[
            InputRequired(_l("Enter a whole percentage from 0 to 100.")),
            NumberRange(0, 100, _l("Enter a whole percentage from 0 to 100.")),
        ],
    )
    allocation_start = DateField(_l("From"), validators=[Optional()], format="%Y-%m-%d")
    allocation_end = DateField(_l("Until"), validators=[Optional()], format="%Y-%m-%d")
    contact = StringField(_l("Contact"), validators=[Length(max=200)])
    user_id = SelectField(_l("Signs in as"), coerce=_optional_int, validate_choice=False)
    version = HiddenField()


class RulesForm(Form):
    director_min_allocation = IntegerField(
        HEALTH_RULE_LABELS["director_min_allocation"], validators=[InputRequired(), NumberRange(0, 100)]
    )
    assistant_min_allocation = IntegerField(
        HEALTH_RULE_LABELS["assistant_min_allocation"], validators=[InputRequired(), NumberRange(0, 100)]
    )
    member_min_allocation = IntegerField(
        HEALTH_RULE_LABELS["member_min_allocation"], validators=[InputRequired(), NumberRange(0, 100)]
    )
    core_min_size = IntegerField(HEALTH_RULE_LABELS["core_min_size"], validators=[InputRequired(), NumberRange(1, 100)])
    core_max_size = IntegerField(HEALTH_RULE_LABELS["core_max_size"], validators=[InputRequired(), NumberRange(1, 100)])
    it_share_max = IntegerField(HEALTH_RULE_LABELS["it_share_max"], validators=[InputRequired(), NumberRange(0, 100)])
    consultancy_tiers = CheckboxesField(HEALTH_RULE_LABELS["consultancy_tiers"])
