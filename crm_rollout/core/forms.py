"""Form pieces every domain's forms use."""

import copy
import functools
from datetime import UTC
from zoneinfo import ZoneInfo

from flask import current_app, request
from flask_babel import get_locale
from flask_wtf import FlaskForm  # noqa: TID251  (the one place that extends it)
from markupsafe import Markup, escape
from wtforms import DateTimeLocalField, SelectMultipleField
from wtforms import SelectField as _SelectField  # noqa: TID251  (the one place that extends it)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, Input, ListWidget, Select, TextArea
from wtforms.widgets.core import clean_key

from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import text_of


class Form(FlaskForm):
    """Every form's base: Flask-WTF's, with WTForms' own messages ("This field is required.") in the reader's
    language read from a catalogue loaded once a language, not once a request as Flask-WTF does."""

    class Meta:
        @property
        def locales(self):
            return [str(get_locale())]

        def get_translations(self, form):
            return super(FlaskForm.Meta, self).get_translations(form)  # WTForms' per-language cache

        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            if isinstance(field.widget, Input):
                field.widget = _quick(field.widget)
            elif type(field.widget) is TextArea:
                field.widget = QUICK_TEXT_AREA
            return field


def attributes(**kwargs) -> Markup:
    """WTForms' `html_params`, the same markup (names sorted, `class_` as class, data_ and aria_ names with
    hyphens, True as a bare name, False left out) written as one string: its Markup.format was the costliest
    part of every field on a page."""
    parts = []
    for key, value in sorted(kwargs.items()):
        name = escape(clean_key(key))
        if value is True:
            parts.append(name)
        elif value is not False:
            parts.append(f'{name}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(parts))  # noqa: S704  (every part escaped above)


@functools.cache
def _quick(widget: Input) -> Input:
    """The widget writing its attributes with `attributes`, through WTForms' own hook for it (Input.html_params)."""
    quick = copy.copy(widget)
    quick.html_params = attributes
    return quick


def _flag_attributes(widget, field, kwargs: dict) -> None:
    """The field's flags its widget writes (required, disabled…), as WTForms adds them, without its dir()."""
    flags = field.flags
    for name in widget.validation_attrs:
        if name not in kwargs and (value := getattr(flags, name)) is not None:
            kwargs[name] = value


class QuickTextArea(TextArea):
    """WTForms' text area writing its attributes with `attributes`; the markup is the same."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        _flag_attributes(self, field, kwargs)
        text = escape(field._value())
        return Markup(f"<textarea {attributes(name=field.name, **kwargs)}>\r\n{text}</textarea>")  # noqa: S704  (escaped)


QUICK_TEXT_AREA = QuickTextArea()


class QuickSelect(Select):
    """WTForms' select written in one pass where its choices are plain (value, label) pairs or grouped
    choices without attributes of their own: a choice of every person of a project has a hundred and fifty
    options, and the stock widget normalises the choices twice, builds each option through html_params and
    compares lazy group labels by translating them. Options with their own attributes and multiple choices go
    the stock way; the markup is the same."""

    def __call__(self, field, **kwargs):
        choices = field.choices
        if self.multiple or not isinstance(choices, list):
            return super().__call__(field, **kwargs)
        if all(type(c) is tuple and len(c) == 2 for c in choices):
            grouped = ((None, value, label) for value, label in choices)
        elif all(type(c) is SelectChoice and not c.render_kw for c in choices):
            grouped = ((c.optgroup, c.value, c.label) for c in choices)
        else:
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        _flag_attributes(self, field, kwargs)
        coerce, data = field.coerce, field.data
        parts, group = [], None
        for optgroup, value, label in grouped:
            if optgroup is not group and optgroup != group:  # as WTForms groups: runs of equal groups
                if group is not None:
                    parts.append("</optgroup>")
                if optgroup is not None:
                    parts.append(f'<optgroup label="{escape(text_of(optgroup))}">')
                group = optgroup
            parts.append(_option(value, label, coerce(value) == data))
        if group is not None:
            parts.append("</optgroup>")
        return Markup(f"<select {attributes(name=field.name, **kwargs)}>{''.join(parts)}</select>")  # noqa: S704

    @classmethod
    def render_option(cls, choice, **kwargs):
        if choice.render_kw or kwargs:
            return super().render_option(choice, **kwargs)
        return Markup(_option(choice.value, choice.label, choice.selected))  # noqa: S704  (escaped)


def _option(value, label, selected: bool) -> str:
    label = text_of(label)  # a lazy label translated once, not to test it and to write it
    shown = escape(label or value)
    value = escape(str(value) if isinstance(value, bool) else value)
    return f'<option {"selected " if selected else ""}value="{value}">{shown}</option>'


class SelectField(_SelectField):
    """Every form's single choice (ruff refuses wtforms' own, so that each select is quick)."""

    widget = QuickSelect()


class CheckboxesField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OfficeDateTimeField(DateTimeLocalField):
    """A date and time typed as the office's clock shows it (BABEL_DEFAULT_TIMEZONE), kept in UTC."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"], **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None:
            self.data = self.data.replace(tzinfo=_office()).astimezone(UTC)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.astimezone(_office()).strftime("%Y-%m-%dT%H:%M") if self.data else ""


def _office() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def values_of(row, fields) -> dict:
    """What an edit form starts from: the row's fields and the version the edit is based on. (On a POST,
    Flask-WTF fills the form from what was sent instead.)"""
    return {name: getattr(row, name) for name in fields} | {"version": row.version}


def data_of(form, names) -> dict:
    """What a form holds for these fields, as a service takes it: the reverse of `values_of`."""
    return {name: getattr(form, name).data for name in names}


def posted():
    """A form's data on a POST, nothing on a GET: a page that shows its form and takes it at one address
    fills it from what was sent only when something was."""
    return request.form if request.method == "POST" else None


def nothing_first(choices, *, nobody: bool = False) -> list:
    """A select's choices after its empty one: "— nobody —" before people, "— none —" before anything else."""
    return [(None, _("— nobody —") if nobody else _("— none —")), *choices]


def optional_int(value):
    """A select's value as an id, or None for its empty choice."""
    return int(value) if value not in (None, "", "None") else None


def scoped(form, scope: str):
    """Give the fields of one of several forms on a page ids of their own (`scope-name`), so that no two
    fields share an id; their names, and so what the form posts, stay as they are."""
    for field in form:
        field.id = f"{scope}-{field.name}"
        field.label.field_id = field.id
    return form
