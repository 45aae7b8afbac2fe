"""Print the dependency picture of crm_rollout's rooms as a Mermaid graph, read from the code itself.

    .venv/bin/python docs/depgraph.py > docs/dependencies.md

(grimp comes with import-linter, which the test command installs.) An arrow A --> B means some module of
A imports B; the core, which every room uses, is left out to keep the picture readable.
"""

import sys
from pathlib import Path

import grimp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def rooms() -> dict[str, set[str]]:
    graph = grimp.build_graph("crm_rollout")
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        parts = module.split(".")
        if len(parts) < 2:
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            target = imported.split(".")
            if len(target) >= 2 and target[1] not in (parts[1], "core"):
                edges.setdefault(parts[1], set()).add(target[1])
    return edges


def main() -> None:
    print("```mermaid")
    print("graph TD")
    for room, targets in sorted(rooms().items()):
        for target in sorted(targets):
            print(f"    {room} --> {target}")
    print("```")


if __name__ == "__main__":
    main()
