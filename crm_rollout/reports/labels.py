from flask_babel import lazy_gettext as _l

RAG_LABELS = {"green": _l("Green: on track"), "amber": _l("Amber: at risk"), "red": _l("Red: off track")}
REPORT_STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Waiting for review"),
    "returned": _l("Returned"),
    "approved": _l("Approved"),
}
