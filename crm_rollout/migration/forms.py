from wtforms import DateField, DecimalField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from crm_rollout.core.forms import CheckboxesField, Form, SelectField, optional_int
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.migration.labels import LoadKind, WorkStatus

_COUNT = [Optional(), NumberRange(0, 2**31 - 1)]


class ObjectForm(Form):
    name = StringField(_l("Object"), validators=[DataRequired(_l("Name the object.")), Length(max=120)])
    source_system = StringField(_l("Source system"), validators=[Length(max=120)])
    owner_id = SelectField(_l("Owner"), coerce=optional_int, validate_choice=False)
    sequence = IntegerField(
        _l("Load order"),
        default=10,
        validators=[NumberRange(0, 9999)],
        description=_l("Lower numbers load first: accounts before contacts, products before orders."),
    )
    mapping_status = SelectField(_l("Mapping"), choices=WorkStatus.choices(), default=WorkStatus.NOT_STARTED)
    cleansing_status = SelectField(_l("Cleansing"), choices=WorkStatus.choices(), default=WorkStatus.NOT_STARTED)
    load_rules = TextAreaField(_l("Load rules"), validators=[Length(max=5000)])
    version = HiddenField()


class DependenciesForm(Form):
    depends_on = CheckboxesField(_l("Loaded after"), coerce=int, validate_choice=False)
    version = HiddenField()


class LoadForm(Form):
    kind = SelectField(_l("Load"), choices=LoadKind.choices(), default=LoadKind.TRIAL)
    run_on = DateField(_l("Date"), validators=[DataRequired(_l("Enter a date as YYYY-MM-DD."))])
    extracted = IntegerField(_l("Extracted"), default=0, validators=_COUNT)
    cleansed = IntegerField(_l("Cleansed"), default=0, validators=_COUNT)
    loaded = IntegerField(_l("Loaded"), default=0, validators=_COUNT)
    rejected = IntegerField(_l("Rejected"), default=0, validators=_COUNT)
    duplicates = IntegerField(_l("Duplicates found"), default=0, validators=_COUNT)
    source_count = IntegerField(_l("Source count"), validators=_COUNT)
    target_count = IntegerField(_l("Target count"), validators=_COUNT)
    source_amount = DecimalField(_l("Source amount"), validators=[Optional()])
    target_amount = DecimalField(_l("Target amount"), validators=[Optional()])
    rejection_reasons = TextAreaField(
        _l("Rejection reasons"),
        validators=[Length(max=10000)],
        description=_l("One reason a line with its number of records, as “missing tax number: 12”."),
    )
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])
    version = HiddenField()


class ToleranceForm(Form):
    tolerance_percent = DecimalField(
        _l("Reconciliation tolerance (%)"),
        validators=[DataRequired(_l("Enter a number.")), NumberRange(0, 20)],
        description=_l("How far, in per cent, the target may differ from the source and still balance."),
    )
    version = HiddenField()
