"""The routes of the registers' workbooks: the export on the page and in the API, and the import with its
preview (the page keeps the previewed file until its uploader confirms it; the API previews with
`?dry_run=1`). Each register's import route declares the permission its domain names."""

from flask import Blueprint, Response, abort, flash, g, jsonify, redirect, request, url_for
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired

from crm_rollout.core import sheet_imports
from crm_rollout.core.api.blueprint import bp as api_bp
from crm_rollout.core.api.docs import query, returns, returns_file, uploads
from crm_rollout.core.errors import json_error
from crm_rollout.core.extensions import db
from crm_rollout.core.forms import Form
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.permissions import VIEW, project_access
from crm_rollout.core.sheets import SHEETS, Sheet, workbook
from crm_rollout.core.web import render_project

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORT_OUT = {
    "applied": "bool",
    "counts": {"added": "int", "changed": "int", "unchanged": "int", "refused": "int"},
    "ignored_columns": ["str"],
    "lines": [
        {"line": "int", "action": "str", "id": "int?", "changes": "object", "reasons": ["str"], "warnings": ["str"]}
    ],
}

bp = Blueprint("sheets", __name__, url_prefix="/projects/<int:project_id>")


class ImportForm(Form):
    file = FileField(
        _l("Excel workbook (.xlsx) or CSV file"),
        validators=[FileRequired(_l("Choose a file."))],
        description=_l("Up to 3 MB. Headers in Chinese or English; dates as 2026-11-30 or as Excel dates."),
        render_kw={"accept": ".xlsx,.csv"},
    )


def serve(sheet: Sheet) -> None:
    name = sheet.key.replace("-", "_")
    rows = f"/projects/<int:project_id>/{sheet.key}"
    export = returns_file({XLSX})(lambda project_id: _workbook(sheet, project_id))
    _add(api_bp, f"{rows}/export.xlsx", f"export_{name}_xlsx", ["GET"], VIEW, export, "The register as XLSX.")
    if sheet.importer is None:
        return
    permission = sheet.importer.permission
    take = query(dry_run="bool")(
        uploads(returns(REPORT_OUT, status=200)(lambda project_id: _api_import(sheet, project_id)))
    )
    doc = "Write the register from an XLSX or CSV file; with dry_run=1, only say what it would do."
    _add(api_bp, f"{rows}/import", f"import_{name}", ["POST"], permission, take, doc)
    _add(
        bp,
        f"/{sheet.key}/import",
        f"import_{name}",
        ["GET", "POST"],
        permission,
        lambda project_id: _upload(sheet, project_id),
    )
    _add(
        bp,
        f"/{sheet.key}/import/<preview>",
        f"apply_{name}",
        ["POST"],
        permission,
        lambda project_id, preview: _apply(sheet, project_id, preview),
    )


def _add(blueprint, rule: str, endpoint: str, methods: list, permission: str, view, doc: str | None = None) -> None:
    view.__name__ = view.__qualname__ = endpoint
    view.__doc__ = doc
    blueprint.add_url_rule(rule, endpoint=endpoint, view_func=project_access(permission)(view), methods=methods)


@bp.get("/<register>/export.xlsx")
@project_access(VIEW)
def export(project_id: int, register: str):
    sheet = SHEETS.get(register)
    if sheet is None:
        abort(404)
    return _workbook(sheet, project_id)


def _workbook(sheet: Sheet, project_id: int) -> Response:
    phase = request.args.get("phase", type=int) if sheet.by_phase else None
    suffix = f"-phase-{phase}" if phase else ""
    data = workbook(sheet, list(sheet.rows(g.project.id, phase)))
    return Response(
        data,
        mimetype=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{sheet.key}-{project_id}{suffix}.xlsx"'},
    )


def _read(file) -> bytes:
    data = file.read(sheet_imports.MAX_BYTES + 1)
    if len(data) > sheet_imports.MAX_BYTES:
        raise sheet_imports.Unreadable(
            _("The file is larger than %(n)d MB.", n=sheet_imports.MAX_BYTES // (1024 * 1024))
        )
    return data


def _api_import(sheet: Sheet, project_id: int):
    file = request.files.get("file")
    if file is None:
        return json_error(422, _("Send the file in the field `file`."), fields={"file": _("Required.")})
    dry_run = request.args.get("dry_run", "").lower() in ("1", "true", "yes")
    try:
        report = sheet_imports.run(sheet, project_id, _read(file), dry_run=dry_run)
    except sheet_imports.Unreadable as error:
        return json_error(422, str(error), fields={"file": str(error)})
    if report.applied:
        db.session.commit()
    if report.applied or dry_run:
        return jsonify(report.as_json())
    refused = {f"line {line.number}": " ".join(line.reasons) for line in report.lines if line.reasons}
    message = _("Nothing was written: correct the refused lines and send the file again.")
    return json_error(422, message, fields=refused, report=report.as_json())


def _upload(sheet: Sheet, project_id: int):
    form = ImportForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_project("sheets/import.html", status, sheet=sheet, form=form, report=None)
    upload = form.file.data
    try:
        data = _read(upload)
        report = sheet_imports.run(sheet, project_id, data, dry_run=True)
    except sheet_imports.Unreadable as error:
        form.file.errors = [str(error)]
        return render_project("sheets/import.html", 400, sheet=sheet, form=form, report=None)
    token = None
    if not report.refused and any(line.action != "unchanged" for line in report.lines):
        token = sheet_imports.keep(project_id, current_user.id, sheet.key, upload.filename, data).token
        db.session.commit()
    return render_project("sheets/import.html", sheet=sheet, form=form, report=report, token=token)


def _apply(sheet: Sheet, project_id: int, token: str):
    kept = sheet_imports.pending(token, project_id, current_user.id, sheet.key)
    if kept is None:
        flash(_("That preview has expired or was imported already; upload the file again."), "error")
        return redirect(url_for(f"sheets.import_{sheet.key.replace('-', '_')}", project_id=project_id))
    data = kept.data
    report = sheet_imports.run(sheet, project_id, data, dry_run=False)
    if not report.applied:  # something changed since the preview: show what now
        return render_project("sheets/import.html", 409, sheet=sheet, form=ImportForm(), report=report, token=None)
    db.session.delete(kept)
    db.session.commit()
    counts = report.counts()
    flash(
        _("Imported: %(added)d added, %(changed)d changed.", added=counts["added"], changed=counts["changed"]),
        "success",
    )
    return redirect(url_for(sheet.page, project_id=project_id))
