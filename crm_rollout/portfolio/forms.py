from wtforms import DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from crm_rollout.core.forms import CheckboxesField, Form, SelectField
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.permissions import Role
from crm_rollout.projects.labels import SCOPE_LABELS

DATE_MESSAGE = _l("Enter a date as YYYY-MM-DD.")


class ProjectForm(Form):
    name = StringField(_l("Project name"), validators=[DataRequired(_l("Enter the project's name.")), Length(max=200)])
    company = StringField(_l("Company"), validators=[DataRequired(_l("Enter the company's name.")), Length(max=200)])
    vision = TextAreaField(_l("Vision"), description=_l("Why the company is doing this, in one or two sentences."))
    strategy = TextAreaField(
        _l("Strategy"), description=_l("How CRM serves the customer strategy: which customers, which touchpoints.")
    )
    scope_areas = CheckboxesField(_l("Scope areas"), choices=list(SCOPE_LABELS.items()))
    start_date = DateField(_l("Start date"), validators=[Optional()], format="%Y-%m-%d")
    target_golive_date = DateField(_l("Target go-live"), validators=[Optional()], format="%Y-%m-%d")
    version = HiddenField()


class NewProjectForm(ProjectForm):
    method_version_id = SelectField(
        _l("Method"),
        coerce=int,
        description=_l("The project gets its own copy: a later edit of the method never changes it."),
    )


def role_choices():
    return Role.choices()


class MemberForm(Form):
    login = StringField(
        _l("Username or e-mail"), validators=[DataRequired(_l("Enter the person's username or e-mail."))]
    )
    role = SelectField(_l("Role"), choices=role_choices())


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=role_choices())
    version = HiddenField()
