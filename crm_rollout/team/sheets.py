"""The team and its allocation as a workbook, and back: people added or changed from the file."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.permissions import MANAGE_TEAM
from crm_rollout.core.sheets import ID, Sheet, coded, columns_of, import_of, offer
from crm_rollout.team import service
from crm_rollout.team.models import Person

PERSON_IMPORT = import_of(
    service.PEOPLE,
    MANAGE_TEAM,
    tuple(name for name in service.PERSON_FIELDS if name != "user_id"),  # an account is linked on the page only
    same_as="name",
)

offer(
    Sheet(
        "team",
        _l("Team"),
        (
            ID,
            *columns_of(Person, "name", "organisation", "is_consultancy", "department", "role_title"),
            coded(Person.audit_labels["tier"], "tier", service.tier_labels),
            coded(Person.audit_labels["position"], "position", service.position_labels),
            coded(Person.audit_labels["functional_group"], "functional_group", service.group_labels),
            *columns_of(Person, "leads_group", "sits_on_steering"),
            *columns_of(Person, "allocation_percent", "allocation_start", "allocation_end", "contact"),
        ),
        lambda project_id, _phase: service.people(project_id),
        importer=PERSON_IMPORT,
        page="team.team",
    )
)
