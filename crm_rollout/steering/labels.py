"""The steering committee's vocabulary: stored codes and their words in the user's language."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary


class ActionStatus(Vocabulary):
    OPEN = "open", _l("Open")
    DONE = "done", _l("Done")
    CANCELLED = "cancelled", _l("Cancelled")


class AttendanceStatus(Vocabulary):
    PRESENT = "present", _l("Present")
    EXCUSED = "excused", _l("Excused")
    ABSENT = "absent", _l("Absent")


class VoteChoice(Vocabulary):
    FOR = "for", _l("For")
    AGAINST = "against", _l("Against")
    ABSTAIN = "abstain", _l("Abstain")


class ReviewDecision(Vocabulary):
    """One member's word on a report version or a gate."""

    APPROVE = "approve", _l("Approve")
    RETURN = "return", _l("Return for rework")


class ReviewOutcome(Vocabulary):
    """Where the committee's review of a report version or a gate stands."""

    SUBMITTED = "submitted", _l("Waiting for review")
    APPROVED = "approved", _l("Approved")
    RETURNED = "returned", _l("Returned")
