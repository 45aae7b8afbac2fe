"""Form pieces the domains share (crm_rollout/core/forms.py)."""


def test_the_quick_select_writes_what_wtforms_writes(app):
    """core.forms.SelectField renders its options itself for speed: the markup must stay WTForms' own."""
    from wtforms import SelectField as StockSelectField  # noqa: TID251  (the reference)

    from crm_rollout.core.forms import Form as BaseForm
    from crm_rollout.core.forms import SelectField, optional_int

    choices = [(None, "— nobody —"), (1, "Wang <Wei> & co"), (2, "王伟"), (True, "yes")]
    with app.test_request_context():

        class Form(BaseForm):
            stock = StockSelectField(choices=choices, coerce=optional_int, validate_choice=False)
            quick = SelectField(choices=choices, coerce=optional_int, validate_choice=False)
            marked = SelectField(choices=[(1, "a", {"disabled": True}), (2, "b")], coerce=int)

        form = Form(formdata=None, data={"stock": 2, "quick": 2, "marked": 1})
        assert str(form.quick()).replace("quick", "stock") == str(form.stock())
        assert 'selected value="2">王伟<' in str(form.quick())
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
