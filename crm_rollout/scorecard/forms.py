from wtforms import BooleanField, DateField, FloatField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from crm_rollout.core.forms import Form, SelectField, optional_int
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.scorecard.labels import Direction, Goal, Indicator

DATE = "%Y-%m-%d"


class KpiForm(Form):
    name = StringField(_l("Indicator"), validators=[DataRequired(_l("Name the indicator.")), Length(max=200)])
    indicator_type = SelectField(_l("Type"), choices=Indicator.choices())
    goal_type = SelectField(_l("Goal"), choices=Goal.choices())
    unit = StringField(_l("Unit"), validators=[Length(max=30)])
    baseline = FloatField(_l("Baseline"), validators=[InputRequired(_l("Enter a number."))])
    baseline_date = DateField(
        _l("Baseline date"), validators=[DataRequired(_l("Enter a date as YYYY-MM-DD."))], format=DATE
    )
    target = FloatField(_l("Target"), validators=[InputRequired(_l("Enter a number."))])
    target_date = DateField(
        _l("Target date"), validators=[DataRequired(_l("Enter a date as YYYY-MM-DD."))], format=DATE
    )
    direction = SelectField(_l("Direction"), choices=Direction.choices())
    owner_id = SelectField(_l("Owner"), coerce=optional_int, validate_choice=False)
    data_source = TextAreaField(_l("Data source"))
    summable = BooleanField(_l("Adds up across a programme's waves (a count or an amount, not a rate)"))


class MeasurementForm(Form):
    measured_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter a date as YYYY-MM-DD."))], format=DATE)
    value = FloatField(_l("Value"), validators=[InputRequired(_l("Enter a number."))])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])
