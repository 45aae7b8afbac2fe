"""Choosing which processes to redesign first: the method's three criteria, weighted (no queries)."""

from dataclasses import dataclass

from crm_rollout.processes.models import CRITERIA

DEFAULT_WEIGHTS = {"importance": 40, "performance_gap": 35, "feasibility": 25}


def weights_of(project) -> dict[str, int]:
    """The project's weights (a percentage per criterion), the method's defaults where unset."""
    return {**DEFAULT_WEIGHTS, **(project.blueprint_weights or {})}


def weighted_score(process, weights: dict[str, int]) -> float | None:
    """1–5 on the criteria's scale; None until all three criteria are scored."""
    scores = {c: getattr(process, c) for c in CRITERIA}
    total_weight = sum(weights[c] for c in CRITERIA)
    if any(v is None for v in scores.values()) or total_weight <= 0:
        return None
    return round(sum(scores[c] * weights[c] for c in CRITERIA) / total_weight, 2)


@dataclass
class Ranked:
    rank: int | None  # None while unscored
    process: object
    score: float | None
    strongest: str | None  # the criterion that weighs most in its favour: the first "why"


def rank(processes, weights: dict[str, int]) -> list[Ranked]:
    """Scored processes best first (ties: more important first, then by name), then the unscored."""
    scored, unscored = [], []
    for process in processes:
        score = weighted_score(process, weights)
        if score is None:
            unscored.append(Ranked(None, process, None, None))
        else:
            strongest = max(CRITERIA, key=lambda c: (getattr(process, c) * weights[c], -CRITERIA.index(c)))
            scored.append(Ranked(None, process, score, strongest))
    scored.sort(key=lambda r: (-r.score, -(r.process.importance or 0), r.process.name.casefold()))
    for n, entry in enumerate(scored, start=1):
        entry.rank = n
    return scored + sorted(unscored, key=lambda r: r.process.name.casefold())
