"""What every checklist row of a page shows alike, worked out once a page: a page shows fifty rows, and a
translation or a token asked for on each of them used to cost more than the row's own data."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import g
from flask_login import current_user
from markupsafe import Markup

from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import EDIT_CHECKLIST, can
from crm_rollout.core.templating import csrf_input
from crm_rollout.core.web import url_for_each
from crm_rollout.phases.labels import ItemStatus


@dataclass(frozen=True)
class RowWords:
    select: str
    mandatory: str
    required: str
    mark_open: str
    mark_done: str
    done: str
    status: str
    set: str


@dataclass(frozen=True)
class RowContext:
    """Attributes, not a dict's keys: a template reads `row.csrf` as an attribute first, and a dict answers
    that with an exception before its key is tried (a dozen times a row)."""

    role: str | None
    item_url: Callable[[int], str]
    status_url: Callable[[int], str]
    user_id: int
    edit: bool
    csrf: Markup
    status_options: dict[str, Markup]
    words: RowWords


def row_context(role: str | None) -> RowContext:
    """For the `item_row` macro: the reader's role and id, whether they edit the checklist, the CSRF field,
    the status choices (the select's options for each status an item can have), the row's addresses and its
    words, in the reader's language."""
    return RowContext(
        role=role,
        item_url=url_for_each("phases.item", "item_id", project_id=g.project.id),
        status_url=url_for_each("phases.set_status", "item_id", project_id=g.project.id),
        user_id=current_user.id,
        edit=can(EDIT_CHECKLIST),
        csrf=csrf_input(),
        status_options=_status_options(),
        words=RowWords(
            select=_("Select"),
            mandatory=_("Mandatory for the phase gate"),
            required=_("Required"),
            mark_open=_("Mark as open"),
            mark_done=_("Mark as done"),
            done=_("Done"),
            status=_("Status"),
            set=_("Set"),
        ),
    )


def _status_options() -> dict[str, Markup]:
    choices = [(status.value, str(status.label)) for status in ItemStatus]
    option = Markup('<option value="{}"{}>{}</option>')
    return {
        current: Markup("").join(
            option.format(code, Markup(" selected") if code == current else "", label) for code, label in choices
        )
        for current, _label in choices
    }
