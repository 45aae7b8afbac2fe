"""The process catalogue with its selection scores as a workbook, best candidates first."""

from flask import g

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.sheets import ID, Column, Sheet, columns_of, offer, reference
from crm_rollout.processes import service
from crm_rollout.processes.models import Process


def _of_process(*columns: Column) -> tuple[Column, ...]:
    """The process's own columns, read from a ranked row."""
    return tuple(Column(c.header, lambda ranked, c=c: c.value(ranked.process)) for c in columns)


offer(
    Sheet(
        "processes",
        _l("Process catalogue"),
        (
            Column(_l("Rank"), lambda ranked: ranked.rank),
            *_of_process(
                ID,
                *columns_of(Process, "name", "area"),
                reference(Process, "owner_id"),
                *columns_of(Process, "importance", "performance_gap", "feasibility"),
            ),
            Column(_l("Weighted score"), lambda ranked: ranked.score),
            *_of_process(*columns_of(Process, "in_blueprint")),
        ),
        lambda project_id, _phase: service.ranking(g.project, service.processes(project_id)),
    )
)
