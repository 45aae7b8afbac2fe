"""Measures of a process model from its steps and routes: no database needed."""

from types import SimpleNamespace

from crm_rollout.processes.metrics import measure, routes


def steps(*rows):
    """(actor, department, hours[, decision]) per step, numbered from 1 (their ids are 101, 102 ...)."""
    return [
        SimpleNamespace(
            id=100 + n,
            position=n,
            actor=r[0],
            department=r[1],
            duration_hours=r[2],
            is_decision=len(r) > 3 and r[3],
            kind="user_task",
            trigger="",
            trigger_detail="",
            parent_id=None,
            attached_to_id=None,
        )
        for n, r in enumerate(rows, start=1)
    ]


def flow(source, target, label=""):
    return SimpleNamespace(source_id=100 + source, target_id=None if target is None else 100 + target, label=label)


def test_a_sequence_counts_steps_departments_roles_and_hand_offs():
    model = steps(("Agent", "Service", 1), ("Agent", "Service", 2), ("Engineer", "Quality", 8), ("Agent", "service", 1))
    m = measure(model, [])
    assert (m.steps, m.departments, m.roles) == (4, 2, 2)
    assert m.handoffs == 2  # agent → engineer → agent; agent → agent is no hand-off
    assert m.total_hours == m.critical_hours == 12
    assert m.critical_path == [101, 102, 103, 104]
    assert m.decisions == m.loops == 0 and m.unreachable == []


def test_the_critical_path_takes_the_longest_branch_not_the_sum():
    # 1 decides: either 2 (long) then 4, or 3 (short) then 4.
    model = steps(("A", "", 1, True), ("B", "", 10), ("C", "", 2), ("A", "", 1))
    flows = [flow(1, 2, "yes"), flow(1, 3, "no"), flow(2, 4)]
    m = measure(model, flows)
    assert m.total_hours == 14
    assert m.critical_hours == 12  # 1 + 10 + 1
    assert m.critical_path == [101, 102, 104]
    assert m.decisions == 1
    assert m.handoffs == 4  # 1→2, 1→3, 2→4 and 3→4 (3's default route) all change actor


def test_a_route_back_is_a_loop_counted_once_and_does_not_break_the_critical_path():
    model = steps(("Writer", "", 2), ("Approver", "", 1, True), ("Writer", "", 1))
    m = measure(model, [flow(2, 3, "approved"), flow(2, 1, "returned")])
    assert m.loops == 1
    assert m.critical_hours == 4
    assert m.handoffs == 3


def test_a_branch_that_ends_early_and_steps_no_route_reaches():
    model = steps(("A", "", 1, True), ("A", "", 1), ("B", "", 5), ("B", "", 1))
    # 1 ends the process or goes on to 2; 2 ends too: 3 and 4 are never reached.
    m = measure(model, [flow(1, None, "rejected"), flow(1, 2), flow(2, None)])
    assert m.unreachable == [103, 104]
    assert m.critical_hours == 2


def test_steps_without_explicit_routes_go_to_the_next_and_the_last_ends():
    model = steps(("A", "", 1), ("B", "", 1))
    graph = routes(model, [])
    assert [r.target_id for r in graph[101]] == [102]
    assert [r.target_id for r in graph[102]] == [None]


def test_an_empty_model_measures_zero():
    m = measure([], [])
    assert (m.steps, m.total_hours, m.critical_path) == (0, 0, [])
