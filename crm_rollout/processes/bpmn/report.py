"""The import report: what an import kept, counted by kind, and each element it could not keep, with a
reason stored as a code and shown in the reader's language."""

from collections import Counter
from dataclasses import dataclass, field

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.processes.bpmn.names import local

MAX_DEPTH = 12  # sub-processes inside sub-processes that an import follows

# Why an element was not kept: a code in the stored report, its words in the reader's language when shown.
REASONS = {
    "data_object": _l("Data objects are not part of a process model here."),
    "data_store": _l("Data stores are not part of a process model here."),
    "data_association": _l("Data associations are not kept."),
    "group": _l("Groups are not kept."),
    "documentation": _l("Documentation text is not kept."),
    "tool_settings": _l("Settings of another tool are not kept."),
    "loop_marker": _l("Loop markers are not kept."),
    "multi_instance": _l("Multi-instance markers are not kept."),
    "inputs_outputs": _l("Inputs and outputs are not kept."),
    "property": _l("Properties are not kept."),
    "too_deep": _l("Nested deeper than %(n)d sub-processes."),
    "nested_lane": _l("A lane with lanes inside: its inner lanes are kept."),
    "second_trigger": _l("An event keeps its first trigger only."),
    "loose_flow": _l("It connects an element that was not kept."),
    "other": _l("This kind of element is not kept."),
}
REASON_OF_TAG = {
    "dataObject": "data_object",
    "dataObjectReference": "data_object",
    "dataStoreReference": "data_store",
    "dataInputAssociation": "data_association",
    "dataOutputAssociation": "data_association",
    "group": "group",
    "documentation": "documentation",
    "extensionElements": "tool_settings",
    "standardLoopCharacteristics": "loop_marker",
    "multiInstanceLoopCharacteristics": "multi_instance",
    "ioSpecification": "inputs_outputs",
    "property": "property",
}


def reason_text(code: str) -> str:
    return str(REASONS.get(code, REASONS["other"])) % {"n": MAX_DEPTH}


def in_words(report: dict) -> dict:
    """A stored report with each reason in the reader's language."""
    return report | {"dropped": [d | {"reason": reason_text(d["reason"])} for d in report.get("dropped", [])]}


@dataclass
class Report:
    """What an import kept, counted by kind, and each element it could not keep."""

    kept: Counter = field(default_factory=Counter)
    dropped: list[dict] = field(default_factory=list)

    def drop(self, element, reason: str = "", owner=None) -> None:
        """`reason` is a code of REASONS; by default the one of the element's kind."""
        tag = local(element.tag)
        holder = owner if owner is not None and not element.get("id") else element
        self.dropped.append(
            {
                "id": holder.get("id") or "",
                "kind": tag,
                "name": (element.get("name") or holder.get("name") or "")[:200],
                "reason": reason or REASON_OF_TAG.get(tag, "other"),
            }
        )

    def as_json(self) -> dict:
        return {"kept": dict(sorted(self.kept.items())), "dropped": self.dropped}
