"""BPMN 2.0's namespaces and the mapping between its element tags and our step kinds and triggers."""

from xml.etree.ElementTree import register_namespace

from crm_rollout.processes.labels import StepKind, Trigger

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
CRM = "urn:crm-rollout:bpmn:1"  # our own extension: what BPMN has no attribute for
XSI = "http://www.w3.org/2001/XMLSchema-instance"
for _prefix, _uri in (("bpmn", BPMN), ("bpmndi", BPMNDI), ("dc", DC), ("di", DI), ("crm", CRM), ("xsi", XSI)):
    register_namespace(_prefix, _uri)  # the prefixes modellers expect, instead of ns0, ns1 ...


def q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _camel(code: str) -> str:
    head, *rest = code.split("_")
    return head + "".join(part.capitalize() for part in rest)


# Each kind's tag; the event sub-process is a sub-process with triggeredByEvent="true".
TAG_OF_KIND = {kind: _camel(kind) for kind in StepKind} | {StepKind.EVENT_SUB_PROCESS: "subProcess"}
KIND_OF_TAG = {tag: kind for kind, tag in TAG_OF_KIND.items() if kind != StepKind.EVENT_SUB_PROCESS}
TAG_OF_TRIGGER = {t: f"{_camel(t)}EventDefinition" for t in Trigger if t} | {
    Trigger.COMPENSATION: "compensateEventDefinition"
}
TRIGGER_OF_TAG = {tag: trigger for trigger, tag in TAG_OF_TRIGGER.items()}
# Triggers whose detail is the name of a root element the event refers to (<bpmn:message name=...>).
REFERENCED = {
    Trigger.MESSAGE: "message",
    Trigger.SIGNAL: "signal",
    Trigger.ERROR: "error",
    Trigger.ESCALATION: "escalation",
}
TIMER_PARTS = ("timeDate", "timeDuration", "timeCycle")
