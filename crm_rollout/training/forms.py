from wtforms import DateField, HiddenField, IntegerField, StringField, TimeField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from crm_rollout.core.forms import CheckboxesField, Form, SelectField
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.training.labels import CourseMode


class CourseForm(Form):
    title = StringField(_l("Course"), validators=[DataRequired(_l("Name the course.")), Length(max=200)])
    audience = StringField(
        _l("Audience"),
        validators=[Length(max=120)],
        description=_l("A department or job title, as the trainees list says it; empty for everyone."),
    )
    mode = SelectField(_l("Mode"), choices=CourseMode.choices(), default=CourseMode.CLASSROOM)
    hours = IntegerField(_l("Duration (hours)"), default=4, validators=[NumberRange(1, 200)])
    trainer = StringField(_l("Trainer"), validators=[Length(max=120)])
    pass_score = IntegerField(
        _l("Pass score"),
        validators=[Optional(), NumberRange(0, 100)],
        description=_l("Leave empty when attending, or a sign-off of competence, completes the course."),
    )
    version = HiddenField()


class SessionForm(Form):
    held_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter a date as YYYY-MM-DD."))])
    start_time = TimeField(_l("Starts at"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Length(max=200)])
    capacity = IntegerField(_l("Capacity"), default=12, validators=[NumberRange(1, 1000)])
    version = HiddenField()


class TraineeForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Give the trainee's name.")), Length(max=120)])
    department = StringField(_l("Department"), validators=[Length(max=120)])
    job_title = StringField(_l("Job title"), validators=[Length(max=120)])
    email = StringField(_l("E-mail"), validators=[Length(max=200)])
    version = HiddenField()


class EnrolForm(Form):
    trainee_ids = CheckboxesField(_l("Trainees this course is for, not yet enrolled"), coerce=int)
