"""The risk register's vocabulary."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary


class RiskStatus(Vocabulary):
    PROPOSED = "proposed", _l("Proposed")
    OPEN = "open", _l("Open")
    MITIGATING = "mitigating", _l("Being mitigated")
    CLOSED = "closed", _l("Closed")
    DISMISSED = "dismissed", _l("Dismissed")


class RiskKind(Vocabulary):
    RISK = "risk", _l("Risk")
    ISSUE = "issue", _l("Issue (happened)")


class RiskCategory(Vocabulary):
    LEADERSHIP = "leadership", _l("Leadership")
    STRATEGY = "strategy", _l("Strategy")
    CUSTOMER = "customer", _l("Customer")
    ORGANISATION = "organisation", _l("Organisation")
    TEAM = "team", _l("Team")
    DATA = "data", _l("Data")
    TECHNOLOGY = "technology", _l("Technology")
    MEASUREMENT = "measurement", _l("Measurement")
    OTHER = "other", _l("Other")


# Risks that still threaten the project: they count in gates, reports and the heat map.
LIVE_RISK_STATUSES = (RiskStatus.OPEN, RiskStatus.MITIGATING)
