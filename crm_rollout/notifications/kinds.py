"""What a person can be told, how it reaches them, and the sentence each notification reads as."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary


class Kind(Vocabulary):
    ASSIGNED = "assigned", _l("Something is given to you")
    REVIEW_REQUESTED = "review_requested", _l("A report or gate waits for your review")
    REVIEW_CLOSED = "review_closed", _l("The outcome of a review round")
    APPROVAL_REQUESTED = "approval_requested", _l("A to-be model or minutes wait for your approval")
    DECISION = "decision", _l("A decision in a meeting you attended")
    MENTION = "mention", _l("A comment that mentions you")
    SLIPPAGE = "slippage", _l("A milestone slips past its baseline")
    DUE = "due", _l("Your work overdue or due soon")


class Channel(Vocabulary):
    EMAIL = "email", _l("Inbox and e-mail at once")
    DIGEST = "digest", _l("Inbox and the daily digest")
    INBOX = "inbox", _l("Inbox only")
    OFF = "off", _l("Off")


# What reaches a person who chose nothing, in a project whose director chose nothing.
DEFAULT_CHANNELS = {
    Kind.ASSIGNED: Channel.EMAIL,
    Kind.REVIEW_REQUESTED: Channel.EMAIL,
    Kind.REVIEW_CLOSED: Channel.EMAIL,
    Kind.APPROVAL_REQUESTED: Channel.EMAIL,
    Kind.DECISION: Channel.INBOX,
    Kind.MENTION: Channel.EMAIL,
    Kind.SLIPPAGE: Channel.EMAIL,
    Kind.DUE: Channel.DIGEST,
}

# The sentence of each event; %(actor)s is who caused it, %(title)s what it is about, %(what)s its kind of
# thing ("checklist item", "action" ...), %(detail)s a word more (the outcome, the new date).
SENTENCES = {
    "item_assigned": _l("%(actor)s gave you the checklist item “%(title)s”."),
    "action_assigned": _l("%(actor)s gave you the action “%(title)s”."),
    "risk_assigned": _l("%(actor)s made you the owner of the risk “%(title)s”."),
    "report_submitted": _l("%(actor)s submitted “%(title)s” for your review."),
    "gate_requested": _l("%(actor)s put the gate of “%(title)s” to the committee: your review is needed."),
    "report_approved": _l("The committee approved “%(title)s”."),
    "report_returned": _l("The committee returned “%(title)s”: see the reviewers' comments."),
    "gate_approved": _l("The committee approved the gate of “%(title)s”: the phase is closed."),
    "gate_returned": _l("The committee returned the gate of “%(title)s”: the phase goes on."),
    "model_to_approve": _l("%(actor)s asks you to approve the to-be model of “%(title)s”."),
    "minutes_to_approve": _l("The minutes of “%(title)s” are written and wait for the committee's approval."),
    "decision_recorded": _l("A decision was recorded in “%(title)s”: %(detail)s"),
    "mentioned": _l("%(actor)s mentioned you in a comment on “%(title)s”: %(detail)s"),
    "milestone_slipped": _l("The milestone “%(title)s” is now forecast for %(detail)s, after its baseline."),
}
