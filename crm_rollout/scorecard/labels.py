"""The benefits scorecard's vocabulary."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.vocabulary import Vocabulary


class Indicator(Vocabulary):
    LAGGING = "lagging", _l("Lagging")
    LEADING = "leading", _l("Leading")


class Goal(Vocabulary):
    EFFICIENCY = "efficiency", _l("Efficiency goal")
    BROAD = "broad", _l("Broad goal")


class Direction(Vocabulary):
    HIGHER = "higher", _l("Higher is better")
    LOWER = "lower", _l("Lower is better")


class KpiState(Vocabulary):
    ACHIEVED = "achieved", _l("Achieved")
    ON_TRACK = "on_track", _l("On track")
    BEHIND = "behind", _l("Behind")
    NO_DATA = "no_data", _l("No measurement yet")
