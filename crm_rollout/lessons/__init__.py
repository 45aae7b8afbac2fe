"""Lessons learned: what happened, what the team learned from it, and what to do next time."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.lessons import (
        api,  # noqa: F401  (its JSON endpoints join the API)
        sheets,  # noqa: F401  (its register as a workbook)
    )
    from crm_rollout.lessons.labels import LessonCategory
    from crm_rollout.lessons.service import carried_to_wave
    from crm_rollout.lessons.views import bp, kickoff_panel

    app.register_blueprint(bp)
    registry.project_menu.append(MenuLink(120, "lessons.lessons", _l("Lessons learned")))
    registry.wave_carried["lessons"] = carried_to_wave
    registry.phase_panels["lessons"] = kickoff_panel
    registry.template_globals |= {"LESSON_CATEGORY_LABELS": LessonCategory.labels()}
