"""The business blueprint (named processes so that "blueprint" keeps its Flask meaning)."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.processes import (
        api,  # noqa: F401  (its JSON endpoints join the API)
        approvals,
        model_files,  # noqa: F401  (its routes join the blueprint's)
        sheets,  # noqa: F401  (its registers as workbooks)
    )
    from crm_rollout.processes.labels import (
        AREA_LABELS,
        BPMN_PART_LABELS,
        CRITERION_HINTS,
        CRITERION_LABELS,
        ELEMENT_LABELS,
        CauseCategory,
        ModelKind,
        StepKind,
        TestResult,
        Trigger,
        working_time,
    )
    from crm_rollout.processes.views import bp
    from crm_rollout.processes.waves import carried_to_wave

    app.register_blueprint(bp)
    registry.project_menu.append(MenuLink(30, "processes.catalogue", _l("Business blueprint")))
    registry.wave_carried["processes"] = carried_to_wave
    registry.my_work_rows["approvals"] = approvals.rows_to_approve
    registry.template_filters["working_time"] = working_time
    registry.template_globals |= {
        "AREA_LABELS": AREA_LABELS,
        "CRITERION_LABELS": CRITERION_LABELS,
        "CRITERION_HINTS": CRITERION_HINTS,
        "MODEL_KIND_LABELS": ModelKind.labels(),
        "CAUSE_LABELS": CauseCategory.labels(),
        "ELEMENT_LABELS": ELEMENT_LABELS,
        "TEST_RESULT_LABELS": TestResult.labels(),
        "STEP_KIND_LABELS": StepKind.labels(),
        "TRIGGER_LABELS": Trigger.labels(),
        "BPMN_PART_LABELS": BPMN_PART_LABELS,
    }
