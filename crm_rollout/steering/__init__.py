"""The steering committee: meetings, agenda, minutes, decisions, actions, reviews."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.steering import actions as committee_actions
    from crm_rollout.steering import (
        api,  # noqa: F401  (its JSON endpoints join the API)
        sheets,  # noqa: F401  (its registers as workbooks)
    )
    from crm_rollout.steering.labels import ActionStatus, AttendanceStatus, VoteChoice
    from crm_rollout.steering.reviewing import chair_permissions
    from crm_rollout.steering.views import bp

    app.register_blueprint(bp)
    registry.project_menu.append(MenuLink(140, "steering.committee", _l("Steering committee")))
    registry.my_work_rows["actions"] = committee_actions.open_action_rows_of_user
    registry.person_work["actions"] = lambda person_id: {"actions": committee_actions.actions_of_person(person_id)}
    registry.permission_extenders["chair"] = chair_permissions
    registry.template_globals |= {
        "ACTION_STATUS_LABELS": ActionStatus.labels(),
        "ATTENDANCE_LABELS": AttendanceStatus.labels(),
        "VOTE_LABELS": VoteChoice.labels(),
    }
