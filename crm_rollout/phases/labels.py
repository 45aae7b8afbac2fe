"""The phases' vocabulary: the stored status codes and their words in the user's language."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary


class PhaseStatus(Vocabulary):
    NOT_STARTED = "not_started", _l("Not started")
    IN_PROGRESS = "in_progress", _l("In progress")
    GATE_REVIEW = "gate_review", _l("Gate review")
    CLOSED = "closed", _l("Closed")


class ItemStatus(Vocabulary):
    OPEN = "open", _l("Open")
    IN_PROGRESS = "in_progress", _l("In progress")
    DONE = "done", _l("Done")
    BLOCKED = "blocked", _l("Blocked")
    NOT_APPLICABLE = "not_applicable", _l("Not applicable")


class DeliverableStatus(Vocabulary):
    NOT_STARTED = "not_started", _l("Not started")
    DRAFT = "draft", _l("Draft")
    SUBMITTED = "submitted", _l("Submitted")
    ACCEPTED = "accepted", _l("Accepted")


# Statuses that no longer need work: never overdue.
FINISHED_ITEM_STATUSES = (ItemStatus.DONE, ItemStatus.NOT_APPLICABLE)
# The others, named rather than excluded, for queries that start from a person's items: an index on (owner,
# status) is then sought once a status instead of read past every finished item the person has.
UNFINISHED_ITEM_STATUSES = tuple(status for status in ItemStatus if status not in FINISHED_ITEM_STATUSES)
