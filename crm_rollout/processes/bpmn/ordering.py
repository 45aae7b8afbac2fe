"""The order of a modeller's steps: along the flows from the start events, so that both branches of a
split come before their join and a route back stays a route back. Loops, not recursion, all through."""

from collections import Counter

from crm_rollout.processes.labels import StepKind, Trigger


def along_flows(indexes: list[int], steps: list[dict], flows: list[dict]) -> list[int]:
    """The steps (indexes into `steps`) of one pool or sub-process: depth first from its start events
    (then from steps nothing reaches) to find the routes back, then in topological order of the routes
    forward, the step found first going first among those ready."""
    successors = _successors(indexes, steps, flows)
    incoming = Counter(t for targets in successors.values() for t in targets)
    starts = [i for i in indexes if steps[i]["kind"] == StepKind.START_EVENT]
    # An event sub-process starts on its own: it goes after what the starts lead to.
    roots = starts + [
        i for i in indexes if not incoming[i] and i not in starts and steps[i]["kind"] != StepKind.EVENT_SUB_PROCESS
    ]
    back, discovered = _routes_back(roots + indexes, successors)
    remaining = Counter(t for s, targets in successors.items() for t in targets if (s, t) not in back)
    rank = {i: n for n, i in enumerate(discovered)}
    ready = sorted((i for i in indexes if not remaining[i]), key=rank.get)
    order = []
    while ready:
        node = ready.pop(0)
        order.append(node)
        for target in successors[node]:
            if (node, target) in back:
                continue
            remaining[target] -= 1
            if remaining[target] == 0:
                ready.append(target)
                ready.sort(key=rank.get)
    placed = set(order)
    return order + [i for i in indexes if i not in placed]


def _successors(indexes: list[int], steps: list[dict], flows: list[dict]) -> dict[int, list[int]]:
    members = set(indexes)
    successors: dict[int, list[int]] = {i: [] for i in indexes}
    # What leaves an event on a task's border leaves the task, for the order: its path comes after it.
    host = {i: v["attached_to"] for i, v in enumerate(steps) if v["attached_to"] in members}
    for flow in flows:
        source = host.get(flow["source"], flow["source"])
        if source in members and flow["target"] in members:
            successors[source].append(flow["target"])
    # A link event that throws goes on at the one that catches the same name: a flow in all but drawing.
    catches = {steps[i]["trigger_detail"]: i for i in indexes if _is_link(steps[i], StepKind.INTERMEDIATE_CATCH_EVENT)}
    for i in indexes:
        if _is_link(steps[i], StepKind.INTERMEDIATE_THROW_EVENT) and steps[i]["trigger_detail"] in catches:
            successors[i].append(catches[steps[i]["trigger_detail"]])
    return successors


def _is_link(values: dict, kind: str) -> bool:
    return values["kind"] == kind and values["trigger"] == Trigger.LINK


def _routes_back(roots: list[int], successors: dict) -> tuple[set, list[int]]:
    """The routes that lead back to a step on the way to them (loops), and the steps in the order found."""
    back, seen, discovered = set(), set(), []
    for root in roots:
        if root in seen:
            continue
        seen.add(root)
        discovered.append(root)
        path, stack = {root}, [(root, iter(successors[root]))]
        while stack:
            node, pending = stack[-1]
            target = next(pending, None)
            if target is None:
                stack.pop()
                path.discard(node)
            elif target in path:
                back.add((node, target))
            elif target not in seen:
                seen.add(target)
                discovered.append(target)
                path.add(target)
                stack.append((target, iter(successors[target])))
    return back, discovered


def without_default_routes(steps: list[dict], flows: list[dict]) -> list[dict]:
    """In the editor's shorthand a step goes on to the next one: the flows that say only that are implied."""
    result = []
    by_source: dict[int, list[dict]] = {}
    for flow in flows:
        by_source.setdefault(flow["source"], []).append(flow)
    for source, outgoing in by_source.items():
        default = source + 1 if source + 1 < len(steps) else None
        if [(f["target"], f["label"]) for f in outgoing] == [(default, "")]:
            continue
        result += outgoing
    return result
