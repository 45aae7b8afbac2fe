"""The milestone reports' vocabulary."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary


class Rag(Vocabulary):
    GREEN = "green", _l("Green: on track")
    AMBER = "amber", _l("Amber: at risk")
    RED = "red", _l("Red: off track")


class ReportStatus(Vocabulary):
    DRAFT = "draft", _l("Draft")
    SUBMITTED = "submitted", _l("Waiting for review")
    RETURNED = "returned", _l("Returned")
    APPROVED = "approved", _l("Approved")


# A report its authors may still change.
EDITABLE_REPORT_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
