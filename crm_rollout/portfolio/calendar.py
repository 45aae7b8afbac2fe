"""Each person's private calendar feed: the milestones and committee meetings of their projects, and the
checklist items and actions they own that have a due date."""

from flask import Blueprint, abort, url_for

from crm_rollout.core.calendar import Entry, document, response
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import localized
from crm_rollout.core.web import base_url
from crm_rollout.milestones import service as milestones
from crm_rollout.notifications import service as notifications
from crm_rollout.notifications.mail import in_locale_of
from crm_rollout.phases import service as phases
from crm_rollout.projects import service as projects
from crm_rollout.steering import actions as steering_actions
from crm_rollout.steering import invitations
from crm_rollout.steering import service as steering

bp = Blueprint("calendar", __name__)


@bp.get("/calendar/<token>.ics")
def feed(token: str):
    """No sign-in: the secret address is the key (a calendar program cannot sign in)."""
    user = notifications.user_of_calendar(token) or abort(404)
    with in_locale_of(user):
        body = document(_("CRM Rollout: %(name)s", name=user.display_name), entries_for(user.id), host=base_url())
    return response(body, "crm-rollout.ics")


def entries_for(user_id: int) -> list[Entry]:
    """What the user's calendar shows, in a fixed number of queries whatever the number of projects."""
    names = {project.id: project.name for project, _role in projects.projects_of(user_id)}
    ids = list(names)
    entries = [_milestone(m, names) for m in milestones.milestones_of_projects(ids)]
    entries += [invitations.meeting_entry(m, names[m.project_id]) for m in steering.meetings_of_projects(ids)]
    entries += [_item(i, names) for i in phases.items_owned_by(user_id, ids) if i.due_date is not None]
    actions = steering_actions.open_actions_of_user(user_id, ids)
    entries += [_action(a, names) for a in actions if a.due_date is not None]
    return entries


def _milestone(milestone, names: dict) -> Entry:
    url = url_for("milestones.milestones", project_id=milestone.project_id, _external=True)
    day = milestone.actual_date or milestone.forecast_date or milestone.baseline_date
    return Entry(
        "milestones",
        milestone.id,
        _("Milestone: %(name)s", name=milestone.name) + f" · {names[milestone.project_id]}",
        day,
        description=_("Baseline %(date)s", date=milestone.baseline_date.isoformat()) + "\n" + url,
        url=url,
        changed=milestone.updated_at,
    )


def _item(item, names: dict) -> Entry:
    url = url_for("phases.item", project_id=item.project_id, item_id=item.id, _external=True)
    return Entry(
        "checklist_items",
        item.id,
        _("Due: %(title)s", title=localized(item, "title")) + f" · {names[item.project_id]}",
        item.due_date,
        description=url,
        url=url,
        changed=item.updated_at,
    )


def _action(action, names: dict) -> Entry:
    url = url_for("steering.actions", project_id=action.project_id, _external=True)
    return Entry(
        "actions",
        action.id,
        _("Action due: %(title)s", title=action.title) + f" · {names[action.project_id]}",
        action.due_date,
        description=url,
        url=url,
        changed=action.updated_at,
    )
