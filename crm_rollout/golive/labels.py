"""Go/no-go's vocabulary."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary


class Outcome(Vocabulary):
    """What the committee decided on a frozen pack."""

    PENDING = "pending", _l("Waiting for the committee")
    GO = "go", _l("Go")
    GO_WITH_CONDITIONS = "conditional", _l("Go with conditions")
    NO_GO = "no_go", _l("No go")
