from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from crm_rollout.core.forms import Form
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.methods.content import MAX_NAME, MAX_OBJECTIVE

LINES_HINT = _l(
    "One a line: Chinese | English. Start a line with * for a mandatory item; add | +N when it falls due N days "
    "into the phase and | @role for the role that owns it (director, steering, consultant, member). Reorder, add "
    "or remove lines freely."
)


class PhaseForm(Form):
    name_zh = StringField(_l("Name (Chinese)"), validators=[DataRequired(_l("Name the phase.")), Length(max=MAX_NAME)])
    name_en = StringField(_l("Name (English)"), validators=[DataRequired(_l("Name the phase.")), Length(max=MAX_NAME)])
    objective_zh = TextAreaField(_l("Objective (Chinese)"), validators=[Length(max=MAX_OBJECTIVE)])
    objective_en = TextAreaField(_l("Objective (English)"), validators=[Length(max=MAX_OBJECTIVE)])
    entry_zh = TextAreaField(_l("Entry criteria (Chinese)"), validators=[Length(max=MAX_OBJECTIVE)])
    entry_en = TextAreaField(_l("Entry criteria (English)"), validators=[Length(max=MAX_OBJECTIVE)])
    exit_zh = TextAreaField(_l("Exit criteria (Chinese)"), validators=[Length(max=MAX_OBJECTIVE)])
    exit_en = TextAreaField(_l("Exit criteria (English)"), validators=[Length(max=MAX_OBJECTIVE)])
    typical_weeks = IntegerField(
        _l("Typical weeks"),
        description=_l("Its share of a new project's plan: dates are spread by these."),
        validators=[InputRequired(_l("Enter a number.")), NumberRange(1, 104)],
    )
    items = TextAreaField(_l("Checklist items"), description=LINES_HINT, render_kw={"rows": 10})
    deliverables = TextAreaField(
        _l("Deliverables"), description=_l("One a line: Chinese | English."), render_kw={"rows": 4}
    )
    version = HiddenField()


class VersionForm(Form):
    """A button on the draft (add a phase, move one, discard): the draft's row version, to refuse a stale click."""

    version = HiddenField()


class PublishForm(VersionForm):
    note = StringField(
        _l("What changed"), validators=[DataRequired(_l("Say in a sentence what changed.")), Length(max=2000)]
    )


class ImportForm(Form):
    file = FileField(_l("Method file (TOML)"), validators=[DataRequired(_l("Choose a file."))])


class LinesForm(Form):
    """One of the method's lists as lines; the page names it and says what a line holds."""

    lines = TextAreaField(render_kw={"rows": 14})
    version = HiddenField()
