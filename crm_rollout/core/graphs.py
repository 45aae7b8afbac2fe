"""Dependencies between rows of one kind (a step after steps, an object loaded after objects)."""

from collections.abc import Iterable, Mapping


def reaches(after: Mapping[int, Iterable[int]], start: int, target: int) -> bool:
    """Whether `target` can be reached from `start` by following `after` (what each node waits for): an
    edge from `target` to `start` would then close a cycle."""
    seen, todo = set(), list(after.get(start, ()))
    while todo:
        node = todo.pop()
        if node == target:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(after.get(node, ()))
    return False
