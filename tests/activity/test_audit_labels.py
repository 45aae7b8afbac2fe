"""Every audited model and field has a readable label in both languages, declared beside the model."""

import re

from flask_babel import force_locale

from crm_rollout.core import audit_labels as vocabulary
from crm_rollout.core.vocabulary import coded_fields

CJK = re.compile(r"[\u4e00-\u9fff]")


def _problems(app, locale: str, readable) -> list[str]:
    problems = []
    with app.test_request_context(), force_locale(locale):
        for table, model in sorted(vocabulary.audited_models().items()):
            labels = getattr(model, "audit_labels", {})
            if not readable(str(model.audit_entity)):
                problems.append(f"{table}: entity label {model.audit_entity!s}")
            for field in labels:
                if field not in model.__table__.c:
                    problems.append(f"{table}.{field}: labelled, but not a column to trace")
                elif not readable(str(labels[field])):
                    problems.append(f"{table}.{field}: {labels[field]!s}")
            for field, values in coded_fields(model).items():
                problems += [f"{table}.{field}={k}: {v!s}" for k, v in values.items() if not readable(str(v))]
    return problems


def test_every_audited_field_has_an_english_label(app):
    assert _problems(app, "en", lambda text: bool(text.strip()) and "_" not in text) == []


def test_every_audited_field_has_a_chinese_label(app):
    assert _problems(app, "zh", lambda text: bool(CJK.search(text))) == []


def test_the_activity_page_names_fields_and_values_in_chinese(app, login_as, world):
    client = login_as("director")
    client.patch(f"/api/v1/risks/{world.risk_id}", json={"status": "open", "version": 1})
    html = client.get(f"/projects/{world.project_id}/activity", headers={"Accept-Language": "zh"}).get_data(
        as_text=True
    )
    assert "owner_id" not in html and "_id" not in re.sub(r"<[^>]+>", "", html)
