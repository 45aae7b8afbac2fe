"""The team and its allocation as a workbook."""

from flask_babel import lazy_gettext as _l

from crm_rollout.core.sheets import Column, Sheet, columns_of, offer
from crm_rollout.team import service
from crm_rollout.team.models import Person

offer(
    Sheet(
        "team",
        _l("Team"),
        (
            Column("ID", lambda p: p.id),
            *columns_of(Person, "name", "organisation", "is_consultancy", "department", "role_title"),
            Column(Person.audit_labels["tier"], lambda p: service.tier_labels().get(p.tier, p.tier)),
            Column(Person.audit_labels["functional_group"], lambda p: service.group_labels().get(p.functional_group)),
            *columns_of(Person, "leads_group", "sits_on_steering"),
            *columns_of(Person, "allocation_percent", "allocation_start", "allocation_end", "contact"),
        ),
        lambda project_id, _phase: service.people(project_id),
    )
)
