"""What a programme's next wave takes over from the blueprint: the to-be processes, not their approval."""

from sqlalchemy import select

from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.processes.labels import ModelKind
from crm_rollout.processes.models import ELEMENTS, Process, ProcessModel
from crm_rollout.processes.service import copy_steps, current, drawn, latest_approved, models_of

# The process as the catalogue describes it; the scores, the owner and the fishbone are the earlier wave's.
DESCRIPTION = ("name", "area", "description", "touchpoints")


def carried_to_wave(source, target) -> int:
    """Each blueprint process of the earlier wave, with its latest approved to-be (or the latest draft) as
    the first to-be revision of the new wave, still to be approved there; the as-is starts empty."""
    catalogue = db.session.scalars(
        select(Process).where(Process.project_id == source.id, Process.in_blueprint.is_(True)).order_by(Process.id)
    ).all()
    for process in catalogue:
        models = models_of(process.id)
        to_be = latest_approved(models) or current(models, ModelKind.TO_BE)
        copy = Process(project_id=target.id, in_blueprint=True, **{n: getattr(process, n) for n in DESCRIPTION})
        db.session.add(copy)
        db.session.flush()
        db.session.add(ProcessModel(project_id=target.id, process_id=copy.id, kind=ModelKind.AS_IS))
        model = ProcessModel(project_id=target.id, process_id=copy.id, kind=ModelKind.TO_BE)
        if to_be is not None:
            model.change_note = _("Carried from %(wave)s, revision %(n)d.", wave=source.name, n=to_be.revision)
            model.explicit_routes, model.diagram = to_be.explicit_routes, to_be.diagram
            for element in ELEMENTS:
                setattr(model, f"change_{element}", getattr(to_be, f"change_{element}"))
        db.session.add(model)
        db.session.flush()
        if to_be is not None:
            copy_steps(drawn([to_be])[0], model)
    return len(catalogue)
