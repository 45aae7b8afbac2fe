from wtforms import BooleanField, DateField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from crm_rollout.core.forms import Form, SelectField, nothing_first
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.i18n import localized
from crm_rollout.phases.labels import DeliverableStatus, ItemStatus


def _coerce_owner(value):
    return int(value) if value not in (None, "", "None") else None


class ItemForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=300)])
    status = SelectField(_l("Status"), choices=ItemStatus.choices())
    # Two different roles, said in words: who keeps the item up to date in the tool, and who answers for it.
    owner = SelectField(
        _l("Owner"),
        coerce=_coerce_owner,
        validate_choice=False,
        description=_l("The member who keeps this item up to date; it is in their My work."),
    )
    person = SelectField(
        _l("Responsible person (team)"),
        coerce=_coerce_owner,
        validate_choice=False,
        description=_l("The person in the project's organisation who answers for the result."),
    )
    due_date = DateField(_l("Due date"), validators=[Optional()], format="%Y-%m-%d")
    mandatory = BooleanField(_l("Mandatory for the phase gate"))
    notes = TextAreaField(_l("Notes and evidence"), validators=[Length(max=10_000)])
    version = HiddenField()


class NewItemForm(Form):
    title = StringField(_l("New checklist item"), validators=[DataRequired(_l("Enter a title.")), Length(max=300)])
    owner = SelectField(_l("Owner"), coerce=_coerce_owner, validate_choice=False)
    due_date = DateField(_l("Due date"), validators=[Optional()], format="%Y-%m-%d")


class StatusForm(Form):
    status = SelectField(_l("Status"), choices=ItemStatus.choices())
    version = HiddenField()


class BulkForm(Form):
    status = SelectField(_l("Status"), choices=[("", _l("— keep —")), *ItemStatus.choices()])
    owner = SelectField(_l("Owner"), validate_choice=False)
    due_date = DateField(_l("Due date"), validators=[Optional()], format="%Y-%m-%d")


class DeliverableForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter a title.")), Length(max=300)])
    status = SelectField(_l("Status"), choices=DeliverableStatus.choices())
    reference = StringField(_l("Link or document reference"), validators=[Length(max=500)])
    person = SelectField(_l("Responsible person (team)"), coerce=_coerce_owner, validate_choice=False)
    version = HiddenField()


class NewDeliverableForm(Form):
    title = StringField(_l("New deliverable"), validators=[DataRequired(_l("Enter a title.")), Length(max=300)])


class PhaseForm(Form):
    planned_start = DateField(_l("Planned start"), validators=[Optional()], format="%Y-%m-%d")
    planned_end = DateField(_l("Planned end"), validators=[Optional()], format="%Y-%m-%d")
    actual_start = DateField(_l("Actual start"), validators=[Optional()], format="%Y-%m-%d")
    actual_end = DateField(_l("Actual end"), validators=[Optional()], format="%Y-%m-%d")
    version = HiddenField()


class CommentForm(Form):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(_l("Write a comment first.")), Length(max=10_000)])


class ConfirmForm(Form):
    version = HiddenField()


def phase_choices(summaries) -> list:
    """The project's phases for a select, after "— none —": "4. Business blueprint"."""
    return nothing_first((s.phase.id, f"{s.phase.number}. {localized(s.phase, 'name')}") for s in summaries)
