"""The search box in the header: anything in every project the reader may see, best first, paged."""

import re
from dataclasses import dataclass

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from crm_rollout.core import search
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.limits import INT_MAX
from crm_rollout.projects import service as projects

bp = Blueprint("search", __name__)

KINDS = {
    "items": _l("Checklist item"),
    "deliverables": _l("Deliverable"),
    "comments": _l("Comment"),
    "decisions": _l("Decision"),
    "actions": _l("Action"),
    "meetings": _l("Meeting"),
    "risks": _l("Risk"),
    "processes": _l("Process"),
    "steps": _l("Process step"),
    "milestones": _l("Milestone"),
    "kpis": _l("KPI"),
    "documents": _l("Document"),
}
SNIPPET = 160


def link(hit) -> str:
    """The page that shows a hit."""
    p, target = hit.project_id, hit.target_id
    pages = {
        "items": ("phases.item", {"item_id": target}),
        "comments": ("phases.item", {"item_id": target}),
        "deliverables": ("phases.deliverable", {"deliverable_id": target}),
        "decisions": ("steering.decisions", {"_anchor": f"decision-{target}"}),
        "actions": ("steering.actions", {}),
        "meetings": ("steering.meeting", {"meeting_id": target}),
        "risks": ("risks.risk", {"risk_id": target}),
        "processes": ("processes.process", {"process_id": target}),
        "steps": ("processes.step", {"step_id": target}),
        "milestones": ("milestones.milestone", {"milestone_id": target}),
        "kpis": ("scorecard.scorecard", {"_anchor": f"kpi-{target}"}),
    }
    if hit.kind == "documents":
        return url_for("api.get_attachment", document_id=target)
    endpoint, arguments = pages[hit.kind]
    return url_for(endpoint, project_id=p, **arguments)


@dataclass
class Found:
    query: str
    page: int
    hits: list
    total: int
    projects: dict  # id -> the reader's projects

    @property
    def pages(self) -> int:
        return (self.total + search.PAGE - 1) // search.PAGE


def find(args) -> Found:
    """What a request asks (`q`, `project`, `page`), answered within the projects the reader belongs to."""
    query = (args.get("q") or "").strip()[: search.QUERY_MAX]
    page = min(max(args.get("page", 1, type=int) or 1, 1), 1000)
    mine = {project.id: project for project, _role in projects.projects_of(current_user.id)}
    asked = args.get("project") or ""
    wanted = int(asked) if asked.isdigit() and int(asked) <= INT_MAX else None
    ids = [wanted] if wanted in mine else ([] if wanted else list(mine))
    hits, total = search.search(query, ids, page=page) if query else ([], 0)
    return Found(query, page, hits, total, mine)


def marked(value: str, query: str, *, around: bool = False) -> Markup:
    """The text with the query's words marked; `around`: only the part around the first match."""
    value = value or ""
    terms = search.highlight_terms(query)
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE) if terms else None
    first = pattern.search(value) if pattern else None
    if around:
        start = max(0, (first.start() if first else 0) - SNIPPET // 3)
        value = ("…" if start else "") + value[start : start + SNIPPET] + ("…" if len(value) > start + SNIPPET else "")
    if pattern is None:
        return escape(value)
    parts, last = [], 0
    for match in pattern.finditer(value):
        parts += [escape(value[last : match.start()]), Markup("<mark>%s</mark>") % match.group(0)]
        last = match.end()
    return Markup("").join([*parts, escape(value[last:])])


@bp.get("/search")
@login_required
def results():
    return render_template(
        "search/results.html",
        found=find(request.args),
        kinds=KINDS,
        link=link,
        marked=marked,
        project_filter=request.args.get("project") or "",
        PAGE_SIZE=search.PAGE,
    )
