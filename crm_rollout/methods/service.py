"""The method library. Services flush; views commit.

Everyone signed in reads the library; a site administrator or anyone who directs a project edits it. A
method changes only through a draft: the draft is edited in place (with the row version, so two editors
never overwrite each other) and publishing freezes it as the next numbered version.
"""

import copy
import re
import tomllib

import tomli_w
from flask import abort
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from crm_rollout.core.db import utcnow
from crm_rollout.core.editing import check_version
from crm_rollout.core.errors import ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import localized
from crm_rollout.core.permissions import Role
from crm_rollout.methodology import built_in_methods
from crm_rollout.methods import content as contents
from crm_rollout.methods.models import Method, MethodVersion
from crm_rollout.projects.models import Membership


def may_manage(user) -> bool:
    """A site administrator, or anyone who directs a project."""
    if user.is_admin:
        return True
    directs = select(Membership.id).where(Membership.user_id == user.id, Membership.role == Role.DIRECTOR).limit(1)
    return db.session.scalar(directs) is not None


DEFAULT_KEY = "nine_phase"  # what a new project is created from unless the director chooses another
MAX_FILE = 512 * 1024
PHASE_FIELDS = ("name_zh", "name_en", *contents.TEXTS, "typical_weeks")


def ensure_built_ins() -> None:
    """The methods the app ships with, each published as version 1 the first time the library is read.

    A seed, committed at once (the only commit in a service): a new project names the version by its id,
    so the id a page offers must still be there when the form comes back, on every app server.
    """
    known = set(db.session.scalars(select(Method.key)))
    added = False
    for data in built_in_methods():
        if data["key"] in known:
            continue
        try:
            with db.session.begin_nested():
                method = _method_from(data, built_in=True)
                method.versions.append(
                    MethodVersion(
                        number=1,
                        content=contents.clean(data),
                        note=f"内置 · Built in ({data['version']})",  # stored once, read in both languages
                        published_at=utcnow(),
                    )
                )
                db.session.flush()
            added = True
        except IntegrityError:  # another request seeded it at the same moment
            continue
    if added:
        db.session.commit()


def _method_from(data: dict, *, built_in: bool, key: str | None = None) -> Method:
    method = Method(
        key=key or data["key"],
        built_in=built_in,
        **{name: str(data.get(name, ""))[:200] for name in ("name_zh", "name_en")},
        **{name: str(data.get(name, "")) for name in ("description_zh", "description_en")},
    )
    db.session.add(method)
    return method


def methods() -> list[Method]:
    ensure_built_ins()
    return list(
        db.session.scalars(
            select(Method).options(selectinload(Method.versions)).order_by(Method.built_in.desc(), Method.id)
        )
    )


def get_method(method_id: int) -> Method:
    method = db.session.get(Method, method_id, options=[selectinload(Method.versions)])
    if method is None:
        abort(404)
    return method


def get_version(method_id: int, version_id: int) -> MethodVersion:
    version = db.session.get(MethodVersion, version_id)
    if version is None or version.method_id != method_id:
        abort(404)
    return version


def latest(method: Method) -> MethodVersion | None:
    return max((v for v in method.versions if not v.is_draft), key=lambda v: v.number, default=None)


def draft(method: Method) -> MethodVersion | None:
    return next((v for v in method.versions if v.is_draft), None)


def choices() -> list[tuple[int, str]]:
    """The latest published version of each method, for the new-project form (the full method first)."""
    return [
        (version.id, _("%(method)s, version %(n)d", method=localized(method, "name"), n=version.number))
        for method in methods()
        if (version := latest(method)) is not None
    ]


def default_method_id() -> int:
    ensure_built_ins()
    return db.session.scalar(select(Method.id).where(Method.key == DEFAULT_KEY))


def default_version_id() -> int | None:
    ensure_built_ins()
    method = db.session.scalar(select(Method).where(Method.key == DEFAULT_KEY))
    version = latest(method) if method else None
    return version.id if version else None


def published(version_id: int | None) -> MethodVersion:
    """A published version a project may be created from."""
    version = db.session.get(MethodVersion, version_id) if isinstance(version_id, int) else None
    if version is None or version.is_draft:
        raise ValidationFailed({"method_version_id": _("Choose a published method.")})
    return version


def template_of(version: MethodVersion) -> dict:
    """What projects.create_project copies: the content, with the version a project records."""
    return contents.clean(version.content) | {"version": f"{version.method.key} v{version.number}"}


def starter_kpis(project) -> list[dict]:
    """The indicators the project's method proposes (the full method's for a project made before the
    library), numbered by their place in the method."""
    version = project.method_version
    proposed = contents.clean(version.content)["kpis"] if version else contents.clean({"phases": []})["kpis"]
    return [kpi | {"position": n} for n, kpi in enumerate(proposed)]


# --- Drafts -----------------------------------------------------------------------------


def start_draft(method: Method) -> MethodVersion:
    """The method's draft, started from its latest published version when there is none yet."""
    existing = draft(method)
    if existing is not None:
        return existing
    source = latest(method)
    version = MethodVersion(method_id=method.id, content=copy.deepcopy(source.content) if source else {"phases": []})
    db.session.add(version)
    db.session.flush()
    return version


def editable_copy(version: MethodVersion, expected_version: int | None) -> dict:
    """A copy of the draft's content to change, once the draft is one and the editor read its version."""
    if not version.is_draft:
        raise ValidationFailed({"version": _("A published version stays as it is; start a draft to change it.")})
    check_version(version, expected_version)
    return copy.deepcopy(version.content)


def save_content(version: MethodVersion, content: dict) -> None:
    version.content = content  # a new object, so the change is seen and audited
    db.session.flush()


def update_phase(version: MethodVersion, number: int, *, expected_version: int | None, values: dict) -> None:
    """A phase's names, objective and weeks, and its items and deliverables as the editor's lines."""
    content = editable_copy(version, expected_version)
    phase = _phase(content, number)
    items, item_problems = contents.parse_lines(values.get("items", ""), marks_mandatory=True)
    deliverables, deliverable_problems = contents.parse_lines(values.get("deliverables", ""), marks_mandatory=False)
    phase.update({name: values[name] for name in PHASE_FIELDS if name in values})
    phase["items"], phase["deliverables"] = items, deliverables
    errors = {}
    if item_problems:
        errors["items"] = " ".join(item_problems)
    if deliverable_problems:
        errors["deliverables"] = " ".join(deliverable_problems)
    if not errors and (found := contents.problems(content)):
        errors["name_zh"] = " ".join(found)
    raise_if_errors(errors)
    save_content(version, content)


def add_phase(version: MethodVersion, *, expected_version: int | None) -> int:
    """A new phase at the end, named for the editor to rename; returns its number."""
    content = editable_copy(version, expected_version)
    if len(content["phases"]) >= contents.MAX_PHASES:
        raise ValidationFailed({"phases": _("A method has from 1 to %(n)d phases.", n=contents.MAX_PHASES)})
    keys = {p["key"] for p in content["phases"]}
    number = len(content["phases"]) + 1
    key = next(f"phase_{n}" for n in range(number, number + contents.MAX_PHASES + 1) if f"phase_{n}" not in keys)
    content["phases"].append(
        {"key": key, "name_zh": f"新阶段 {number}", "name_en": f"New phase {number}", "objective_zh": "",
         "objective_en": "", "typical_weeks": 4, "items": [], "deliverables": []}
    )  # fmt: skip
    save_content(version, content)
    return number


def move_phase(version: MethodVersion, number: int, *, by: int, expected_version: int | None) -> None:
    content = editable_copy(version, expected_version)
    _phase(content, number)
    target = number - 1 + by
    if not 0 <= target < len(content["phases"]):
        raise ValidationFailed({"phases": _("This phase cannot move further.")})
    phases = content["phases"]
    phases.insert(target, phases.pop(number - 1))
    save_content(version, content)


def remove_phase(version: MethodVersion, number: int, *, expected_version: int | None) -> None:
    content = editable_copy(version, expected_version)
    _phase(content, number)
    if len(content["phases"]) == 1:
        raise ValidationFailed({"phases": _("A method has from 1 to %(n)d phases.", n=contents.MAX_PHASES)})
    del content["phases"][number - 1]
    save_content(version, content)


def _phase(content: dict, number: int) -> dict:
    if not 1 <= number <= len(content["phases"]):
        abort(404)
    return content["phases"][number - 1]


def update_rules(
    version: MethodVersion, *, expected_version: int | None, team_rules: dict, weights: dict, thresholds: dict
) -> None:
    """The team health thresholds, the readiness questionnaires' dimension weights and the overall scores
    gates expect of them."""
    content = editable_copy(version, expected_version) | {
        "team_rules": team_rules,
        "readiness_weights": weights,
        "readiness_thresholds": thresholds,
    }
    found = contents.problems(content)
    if found:
        raise ValidationFailed({"rules": " ".join(found)})
    save_content(version, contents.clean(content))


def publish(version: MethodVersion, *, expected_version: int | None, user_id: int, note: str) -> None:
    """The draft becomes the method's next version; projects created from it keep their own copy."""
    editable_copy(version, expected_version)
    found = contents.problems(version.content)
    if found:
        raise ValidationFailed({"note": " ".join(found)})
    if not (note or "").strip() or len(note) > 2000:
        raise ValidationFailed({"note": _("Say in a sentence what changed (under %(n)d characters).", n=2000)})
    last = db.session.scalar(select(func.max(MethodVersion.number)).where(MethodVersion.method_id == version.method_id))
    version.number = (last or 0) + 1
    version.note, version.published_at, version.published_by_id = note.strip(), utcnow(), user_id
    db.session.flush()


def discard(version: MethodVersion, *, expected_version: int | None) -> None:
    editable_copy(version, expected_version)
    db.session.delete(version)
    db.session.flush()


# --- Files ------------------------------------------------------------------------------


def to_toml(version: MethodVersion) -> str:
    method = version.method
    head = {name: getattr(method, name) for name in ("key", "name_zh", "name_en", "description_zh", "description_en")}
    return tomli_w.dumps({"version": f"{method.key} v{version.number}"} | head | contents.clean(version.content))


def import_file(data: bytes) -> Method:
    """A method shared as a TOML file becomes a new method of the library, as a draft to check and publish."""
    if len(data) > MAX_FILE:
        raise ValidationFailed({"file": _("The file is larger than %(n)d KB.", n=MAX_FILE // 1024)})
    try:
        parsed = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ValidationFailed(
            {"file": _("This is not a TOML file this app can read: %(why)s", why=str(error)[:200])}
        ) from None
    found = contents.problems(parsed)
    if not all(isinstance(parsed.get(n), str) and parsed[n].strip() for n in ("name_zh", "name_en")):
        found.insert(0, _("Name the method in both languages (name_zh, name_en)."))
    if found:
        raise ValidationFailed({"file": " ".join(found[:10])})
    method = _method_from(parsed, built_in=False, key=_free_key(str(parsed.get("key", ""))))
    db.session.flush()
    db.session.add(MethodVersion(method_id=method.id, content=contents.clean(parsed)))
    db.session.flush()
    return method


def _free_key(wanted: str) -> str:
    base = re.sub(r"[^a-z0-9_]", "_", wanted.lower())[:30].strip("_") or "method"
    base = base if base[0].isalpha() else f"m_{base}"
    taken = set(db.session.scalars(select(Method.key).where(Method.key.like(f"{base}%"))))
    return next(k for k in (base, *(f"{base}_{n}" for n in range(2, 1000))) if k not in taken)
