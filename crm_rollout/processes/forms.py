from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, FloatField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from crm_rollout.core.forms import Form, SelectField, optional_int
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.processes.labels import (
    ACTIVITIES,
    AREA_LABELS,
    CRITERION_LABELS,
    EVENTS,
    GATEWAYS,
    CauseCategory,
    StepKind,
    TestResult,
    Trigger,
)

OPTIONAL_SCORES = [(None, "—"), *((n, str(n)) for n in range(1, 6))]


class ProcessForm(Form):
    name = StringField(_l("Process"), validators=[DataRequired(_l("Name the process.")), Length(max=200)])
    area = SelectField(_l("Area"), choices=list(AREA_LABELS.items()))
    owner_id = SelectField(_l("Process owner"), coerce=optional_int, validate_choice=False)
    description = TextAreaField(_l("Description"))
    touchpoints = StringField(_l("Customer touchpoints"), description=_l("e.g. hotline, e-mail, field visit"))
    problem = TextAreaField(_l("Problem today"), description=_l("The effect the root-cause analysis explains."))
    importance = SelectField(CRITERION_LABELS["importance"], choices=OPTIONAL_SCORES, coerce=optional_int)
    importance_note = StringField(_l("Why (importance)"))
    performance_gap = SelectField(CRITERION_LABELS["performance_gap"], choices=OPTIONAL_SCORES, coerce=optional_int)
    performance_gap_note = StringField(_l("Why (performance)"))
    feasibility = SelectField(CRITERION_LABELS["feasibility"], choices=OPTIONAL_SCORES, coerce=optional_int)
    feasibility_note = StringField(_l("Why (feasibility)"))
    in_blueprint = BooleanField(_l("Redesign it in the blueprint"))
    version = HiddenField()


class WeightsForm(Form):
    importance = IntegerField(CRITERION_LABELS["importance"], validators=[InputRequired(), NumberRange(0, 100)])
    performance_gap = IntegerField(
        CRITERION_LABELS["performance_gap"], validators=[InputRequired(), NumberRange(0, 100)]
    )
    feasibility = IntegerField(CRITERION_LABELS["feasibility"], validators=[InputRequired(), NumberRange(0, 100)])
    version = HiddenField()


# The kinds a step may be, in the groups a modeller's palette shows.
KIND_CHOICES = [
    SelectChoice(kind.value, kind.label, optgroup=group)
    for group, members in ((_l("Activities"), ACTIVITIES), (_l("Gateways"), GATEWAYS), (_l("Events"), EVENTS))
    for kind in StepKind
    if kind in members
]


class StepForm(Form):
    kind = SelectField(_l("Kind of step"), choices=KIND_CHOICES, default=StepKind.USER_TASK)
    trigger = SelectField(
        _l("Trigger (events only)"), choices=Trigger.choices(), default=Trigger.NONE, validate_choice=True
    )
    actor = StringField(
        _l("Actor (role)"),
        validators=[DataRequired(_l("Say who does this step (a role or department).")), Length(max=120)],
    )
    department = StringField(_l("Department"), validators=[Length(max=120)])
    # Required of a task; an event or a gateway may go without a name (the service says which).
    activity = StringField(_l("What happens (the question, for a gateway)"), validators=[Length(max=300)])
    system = StringField(_l("System used"), validators=[Length(max=120)])
    duration_hours = FloatField(
        _l("Expected duration (hours)"),
        default=0,
        validators=[InputRequired(_l("Give the expected duration in hours (0 or more).")), NumberRange(min=0)],
    )
    is_decision = BooleanField(_l("This step decides (branches)"))
    next_steps = StringField(
        _l("Goes to"),
        description=_l(
            "Step numbers or “end”, with labels: 4: yes; 6: no. Empty: the next step "
            "(in a model read from a BPMN file, empty means the step leads nowhere)."
        ),
        validators=[Length(max=200)],
    )
    at = IntegerField(_l("Insert as step number"), validators=[Optional(), NumberRange(min=1)])
    version = HiddenField()


class ElementsForm(Form):
    change_note = TextAreaField(_l("What this revision changes and why"))
    change_activities = TextAreaField(_l("Activities"))
    change_rules = TextAreaField(_l("Rules"))
    change_people = TextAreaField(_l("People"))
    change_technology = TextAreaField(_l("Information technology"))
    change_goals = TextAreaField(_l("Goals"))
    version = HiddenField()


class CauseForm(Form):
    category = SelectField(_l("Category"), choices=CauseCategory.choices())
    text = StringField(_l("Cause"), validators=[DataRequired(_l("Describe the cause.")), Length(max=300)])


class TestForm(Form):
    scenario = StringField(_l("Scenario"), validators=[DataRequired(_l("Name the scenario.")), Length(max=300)])
    held_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date it ran."))], format="%Y-%m-%d")
    model_id = SelectField(_l("To-be revision tested"), coerce=optional_int, validate_choice=False)
    steps_covered = StringField(_l("Steps covered"), description=_l("e.g. 1-4, 6"), validators=[Length(max=200)])
    key_users = StringField(_l("Key users present"))
    result = SelectField(_l("Result"), choices=TestResult.choices())
    findings = TextAreaField(_l("Findings"))


class ReviseForm(Form):
    reason = TextAreaField(_l("What changes and why"), validators=[DataRequired(_l("Say what changes and why."))])
    prototype_test_id = SelectField(_l("Prompted by the test"), coerce=optional_int, validate_choice=False)


class ImportForm(Form):
    file = FileField(_l("BPMN 2.0 file (.bpmn or .xml)"), validators=[FileRequired(_l("Choose a BPMN file."))])
