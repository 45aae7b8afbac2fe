"""Form pieces the domains share (crm_rollout/core/forms.py)."""


def test_the_quick_select_writes_what_wtforms_writes(app):
    """core.forms.SelectField renders its options itself for speed: the markup must stay WTForms' own."""
    from wtforms import SelectField as StockSelectField  # noqa: TID251  (the reference)
    from wtforms.fields.choices import SelectChoice
    from wtforms.validators import InputRequired

    from crm_rollout.core.forms import Form as BaseForm
    from crm_rollout.core.forms import SelectField, optional_int

    choices = [(None, "— nobody —"), (1, "Wang <Wei> & co"), (2, "王伟"), (True, "yes")]
    texts = [('"q"', ""), ("a&b", "A & B")]
    from flask_babel import lazy_gettext

    lazy_group = lazy_gettext("Gateways")
    groups = [
        SelectChoice(1, "a", optgroup="Team <A>"),
        SelectChoice(2, "b", optgroup="Team <A>"),
        SelectChoice(3, "c"),
    ]
    groups += [SelectChoice(4, lazy_gettext("Done"), optgroup=lazy_group), SelectChoice(5, "e", optgroup=lazy_group)]
    groups += [SelectChoice(6, "f", optgroup="Team <A>")]  # a group again after another: a second optgroup
    with app.test_request_context():

        class Form(BaseForm):
            stock = StockSelectField(choices=choices, coerce=optional_int, validate_choice=False)
            quick = SelectField(choices=choices, coerce=optional_int, validate_choice=False)
            stock_required = StockSelectField(choices=choices[1:3], coerce=int, validators=[InputRequired()])
            quick_required = SelectField(choices=choices[1:3], coerce=int, validators=[InputRequired()])
            stock_groups = StockSelectField(choices=groups, coerce=int)
            stock_texts = StockSelectField(choices=texts)
            quick_texts = SelectField(choices=texts)
            quick_groups = SelectField(choices=groups, coerce=int)
            marked = SelectField(choices=[(1, "a", {"disabled": True}), (2, "b")], coerce=int)

        data = {"stock": 2, "quick": 2, "stock_required": 1, "quick_required": 1, "stock_groups": 3}
        form = Form(formdata=None, data=data | {"quick_groups": 3, "stock_texts": "a&b", "quick_texts": "a&b"})
        for name in ("", "_required", "_groups", "_texts"):
            quick, stock = form[f"quick{name}"], form[f"stock{name}"]
            assert str(quick(class_="wide")).replace("quick", "stock") == str(stock(class_="wide")), name
        assert 'selected value="2">王伟<' in str(form.quick())
        assert " required" in str(form.quick_required())
        form = Form(formdata=None, data={"marked": 1})
        assert '<option disabled selected value="1">a</option>' in str(form.marked())


def test_wtforms_own_messages_speak_the_readers_language(app):
    """core.forms.Form keeps WTForms' catalogue once a language: each request still gets its own language."""
    from wtforms import StringField
    from wtforms.validators import InputRequired

    from crm_rollout.core.forms import Form as BaseForm

    class Named(BaseForm):
        name = StringField(validators=[InputRequired()])

    def message_for(language):
        with app.test_request_context(method="POST", data={}, headers={"Accept-Language": language}):
            form = Named()
            assert not form.validate()
            return form.name.errors[0]

    english, chinese = message_for("en"), message_for("zh-CN")
    assert english == "This field is required."
    assert chinese != english and all("\u4e00" <= ch <= "\u9fff" or ch in "。" for ch in chinese)
    assert message_for("en") == english  # the next request in English is English again


def test_lazy_choices_are_written_in_each_readers_language(app):
    """A select's lazy labels are translated once a request (core.i18n.text_of): each request in its own
    language, and a label that is not lazy as it is."""
    from flask_babel import force_locale

    from crm_rollout.core.forms import Form as BaseForm
    from crm_rollout.core.forms import SelectField
    from crm_rollout.phases.labels import ItemStatus

    class Pick(BaseForm):
        status = SelectField(choices=[*ItemStatus.choices(), ("x", "<b>plain</b>")])

    def options_for(language):
        with app.test_request_context(headers={"Accept-Language": language}):
            html = str(Pick(formdata=None).status())
            return html, html == str(Pick(formdata=None).status())  # the second render reads the memo

    with app.test_request_context():
        with force_locale("zh"):
            done_zh = str(ItemStatus.DONE.label)
        with force_locale("en"):
            done_en = str(ItemStatus.DONE.label)
    assert done_zh != done_en
    for language, done in (("zh-CN", done_zh), ("en", done_en), ("zh-CN", done_zh)):
        html, same_twice = options_for(language)
        assert f'value="done">{done}</option>' in html and same_twice, language
        assert "&lt;b&gt;plain&lt;/b&gt;" in html


def test_quick_attributes_write_what_wtforms_writes():
    """core.forms.attributes stands in for WTForms' html_params on every input: the markup must stay its own."""
    from markupsafe import Markup
    from wtforms.widgets.core import html_params

    from crm_rollout.core.forms import attributes

    cases = [
        {"id": "title", "name": "title", "value": 'Say "hi" & <go>', "required": True, "readonly": False},
        {"class_": "wide", "data_auto_submit": "1", "aria_describedby": "a b", "for_": "x"},
        {"value": Markup('already "safe" <b>'), "min": 0, "step": 0.5, "maxlength": 200},
        {"value": "王伟", "placeholder": "", "checked": True},
        {},
    ]
    for kwargs in cases:
        assert attributes(**kwargs) == html_params(**kwargs)


def test_every_field_kind_renders_as_wtforms_renders_it(app):
    """Forms built on core.forms.Form use the quick attributes; each kind of input must read as the stock one."""
    from flask_wtf import FlaskForm  # noqa: TID251  (the reference)
    from wtforms import (
        BooleanField,
        DateField,
        DecimalField,
        EmailField,
        FileField,
        HiddenField,
        IntegerField,
        PasswordField,
        StringField,
        TextAreaField,
    )
    from wtforms.validators import InputRequired, Length, NumberRange

    from crm_rollout.core.forms import Form as BaseForm
    from crm_rollout.core.forms import OfficeDateTimeField, attributes

    def fields():
        return {
            "title": StringField("Title", validators=[InputRequired(), Length(max=200)]),
            "notes": TextAreaField("Notes"),
            "due": DateField("Due"),
            "at": OfficeDateTimeField("At"),
            "count": IntegerField("Count", validators=[NumberRange(min=0, max=9)]),
            "amount": DecimalField("Amount"),
            "done": BooleanField("Done"),
            "secret": PasswordField("Password"),
            "mail": EmailField("E-mail"),
            "version": HiddenField(),
            "file": FileField("File"),
        }

    stock_form = type("Stock", (FlaskForm,), fields())
    quick_form = type("Quick", (BaseForm,), fields())
    data = {"title": 'A "quoted" <title>', "notes": "x & y", "count": 3, "done": True, "version": 7}
    with app.test_request_context():
        stock, quick = stock_form(formdata=None, data=data), quick_form(formdata=None, data=data)
        assert quick.title.widget.html_params is attributes  # the quick way is the one taken
        for name in fields():
            assert str(quick[name](class_="wide", data_x="1")) == str(stock[name](class_="wide", data_x="1")), name
            assert str(quick[name]()) == str(stock[name]()), name


def test_a_fields_messages_are_where_its_description_points(app):
    """field(): every id a control's aria-describedby names is on the page, a checkbox's error too."""
    import re

    from wtforms import BooleanField, StringField
    from wtforms.validators import DataRequired

    from crm_rollout.core.forms import Form as BaseForm
    from crm_rollout.core.templating import field

    class Consent(BaseForm):
        agreed = BooleanField("I agree", validators=[DataRequired("Tick the box to go on.")])
        name = StringField("Name", validators=[DataRequired("Give a name.")], description="As on the badge")

    with app.test_request_context(method="POST", data={}):
        form = Consent(meta={"csrf": False})
        assert not form.validate()
        for name, message in (("agreed", "Tick the box to go on."), ("name", "Give a name.")):
            html = str(field(form[name]))
            described = re.search(r'aria-describedby="([^"]+)"', html).group(1).split()
            assert f"{name}-error" in described and message in html
            assert all(f'id="{ref}"' in html for ref in described), html
