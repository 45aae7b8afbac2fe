from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from crm_rollout.core.forms import Form, SelectField, optional_int
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.lessons.labels import LessonCategory
from crm_rollout.lessons.service import MAX_TEXT


class LessonForm(Form):
    title = StringField(_l("Lesson"), validators=[DataRequired(_l("Say the lesson in a few words.")), Length(max=200)])
    phase_id = SelectField(_l("Phase"), coerce=optional_int, validate_choice=False)
    category = SelectField(_l("Category"), choices=LessonCategory.choices(), default=LessonCategory.OTHER)
    what_happened = TextAreaField(_l("What happened in this case"), validators=[Length(max=MAX_TEXT)])
    learned = TextAreaField(_l("What we learned"), validators=[Length(max=MAX_TEXT)])
    next_time = TextAreaField(_l("What to do next time"), validators=[Length(max=MAX_TEXT)])
    version = HiddenField()
