"""The nine phases: checklists, deliverables, comments and the phase navigation."""


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.phases import (
        api,  # noqa: F401  (its JSON endpoints join the API)
        changing,
        deliverable_views,  # noqa: F401  (its routes join the phases blueprint)
        method_views,  # noqa: F401  (its routes join the phases blueprint)
        rows,
        service,
        sheets,  # noqa: F401  (its registers as workbooks)
    )
    from crm_rollout.phases.labels import DeliverableStatus, ItemStatus, PhaseStatus
    from crm_rollout.phases.views import bp

    app.register_blueprint(bp)
    registry.project_created["phases"] = service.copy_template
    registry.member_removed["checklist owners"] = changing.unassign_owner
    registry.member_added["checklist owners"] = changing.take_role_items
    registry.my_work_rows["checklist"] = service.owned_open_rows
    registry.person_work["checklist"] = lambda person_id: {
        "items": service.items_of_person(person_id),
        "deliverables": service.deliverables_of_person(person_id),
    }
    registry.project_page_context["phase_summaries"] = lambda project_id: {
        "phase_summaries": service.summaries(project_id)
    }
    registry.template_globals |= {
        "PHASE_STATUS_LABELS": PhaseStatus.labels(),
        "ITEM_STATUS_LABELS": ItemStatus.labels(),
        "DELIVERABLE_STATUS_LABELS": DeliverableStatus.labels(),
        "editable_item_fields": service.editable_item_fields,
        "checklist_row": rows.row_context,
    }
