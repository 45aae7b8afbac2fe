from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from crm_rollout.core.forms import Form, OfficeDateTimeField, SelectField, optional_int
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.hypercare.labels import Category, Priority


class IncidentForm(Form):
    title = StringField(
        _l("Incident"), validators=[DataRequired(_l("Say what went wrong, in a few words.")), Length(max=300)]
    )
    priority = SelectField(_l("Priority"), choices=Priority.choices(), default=Priority.P3)
    category = SelectField(_l("Category"), choices=Category.choices(), default=Category.DEFECT)
    owner_id = SelectField(_l("Owner"), coerce=optional_int, validate_choice=False)
    reported_at = OfficeDateTimeField(_l("Reported"), validators=[Optional()], description=_l("Empty: now."))
    responded_at = OfficeDateTimeField(_l("Answered"), validators=[Optional()])
    resolved_at = OfficeDateTimeField(_l("Resolved"), validators=[Optional()])
    description = TextAreaField(_l("Description"), validators=[Length(max=10000)])
    resolution = TextAreaField(_l("Resolution"), validators=[Length(max=10000)])
    version = HiddenField()
