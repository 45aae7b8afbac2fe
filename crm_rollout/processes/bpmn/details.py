"""What one BPMN element says beyond its kind: an event's trigger, our own step attributes, and the
collaboration's annotations, associations and message flows."""

import math
from contextlib import suppress

from crm_rollout.processes.bpmn.names import BPMN, CRM, REFERENCED, TIMER_PARTS, TRIGGER_OF_TAG, local, namespace, q
from crm_rollout.processes.bpmn.report import Report
from crm_rollout.processes.labels import Trigger

MAX_STEP_HOURS = 10_000.0
TEXT = {"actor": 120, "department": 120, "system": 120, "activity": 300, "pool": 120, "trigger_detail": 300}


def text(value, limit: int) -> str:
    """A name or text as one line, cut to its column's length."""
    return " ".join((value or "").split())[:limit]


def read_trigger(element, values: dict, names: dict, report: Report) -> None:
    """An event's trigger and its detail (the timer's expression, the message's name ...); `names`: the
    file's messages, signals, errors and escalations by id."""
    definitions = [child for child in element if local(child.tag) in TRIGGER_OF_TAG]
    if not definitions:
        return
    definition = definitions[0]
    trigger = TRIGGER_OF_TAG[local(definition.tag)]
    values["trigger"] = trigger
    if trigger == Trigger.TIMER:
        part = next((p for p in definition if local(p.tag) in TIMER_PARTS), None)
        if part is not None:
            values["trigger_detail"] = f"{local(part.tag)} {text(part.text, 280)}".strip()
    elif trigger == Trigger.CONDITIONAL:
        condition = definition.find(q(BPMN, "condition"))
        values["trigger_detail"] = text(condition.text if condition is not None else "", 300)
    elif trigger == Trigger.LINK:
        values["trigger_detail"] = text(definition.get("name"), 300)
    elif trigger in REFERENCED:
        reference = definition.get(f"{REFERENCED[trigger]}Ref") or ""
        values["trigger_detail"] = text(names.get(reference) or reference, 300)
    for extra in definitions[1:]:
        report.drop(extra, "second_trigger", owner=element)


def read_extensions(extensions, element, values: dict, report: Report) -> None:
    """Our own step attributes (actor, department, system, duration, decision); another tool's settings are
    reported."""
    for child in extensions:
        if namespace(child.tag) == CRM and local(child.tag) == "step":
            values |= {
                "actor": text(child.get("actor"), TEXT["actor"]) or values["actor"],
                "department": text(child.get("department"), TEXT["department"]),
                "system": text(child.get("system"), TEXT["system"]),
                "is_decision": child.get("decision") == "true",
            }
            with suppress(ValueError):  # a modeller's odd value keeps the default
                hours = float(child.get("durationHours") or 0)
                values["duration_hours"] = hours if math.isfinite(hours) and 0 <= hours <= MAX_STEP_HOURS else 0.0
        else:
            report.drop(child, "tool_settings", owner=element)


def read_artifact(element, diagram: dict, shapes: dict, edges: dict, report: Report) -> None:
    """A collaboration's annotation, association or message flow, kept in the model's diagram."""
    tag = local(element.tag)
    if tag == "textAnnotation":
        written = element.find(q(BPMN, "text"))
        shape = shapes.get(element.get("id")) or {}
        diagram["annotations"].append(
            {
                "id": element.get("id"),
                "text": text(written.text if written is not None else "", 2000),
                "bounds": shape.get("bounds"),
            }
        )
        report.kept["text_annotation"] += 1
    elif tag == "association":
        diagram["associations"].append(
            {
                "id": element.get("id"),
                "source": element.get("sourceRef"),
                "target": element.get("targetRef"),
                "waypoints": edges.get(element.get("id")),
            }
        )
        report.kept["association"] += 1
    elif tag == "messageFlow":
        diagram["message_flows"].append(
            {
                "id": element.get("id"),
                "name": text(element.get("name"), 120),
                "source": element.get("sourceRef"),
                "target": element.get("targetRef"),
                "waypoints": edges.get(element.get("id")),
            }
        )
        report.kept["message_flow"] += 1
