"""What every template can use: bilingual content, dates in the user's locale, and the words and helpers
each domain registered (core/registry.py)."""

from pathlib import Path
from types import MappingProxyType

from flask import Flask, current_app, g
from flask.templating import Environment
from flask_babel import format_date, get_locale
from flask_wtf.csrf import generate_csrf
from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup, escape

from crm_rollout.core import audit_labels, permissions, registry, system_check
from crm_rollout.core.caching import top_bar_counts
from crm_rollout.core.i18n import LOCALES, as_template_value, localized, moment_text, translated
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import COUNT_CAP
from crm_rollout.core.menu import project_menu
from crm_rollout.core.web import url_for_each


class TemplateEnvironment(Environment):
    def make_globals(self, d):
        """A template's names: Jinja chains its own globals before the environment's, and every render and
        macro import starts a context as a copy of that chain. Copying a chain whose first map is empty raised
        a KeyError for each of the app's 85 names: 30 µs a context, three or more a page, cached pages too.
        The templates here have no globals of their own, so they read the environment's through a read-only
        view: as cheap to copy as a dict, it still shows a name added later, and nothing writes through it."""
        return MappingProxyType(self.globals) if not d else super().make_globals(d)

    def getattr(self, obj, attribute):
        """`row.title`: Jinja tries the attribute first, and a dict answers with an exception before its key is
        read (an assessment's hundred questionnaire items, 0.4 µs each). A plain dict's key that names none of
        a dict's own attributes is read at once: what Jinja's own order would find."""
        if type(obj) is dict and attribute in obj and not hasattr(dict, attribute):
            return obj[attribute]
        return super().getattr(obj, attribute)


class App(Flask):
    jinja_environment = TemplateEnvironment


def fdate(value, style="medium"):
    return format_date(value, style) if value else "—"


def fdatetime(value):
    return moment_text(value) if value else "—"


def timetag(value):
    """A moment as people read it, inside <time> with the machine-readable form screen readers and
    validators expect."""
    if not value:
        return "—"
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(timespec="seconds"), moment_text(value))


def hidden_fields(form):
    """A form's hidden fields (the CSRF token, the version read) without ids: a page with several forms
    would otherwise repeat id="csrf_token", and hidden inputs need no label to point at them."""
    return Markup("").join(
        Markup('<input type="hidden" name="{}" value="{}">').format(field.name, field._value())
        for field in form
        if field.type in ("HiddenField", "CSRFTokenField")
    )


def field(f, hint=None, class_="") -> Markup:
    """A form field with its label, hint and error messages beside it (the GOV.UK pattern; error_summary in
    _macros.html lists them at the top). Written in Python with escape() and f-strings, not as a macro nor
    with Markup.format: a page has up to twenty fields, and either cost more than the markup itself."""
    errors, key, label = f.errors, escape(f.id), escape(f.label.text)
    said = escape(_("Error")) if errors else ""
    messages = "".join(
        f'<p class="error-message" id="{key}-error"><span class="visually-hidden">{said}:</span> {escape(m)}</p>'
        for m in errors
    )
    error_id = [f"{f.id}-error"] * bool(errors)
    if f.type == "BooleanField":
        control = f(**{"aria-describedby": " ".join(error_id) or False})
        inside = f'{messages}<label class="checkbox">{control} {label}</label>'
    else:
        hint = hint or f.description
        hint_html = f'<div class="hint" id="{key}-hint">{escape(hint)}</div>' if hint else ""
        described = " ".join([f"{f.id}-hint"] * bool(hint) + error_id)
        options = {"aria-describedby": described or False, "aria-invalid": "true" if errors else False}
        control = f(type="date", **options) if f.type == "DateField" else f(**options)
        inside = f'<label for="{key}">{label}</label>{hint_html}{messages}{control}'
    classes = "field" + " field-error" * bool(errors) + f" {class_}" * bool(class_)
    return Markup(f'<div class="{escape(classes)}">{inside}</div>')  # noqa: S704  (every part escaped above)


def csrf_input() -> Markup:
    """The hidden CSRF field of a form (a plain call, written once a request: a page of process steps has
    two forms a step)."""
    if "csrf_input" not in g:
        g.csrf_input = Markup('<input type="hidden" name="csrf_token" value="{}">').format(generate_csrf())
    return g.csrf_input


def init_app(app):
    """Filters and names every template can use: the core's own, then what each domain registered."""
    offered = registry.of(app)
    # Compiled templates kept on disk: a new worker renders its first pages without compiling them again.
    cache_folder = Path(app.instance_path) / "jinja-cache"
    cache_folder.mkdir(parents=True, exist_ok=True)
    app.jinja_env.bytecode_cache = FileSystemBytecodeCache(str(cache_folder))
    app.jinja_env.filters.update(fdate=fdate, fdatetime=fdatetime, timetag=timetag, **offered.template_filters)
    app.jinja_env.globals.update(
        tr=localized,
        translated=translated,
        LOCALES=LOCALES,
        ACTION_LABELS=audit_labels.ACTION_LABELS,
        audit_entity=audit_labels.entity_label,
        audit_field=audit_labels.field_label,
        audit_value=audit_labels.value_text,
        can=permissions.can,
        perm=permissions.perm,
        hidden_fields=hidden_fields,
        field=field,
        top_bar_counts=top_bar_counts,
        project_menu=project_menu,
        url_for_each=url_for_each,
        csrf_input=csrf_input,
        COUNT_CAP=COUNT_CAP,
        **{name: as_template_value(value) for name, value in offered.template_globals.items()},
    )

    @app.context_processor
    def page_context():
        context = {
            "locale": str(get_locale() or "en"),
            "demo_mode": current_app.config.get("DEMO_MODE", False),
            "system_missing": system_check.missing(),
            "project": g.get("project"),
            "role": g.get("role"),
        }
        return context
