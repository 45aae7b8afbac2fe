"""Go/no-go: the go-live criteria read from the project's own evidence, confirmed or waived, frozen into a
hashed pack the steering committee decides on."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.golive import api  # noqa: F401  (its JSON endpoints join the API)
    from crm_rollout.golive.evaluation import evaluation_panel
    from crm_rollout.golive.labels import Outcome
    from crm_rollout.golive.views import bp

    app.register_blueprint(bp)
    registry.project_menu.append(MenuLink(100, "golive.criteria", _l("Go / no-go")))
    registry.phase_panels["golive"] = evaluation_panel
    registry.template_globals |= {"GO_OUTCOME_LABELS": Outcome.labels()}
