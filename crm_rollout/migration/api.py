"""JSON API for data migration: the objects and their loads."""

from crm_rollout.core.api.common import fields_json
from crm_rollout.core.api.docs import shape_of
from crm_rollout.core.api.parsing import from_model
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.limits import INT_MAX
from crm_rollout.core.permissions import EDIT_GOLIVE
from crm_rollout.migration import service
from crm_rollout.migration.models import MigrationLoad, MigrationObject

OBJECT_SPEC = from_model(
    MigrationObject,
    {
        "name": "str",
        "source_system": "str",
        "owner_id": "int?",
        "sequence": "int",
        "mapping_status": "str",
        "cleansing_status": "str",
        "load_rules": "str",
    },
    ranges={"sequence": (0, 9999)},
)
_COUNT = (0, INT_MAX)
LOAD_SPEC = from_model(
    MigrationLoad,
    {
        "object_id": "int",
        "kind": "str",
        "run_on": "date",
        **dict.fromkeys(service.COUNTS, "int"),
        "source_count": "int?",
        "target_count": "int?",
        "source_amount": "float?",
        "target_amount": "float?",
        "rejection_reasons": "object",
        "notes": "str",
    },
    ranges=dict.fromkeys((*service.COUNTS, "source_count", "target_count"), _COUNT),
)


def object_json(row) -> dict:
    return fields_json(row, service.OBJECT_FIELDS) | {"depends_on": [d.depends_on_id for d in row.dependencies]}


def load_json(row) -> dict:
    return fields_json(row, service.LOAD_FIELDS) | {
        "error_rate": row.error_rate,
        "reconciles": row.reconciles(service.tolerance(row.project_id)),
    }


serve(
    Collection(
        "migration_objects",
        service.OBJECTS,
        object_json,
        shape_of(OBJECT_SPEC, depends_on=["int"], id="int", version="int"),
        EDIT_GOLIVE,
        OBJECT_SPEC,
        required=("name",),
    )
)
serve(
    Collection(
        "migration_loads",
        service.LOADS,
        load_json,
        shape_of(LOAD_SPEC, error_rate="float?", reconciles="bool?", id="int", version="int"),
        EDIT_GOLIVE,
        LOAD_SPEC,
        required=("object_id", "run_on"),
    )
)
