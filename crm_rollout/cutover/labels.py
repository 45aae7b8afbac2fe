"""The cut-over's vocabulary."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary


class StepStatus(Vocabulary):
    WAITING = "waiting", _l("Waiting")
    RUNNING = "running", _l("Running")
    DONE = "done", _l("Done")
    FAILED = "failed", _l("Failed")
    SKIPPED = "skipped", _l("Skipped")
    ROLLED_BACK = "rolled_back", _l("Rolled back")


# What a step may become from where it is, in a run.
NEXT_STATUSES = {
    StepStatus.WAITING: (StepStatus.RUNNING, StepStatus.SKIPPED),
    StepStatus.RUNNING: (StepStatus.DONE, StepStatus.FAILED),
    StepStatus.FAILED: (StepStatus.RUNNING, StepStatus.SKIPPED, StepStatus.ROLLED_BACK),
    StepStatus.DONE: (StepStatus.ROLLED_BACK,),
    StepStatus.SKIPPED: (StepStatus.RUNNING,),
    StepStatus.ROLLED_BACK: (StepStatus.RUNNING,),
}
# A step that lets the steps after it begin.
FINISHED = (StepStatus.DONE, StepStatus.SKIPPED)


class RunKind(Vocabulary):
    REHEARSAL = "rehearsal", _l("Rehearsal")
    CUTOVER = "cutover", _l("Cut-over")
