"""JSON API: the programmes of the signed-in user, each with the waves they are a member of, and one
programme rolled up."""

from flask import jsonify
from flask_login import current_user, login_required

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import iso
from crm_rollout.core.api.docs import returns
from crm_rollout.programmes import rollup, service

WAVE_OUT = {
    "number": "int",
    "project_id": "int",
    "name": "str",
    "scope": "str",
    "started_from_project_id": "int?",
    "role": "str",
}
PROGRAMME_OUT = {"id": "int", "name": "str", "company": "str", "vision": "str", "waves": [WAVE_OUT], "version": "int"}
ROLLUP_OUT = PROGRAMME_OUT | {
    "phases": [{"project_id": "int", "current_phase": "int?", "progress": "int?", "target_golive_date": "date?"}],
    "milestones": [{"project_id": "int", "id": "int", "name": "str", "baseline_date": "date", "expected_date": "date"}],
    "risks": [{"project_id": "int", "id": "int", "title": "str", "score": "int", "status": "str"}],
    "readiness": [{"project_id": "int", "questionnaire": "str", "overall": "float?", "held_on": "date"}],
    "kpis": [
        {
            "name": "str",
            "unit": "str",
            "summable": "bool",
            "waves": [
                {"project_id": "int", "baseline": "float", "target": "float", "latest": "float?", "status": "str"}
            ],
            "total_latest": "float?",
        }
    ],
    "shared_people": [{"name": "str", "peak_percent": "int", "over_allocated": "bool", "project_ids": ["int"]}],
}


def _programme_json(programme, rows) -> dict:
    return {
        "id": programme.id,
        "name": programme.name,
        "company": programme.company,
        "vision": programme.vision,
        "waves": [
            {
                "number": wave.number,
                "project_id": wave.project_id,
                "name": wave.project.name,
                "scope": wave.scope,
                # An earlier wave the caller is not a member of stays unnamed.
                "started_from_project_id": wave.started_from_id
                if wave.started_from_id in {w.project_id for w, _r in rows}
                else None,
                "role": role,
            }
            for wave, role in rows
        ],
        "version": programme.version,
    }


@bp.get("/programmes")
@returns([PROGRAMME_OUT])
@login_required
def list_programmes():
    grouped = service.visible_by_programme(current_user.id)
    return jsonify([_programme_json(programme, rows) for programme, rows in grouped.items()])


@bp.get("/programmes/<int:programme_id>")
@returns(ROLLUP_OUT)
@login_required
def get_programme(programme_id: int):
    seen = service.programme_for(current_user.id, programme_id)
    rows = [(wave, seen.roles[wave.project_id]) for wave in seen.waves]
    return jsonify(_programme_json(seen.programme, rows) | _rollup_json(rollup.rollup(seen.waves)))


def _rollup_json(rolled) -> dict:
    return {
        "phases": [
            {
                "project_id": line.project.id,
                "current_phase": line.current.number if line.current else None,
                "progress": line.overall,
                "target_golive_date": iso(line.project.target_golive_date),
            }
            for line in rolled.waves
        ],
        "milestones": [
            {
                "project_id": m.project_id,
                "id": m.id,
                "name": m.name,
                "baseline_date": iso(m.baseline_date),
                "expected_date": iso(m.expected_date),
            }
            for found in rolled.milestones.values()
            for m in found
        ],
        "risks": [
            {"project_id": r.project_id, "id": r.id, "title": r.title, "score": r.score, "status": r.status}
            for r in rolled.risks
        ],
        "readiness": [
            {"project_id": pid, "questionnaire": key, "overall": overall, "held_on": iso(assessment.held_on)}
            for pid, runs in rolled.readiness.items()
            for key, (assessment, overall) in runs.items()
        ],
        "kpis": [
            {
                "name": k.name,
                "unit": k.unit,
                "summable": k.summable,
                "waves": [
                    {
                        "project_id": pid,
                        "baseline": kpi.baseline,
                        "target": kpi.target,
                        "latest": state.latest,
                        "status": state.status,
                    }
                    for pid, (kpi, state) in k.by_wave.items()
                ],
                "total_latest": k.latest_total,
            }
            for k in rolled.kpis
        ],
        "shared_people": [
            {
                "name": s.name,
                "peak_percent": s.peak,
                "over_allocated": s.overloaded,
                "project_ids": sorted({p.project_id for p in s.rows}),
            }
            for s in rolled.shared_people
        ],
    }
