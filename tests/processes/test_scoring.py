"""Selection scoring: the method's three criteria, weighted, and the ranking built on them."""

from types import SimpleNamespace

from crm_rollout.processes.scoring import DEFAULT_WEIGHTS, rank, weighted_score, weights_of


def process(name, importance, gap, feasibility):
    return SimpleNamespace(name=name, importance=importance, performance_gap=gap, feasibility=feasibility)


def test_the_weighted_score_stays_on_the_criteria_scale():
    weights = {"importance": 2, "performance_gap": 1, "feasibility": 1}
    assert weighted_score(process("x", 5, 1, 1), weights) == 3.0  # (10 + 1 + 1) / 4
    assert weighted_score(process("x", 4, 4, 4), DEFAULT_WEIGHTS) == 4.0
    assert weighted_score(process("x", 4, None, 4), DEFAULT_WEIGHTS) is None


def test_ranking_puts_the_best_first_breaks_ties_by_importance_and_lists_unscored_last():
    ranked = rank(
        [
            process("Quote", 3, 5, 4),
            process("Unscored", 5, None, None),
            process("Complaints", 5, 5, 4),
            process("Leads", 5, 3, 4),
            process("Campaigns", 4, 4, 4),
        ],
        {"importance": 1, "performance_gap": 1, "feasibility": 1},
    )
    names = [r.process.name for r in ranked]
    assert names[0] == "Complaints"
    # Quote, Leads and Campaigns all average 4.0: the more important come first.
    assert names[1:4] == ["Leads", "Campaigns", "Quote"]
    assert names[-1] == "Unscored" and ranked[-1].rank is None and ranked[-1].score is None
    assert [r.rank for r in ranked[:4]] == [1, 2, 3, 4]


def test_the_why_is_the_criterion_that_weighs_most_in_its_favour():
    weights = {"importance": 10, "performance_gap": 60, "feasibility": 30}
    (entry,) = rank([process("x", 5, 3, 2)], weights)
    assert entry.strongest == "performance_gap"  # 3 × 60 beats 5 × 10 and 2 × 30


def test_a_project_overrides_the_default_weights():
    project = SimpleNamespace(blueprint_weights={"feasibility": 50})
    assert weights_of(project) == DEFAULT_WEIGHTS | {"feasibility": 50}
    assert weights_of(SimpleNamespace(blueprint_weights={})) == DEFAULT_WEIGHTS
