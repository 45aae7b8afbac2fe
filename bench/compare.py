"""Comparing two exports of a project row for row, whatever ids each database gave (the benchmark's round
trip and the backup tests use it)."""

from crm_rollout.core.extensions import db


def _references(table_name: str) -> dict[str, str]:
    """column -> the table it points into, read from the schema (plus the plain-id reference)."""
    table = db.metadata.tables[table_name]
    found = {c.name: next(iter(c.foreign_keys)).column.table.name for c in table.c if c.foreign_keys}
    if "project_id" in table.c:
        found["project_id"] = "projects"
    if table_name == "process_models":
        found["prototype_test_id"] = "prototype_tests"
    return found


def canonical(document: dict) -> dict:
    """The export with every id replaced by the row's place in its table, and accounts by username."""
    place = {
        name: {row[t["columns"].index("id")]: n for n, row in enumerate(t["rows"])}
        for name, t in document["tables"].items()
        if "id" in t["columns"]
    }
    usernames = {u["id"]: u["username"] for u in document["users"]}

    def ref(target, value):
        if value is None:
            return None
        return usernames[value] if target == "users" else ("row", place[target][value])

    result = {}
    for name, table in document["tables"].items():
        refs = _references(name)
        rows = []
        for raw in table["rows"]:
            row = dict(zip(table["columns"], raw, strict=True))
            clean = {}
            for column, value in row.items():
                if column == "id":
                    value = place[name][value]
                elif column in refs:
                    value = ref(refs[column], value)
                clean[column] = value
            clean.pop("uid", None)  # a copy gets its own
            if name == "audit_entries":
                clean["entity_id"] = place.get(row["entity_type"], {}).get(row["entity_id"], 0)
                target = (
                    _references(row["entity_type"]).get(row["field"])
                    if row["entity_type"] in db.metadata.tables
                    else None
                )
                for key in ("old_value", "new_value"):
                    if (
                        target
                        and row[key]
                        and row[key].isdigit()
                        and int(row[key]) in (usernames if target == "users" else place.get(target, {}))
                    ):
                        clean[key] = ref(target, int(row[key]))
            rows.append(clean)
        result[name] = rows
    return {
        "tables": result,
        "users": sorted((u["username"], u["email"]) for u in document["users"]),
    }
