"""What every template can use: bilingual content, dates in the user's locale, and the words and helpers
each domain registered (core/registry.py)."""

from flask import current_app, g
from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

from crm_rollout.core import audit_labels as vocabulary
from crm_rollout.core import permissions, registry, system_check
from crm_rollout.core.caching import my_work_count
from crm_rollout.core.i18n import LOCALES, localized, translated


def fdate(value, style="medium"):
    return format_date(value, style) if value else "—"


def fdatetime(value, style="short"):
    return format_datetime(value, style) if value else "—"


def init_app(app):
    """Filters and names every template can use: the core's own, then what each domain registered."""
    offered = registry.of(app)
    app.jinja_env.filters.update(fdate=fdate, fdatetime=fdatetime, **offered.template_filters)
    app.jinja_env.globals.update(
        tr=localized,
        translated=translated,
        LOCALES=LOCALES,
        ACTION_LABELS=vocabulary.ACTION_LABELS,
        audit_entity=vocabulary.entity_label,
        audit_field=vocabulary.field_label,
        audit_value=vocabulary.value_text,
        can=permissions.can,
        perm=permissions.perm,
        **offered.template_globals,
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
        if current_user.is_authenticated:
            # The "my work" count in the top bar: one query per page.
            context["my_work_count"] = my_work_count()
        return context
