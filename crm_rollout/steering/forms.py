from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    PasswordField,
    RadioField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, Optional

from crm_rollout.core.forms import Form, SelectField, optional_int
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.steering.labels import ActionStatus

DATE = "%Y-%m-%d"


class MeetingForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the meeting a title.")), Length(max=200)])
    meeting_date = DateField(_l("Date"), validators=[DataRequired(_l("Enter a date as YYYY-MM-DD."))], format=DATE)
    start_time = TimeField(_l("Start time"), validators=[Optional()])
    location = StringField(_l("Place"), validators=[Length(max=200)])
    call_link = StringField(_l("Call link"), validators=[Length(max=500)])
    version = HiddenField()


class MinutesForm(Form):
    minutes = TextAreaField(_l("Minutes"), validators=[Length(max=20_000)])
    version = HiddenField()


class AgendaForm(Form):
    title = StringField(_l("Agenda item"), validators=[DataRequired(_l("Enter the agenda item.")), Length(max=300)])
    phase_id = SelectField(_l("Linked phase"), coerce=optional_int, validate_choice=False)
    vote_requested = BooleanField(_l("The committee votes on it"))


class DecisionForm(Form):
    decided_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter a date as YYYY-MM-DD."))], format=DATE)
    text = TextAreaField(
        _l("Decision"), validators=[DataRequired(_l("Write down what was decided.")), Length(max=20_000)]
    )
    rationale = TextAreaField(_l("Rationale"), validators=[Length(max=20_000)])
    decided_by = StringField(_l("Decided by"), validators=[Length(max=200)])
    meeting_id = SelectField(_l("Meeting"), coerce=optional_int, validate_choice=False)
    phase_id = SelectField(_l("Affects phase"), coerce=optional_int, validate_choice=False)
    supersedes = SelectField(_l("Supersedes"), coerce=optional_int, validate_choice=False)


class ActionForm(Form):
    title = StringField(_l("Action"), validators=[DataRequired(_l("Say what needs doing.")), Length(max=300)])
    owner_id = SelectField(_l("Owner"), coerce=optional_int, validate_choice=False)
    due_date = DateField(_l("Due date"), validators=[Optional()], format=DATE)


class ActionStatusForm(Form):
    status = SelectField(_l("Status"), choices=ActionStatus.choices())
    version = HiddenField()


class NoteForm(Form):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(_l("Write something first.")), Length(max=20_000)])


class ReviewForm(Form):
    decision = RadioField(
        _l("Your review"),
        choices=[("approve", _l("Approve")), ("return", _l("Return with comments"))],
        validators=[DataRequired(_l("Approve or return the report."))],
    )
    comment = TextAreaField(_l("Comment"))
    password = PasswordField(
        _l("Confirm with your password"), validators=[DataRequired(_l("Enter your password to sign."))]
    )
