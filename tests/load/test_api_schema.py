"""The OpenAPI document is the contract: schemathesis runs every check it has (server errors, documented
statuses, headers and shapes, schema-invalid requests refused, schema-valid ones accepted, undeclared
methods answered 405 with Allow, authentication enforced) through its coverage, fuzzing and stateful phases,
against gunicorn and the world's real objects, bounded in examples."""

import re
import subprocess
import sys
from pathlib import Path

from crm_rollout.auth import service as accounts
from crm_rollout.core.api import openapi
from crm_rollout.core.extensions import db

EXAMPLES = 12  # per operation and phase: bounded for CI


def _config(tmp_path, world) -> Path:
    ids = {
        "project_id": world.project_id,
        "item_id": world.item_id,
        "person_id": world.person_id,
        "meeting_id": world.meeting_id,
        "action_id": world.action_id,
        "milestone_id": world.milestone_id,
        "report_id": world.report_id,
        "number": 1,
        "gate_id": world.gate_id,
        "risk_id": world.risk_id,
        "kpi_id": world.kpi_id,
        "assessment_id": world.assessment_id,
        "process_id": world.process_id,
        "model_id": world.model_id,
        "step_id": world.second_step_id,
    }
    lines = [f"generation.max-examples = {EXAMPLES}"]
    # A schema cannot state every rule (an owner from this project's team, an end after its start): such a
    # request, valid by the schema, is refused with 422 naming the field. Every rule a schema can state
    # (types, enums, lengths, ranges, required and non-empty text) is in the document.
    accepted = '["2xx", "401", "403", "404", "409", "422", "429"]'
    lines += ["[checks.positive_data_acceptance]", f"expected-statuses = {accepted}"]
    lines += ["[parameters]"]
    lines += [f'"path.{name}" = {value}' for name, value in ids.items()]
    path = tmp_path / "schemathesis.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_schemathesis_finds_no_server_error_and_no_undocumented_response(app, world, server, tmp_path):
    with app.app_context():
        _row, token = accounts.create_api_token(accounts.find_by_login("director"), "schemathesis")
        db.session.commit()
    st = Path(sys.executable).with_name("st")
    result = subprocess.run(  # noqa: S603  (our own tool, fixed arguments)
        [
            str(st),
            "--config-file",
            str(_config(tmp_path, world)),
            "run",
            f"http://127.0.0.1:{server}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--workers",
            "1",
            "--seed",
            "20261123",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    with app.test_request_context():
        operations = sum(len(methods) for methods in openapi.document(app)["paths"].values())
    tested = re.search(r"Tested: (\d+)", result.stdout)
    assert tested and int(tested.group(1)) == operations  # every operation was exercised
