"""The method's lists edited as lines of "|"-separated parts: the risk catalogue, the KPI starter set and
each questionnaire's items. Each list is read into lines for the editor and written back whole, once every
line reads and the method stays sound."""

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.i18n import gettext as _
from crm_rollout.methods import content as contents
from crm_rollout.methods.models import MethodVersion
from crm_rollout.methods.service import editable_copy, save_content


def _parsed(text: str, *, shape: str, fewest: int, most: int) -> tuple[list[list[str]], list[str]]:
    """An editor's lines as their "|"-separated parts, and the lines that do not have the shape."""
    rows, problems = [], []
    lines = [line for line in (text or "").splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        parts = [part.strip() for part in line.split("|")]
        if fewest <= len(parts) <= most:
            rows.append(parts)
        else:
            problems.append(_("Line %(n)d: %(shape)s", n=number, shape=shape))
    return rows, problems


def _save_lines(version: MethodVersion, content: dict, problems: list[str]) -> None:
    """The draft with one of its lists replaced, once every line reads and the whole method is sound."""
    problems = problems or contents.problems(content)
    if problems:
        raise ValidationFailed({"lines": " ".join(problems)})
    save_content(version, content)


RISK_SHAPE = "key | category | 中文 | English | 应对 | Mitigation"
KPI_SHAPE = "中文 | English | unit | lagging/leading | efficiency/broad | higher/lower"
QUESTION_SHAPE = "key | dimension | 中文 | English"


def update_risks(version: MethodVersion, *, expected_version: int | None, text: str) -> None:
    """The risk catalogue from the editor's lines. A risk keeps its cause (and, when the line leaves them
    out, its mitigation) by its key."""
    content = editable_copy(version, expected_version)
    before = {risk["key"]: risk for risk in contents.clean(content)["risks"]}
    rows, problems = _parsed(text, shape=RISK_SHAPE, fewest=4, most=6)
    content["risks"] = []
    for key, category, title_zh, title_en, *mitigation in rows:
        old = before.get(key, {})
        mitigation_zh, mitigation_en = [*mitigation, "", ""][:2]
        content["risks"].append(
            {"key": key, "category": category, "title_zh": title_zh, "title_en": title_en}
            | {"cause_zh": old.get("cause_zh", ""), "cause_en": old.get("cause_en", "")}
            | {
                "mitigation_zh": mitigation_zh or old.get("mitigation_zh", ""),
                "mitigation_en": mitigation_en or old.get("mitigation_en", ""),
            }
        )
    _save_lines(version, content, problems)


def update_kpis(version: MethodVersion, *, expected_version: int | None, text: str) -> None:
    """The KPI starter set from the editor's lines."""
    content = editable_copy(version, expected_version)
    rows, problems = _parsed(text, shape=KPI_SHAPE, fewest=6, most=6)
    content["kpis"] = [dict(zip(("name_zh", "name_en", "unit", *contents.KPI_CODES), row, strict=True)) for row in rows]
    _save_lines(version, content, problems)


def update_questions(version: MethodVersion, key: str, *, expected_version: int | None, text: str) -> None:
    """One questionnaire's items from the editor's lines. An item keeps its guidance by its key; a line
    without a key ("| dimension | 中文 | English") gets a new one."""
    content = editable_copy(version, expected_version)
    current = contents.clean(content)["questionnaire_items"]
    before = {item["key"]: item for item in current[key]}
    rows, problems = _parsed(text, shape=QUESTION_SHAPE, fewest=4, most=4)
    items = []
    for item_key, dimension, text_zh, text_en in rows:
        item_key = item_key or next(f"item_{n}" for n in range(1, 1000) if f"item_{n}" not in before)
        old = before.setdefault(item_key, {})
        items.append(
            {"key": item_key, "dimension": dimension, "text_zh": text_zh, "text_en": text_en}
            | {"guidance_zh": old.get("guidance_zh", ""), "guidance_en": old.get("guidance_en", "")}
        )
    content["questionnaire_items"] = current | {key: items}
    _save_lines(version, content, problems)


def question_lines(version: MethodVersion, key: str) -> str:
    return "\n".join(
        " | ".join((i["key"], i["dimension"], i["text_zh"], i["text_en"]))
        for i in contents.clean(version.content)["questionnaire_items"][key]
    )


def kpi_lines(version: MethodVersion) -> str:
    return "\n".join(
        " | ".join(k[name] for name in ("name_zh", "name_en", "unit", *contents.KPI_CODES))
        for k in contents.clean(version.content)["kpis"]
    )


def risk_lines(version: MethodVersion) -> str:
    return "\n".join(
        " | ".join((r["key"], r["category"], r["title_zh"], r["title_en"], r["mitigation_zh"], r["mitigation_en"]))
        for r in contents.clean(version.content)["risks"]
    )
