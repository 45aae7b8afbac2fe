from wtforms import DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from crm_rollout.core.forms import Form
from crm_rollout.core.i18n import lazy_text as _l

SCOPE_HINT = _l("What this wave covers: a region, a business unit, a product line.")


class ProgrammeForm(Form):
    name = StringField(_l("Programme name"), validators=[DataRequired(_l("Name the programme.")), Length(max=200)])
    company = StringField(_l("Company"), validators=[DataRequired(_l("Enter the company's name.")), Length(max=200)])
    vision = TextAreaField(
        _l("Vision"),
        description=_l("Shared by every wave: why the group is doing this."),
        validators=[Length(max=5000)],
    )
    version = HiddenField()


class NewProgrammeForm(ProgrammeForm):
    scope = StringField(
        _l("This project's scope as the first wave"), description=SCOPE_HINT, validators=[Length(max=200)]
    )


class WaveForm(Form):
    name = StringField(_l("Project name"), validators=[DataRequired(_l("Enter the project's name.")), Length(max=200)])
    scope = StringField(_l("Wave scope"), description=SCOPE_HINT, validators=[Length(max=200)])
    start_date = DateField(_l("Start date"), validators=[Optional()], format="%Y-%m-%d")
    target_golive_date = DateField(_l("Target go-live"), validators=[Optional()], format="%Y-%m-%d")
