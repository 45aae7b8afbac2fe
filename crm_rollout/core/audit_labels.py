"""The words of the audit trail, read from the audited models themselves: each model declares its
`audit_entity`, and each traced column its words (`info=audited(...)`, or `coded_column(..., label=...)`),
which `core.db` gathers into the model's `audit_labels`; coded fields speak their vocabulary's words.
What a reference field points at (person, account, item ...) is read from its foreign key, so an id is
always resolved in the right table."""

from datetime import datetime
from functools import cache

from crm_rollout.core.db import UTCDateTime
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.i18n import moment_text, text_of
from crm_rollout.core.vocabulary import coded_fields

ACTION_LABELS = {
    "created": _l("created"),
    "updated": _l("changed"),
    "removed": _l("removed"),
    "restored": _l("restored"),
    "deleted": _l("deleted"),
}


@cache
def audited_models() -> dict[str, type]:
    """table name -> model class, for every model that takes part in the audit trail."""
    return {
        mapper.class_.__tablename__: mapper.class_
        for mapper in db.Model.registry.mappers
        if hasattr(mapper.class_, "audit_labels")
    }


def entity_label(entity_type: str) -> str:
    model = audited_models().get(entity_type)
    return text_of(model.audit_entity) if model is not None else _("Record")


def field_label(entity_type: str, field: str) -> str:
    model = audited_models().get(entity_type)
    label = model.audit_labels.get(field) if model is not None else None
    return text_of(label) if label is not None else _("Other field")


def reference_target(entity_type: str, field: str | None) -> str | None:
    """The table a field's value points into (its foreign key), or None for a plain value."""
    model = audited_models().get(entity_type)
    if model is None or not field or field not in model.__table__.c:
        return None
    keys = model.__table__.c[field].foreign_keys
    return next(iter(keys)).column.table.name if keys else None


def value_text(entry, value: str | None, names: dict) -> str:
    """One recorded value as a person reads it: coded values by their label, references by the name of
    what they point at (resolved inside the project), yes/no for flags."""
    if value is None or value == "":
        return "—"
    target = reference_target(entry.entity_type, entry.field)
    if target is not None:
        return names.get((target, value), _("(not in this project)"))
    model = audited_models().get(entry.entity_type)
    labels = coded_fields(model).get(entry.field) if model is not None else None
    if labels is not None:
        return text_of(labels.get(value, value))
    if value in ("true", "false"):
        return _("yes") if value == "true" else _("no")
    column = model.__table__.c.get(entry.field) if model is not None else None
    if column is not None and isinstance(column.type, UTCDateTime):
        try:  # a moment, as the reader's clock shows it
            return moment_text(datetime.fromisoformat(value))
        except ValueError:
            return value
    return value
