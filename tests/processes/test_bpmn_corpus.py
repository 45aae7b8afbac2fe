"""BPMN files in the shapes real modellers write (tests/processes/bpmn_files/: bpmn.io / Camunda, Signavio,
Bizagi, ARIS with vertical pools, Enterprise Architect without a diagram, a file of every gateway and event).

Each file is read independently with lxml to know what it holds. The import must keep every element or
name it in its report; the export must be valid against the OMG BPMN 2.0 schema (shipped in
tests/processes/bpmn_schema/) and readable by a second reader (SpiffWorkflow); importing the export must
give the same model, and exporting that again the same file.
"""

import itertools
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from SpiffWorkflow.bpmn.parser import BpmnParser

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.processes import bpmn, diagrams, service
from crm_rollout.processes import steps as process_steps
from crm_rollout.processes.bpmn.names import KIND_OF_TAG
from crm_rollout.processes.labels import StepKind
from crm_rollout.processes.routing import Rect
from tests.factories import make_project, make_user

FILES = sorted((Path(__file__).parent / "bpmn_files").glob("*.bpmn"))
FILES_WITHOUT_DIAGRAM = [p for p in FILES if b"BPMNDiagram" not in p.read_bytes()]
SCHEMA = Path(__file__).parent / "bpmn_schema" / "BPMN20.xsd"
B = "http://www.omg.org/spec/BPMN/20100524/MODEL"
# What a flow node is made of: read with it, never an element of its own in the report.
PARTS = {
    "incoming",
    "outgoing",
    "conditionExpression",
    "text",
    "flowNodeRef",
    "laneSet",
    "childLaneSet",
    "condition",
    "timeDate",
    "timeDuration",
    "timeCycle",
    "targetRef",
    "sourceRef",
    "definitions",
}
REFERRED = {"message", "error", "signal", "escalation"}  # root elements events refer to: kept as the trigger's name


def _truth(data: bytes):
    """What the file holds, read with lxml alone."""
    root = etree.fromstring(data)
    elements = [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).namespace == B]
    return root, elements


def _kind(element) -> str:
    tag = etree.QName(element).localname
    if tag == "subProcess" and element.get("triggeredByEvent") == "true":
        return StepKind.EVENT_SUB_PROCESS
    return KIND_OF_TAG.get(tag, tag)


@pytest.fixture
def model(ctx):
    project = make_project(make_user("dir"))
    process = service.create_process(project.id, name="Imported", area="sales", in_blueprint=True)
    return service.current(service.models_of(process.id), "as_is")


def _import(model, data: bytes):
    imported = bpmn.parse(data)
    process_steps.replace_steps(model, imported)
    db.session.commit()
    (drawn,) = service.drawn([db.session.get(type(model), model.id)])
    return imported, drawn


def _summary(drawn):
    """The model as comparable facts: steps by id with kind, trigger and holder; flows by their ends."""
    ids = {s.id: s.bpmn_id for s in drawn.steps}
    steps = sorted(
        (
            s.bpmn_id,
            s.kind,
            s.trigger,
            s.trigger_detail,
            s.activity,
            s.actor,
            s.pool,
            ids.get(s.parent_id),
            ids.get(s.attached_to_id),
            s.interrupting,
        )
        for s in drawn.steps
    )
    flows = sorted((ids[f.source_id], ids.get(f.target_id), f.label, f.condition, f.is_default) for f in drawn.flows)
    diagram = drawn.model.diagram
    pools = [(p["name"], [lane["name"] for lane in p["lanes"]]) for p in diagram.get("pools", [])]
    others = {
        key: sorted((x.get("source"), x.get("target")) for x in diagram.get(key, []))
        for key in ("message_flows", "associations")
    }
    return steps, flows, pools, others, len(diagram.get("annotations", []))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_element_is_kept_or_named_in_the_report(model, path):
    data = path.read_bytes()
    root, elements = _truth(data)
    imported, drawn = _import(model, data)
    kept_ids = {s.bpmn_id for s in drawn.steps} | {f.bpmn_id for f in drawn.flows}
    diagram = drawn.model.diagram
    kept_ids |= {p["id"] for p in diagram["pools"]} | {lane["id"] for p in diagram["pools"] for lane in p["lanes"]}
    kept_ids |= {x["id"] for key in ("message_flows", "annotations", "associations") for x in diagram[key]}
    kept_ids |= {p["process"] for p in diagram["pools"]}
    dropped = {(d["id"], d["kind"]) for d in imported.report.dropped}
    lost = []
    for element in elements:
        tag = etree.QName(element).localname
        if (
            tag in PARTS
            or tag.endswith("EventDefinition")
            or tag in ("collaboration",)
            or (tag in REFERRED and element.getparent() is root)
        ):
            continue
        if element.get("id"):
            found = element.get("id") in kept_ids or (element.get("id"), tag) in dropped
        elif tag == "extensionElements":  # another tool's settings: each named under its owner's id
            owner = element.getparent().get("id")
            found = (owner, tag) in dropped or all(
                (owner, etree.QName(child).localname) in dropped for child in element if isinstance(child.tag, str)
            )
        else:  # a part without an id of its own (documentation, a marker): named under its owner's id
            found = (element.getparent().get("id"), tag) in dropped
        if not found:
            lost.append((tag, element.get("id") or element.getparent().get("id"), element.get("name")))
    assert lost == []
    # Kept counts say what the model holds, kind by kind, as the file has it.
    in_file = Counter(_kind(e) for e in elements if etree.QName(e).localname in KIND_OF_TAG)
    assert Counter(s.kind for s in drawn.steps) == in_file
    assert {k: v for k, v in imported.report.kept.items() if k in StepKind.codes()} == dict(in_file)
    assert (
        imported.report.kept["sequence_flow"]
        == len(drawn.flows)
        == sum(1 for e in elements if etree.QName(e).localname == "sequenceFlow")
    )


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_the_export_is_valid_read_by_a_second_reader_and_round_trips(model, path):
    _imported, first = _import(model, path.read_bytes())
    exported = bpmn.export("Round trip", first)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.fromstring(exported)
    assert schema.validate(document), schema.error_log.last_error

    # SpiffWorkflow, a reader of its own. It reads executable processes only, runs no script task without a
    # script or business rule task without DMN, and has no complex gateway: in its copy these are plain
    # tasks and a parallel gateway.
    for process in document.iterfind(f"{{{B}}}process"):
        process.set("isExecutable", "true")
    for element in document.iter(f"{{{B}}}businessRuleTask", f"{{{B}}}scriptTask", f"{{{B}}}complexGateway"):
        element.tag = f"{{{B}}}task" if element.tag.endswith("Task") else f"{{{B}}}parallelGateway"
    # It also wants a condition on every branch of a choice but the default, which a drawing need not have.
    choices = {
        e.get("id"): e.get("default") for e in document.iter(f"{{{B}}}exclusiveGateway", f"{{{B}}}inclusiveGateway")
    }
    for flow in document.iter(f"{{{B}}}sequenceFlow"):
        source = flow.get("sourceRef")
        if source in choices and choices[source] != flow.get("id") and flow.find(f"{{{B}}}conditionExpression") is None:
            etree.SubElement(flow, f"{{{B}}}conditionExpression").text = "True"
    parser = BpmnParser()
    parser.add_bpmn_xml(document)
    read = {spec.bpmn_id for pid in list(parser.process_parsers) for spec in parser.get_spec(pid).task_specs.values()}
    assert _reached_from_starts(document) <= read

    _again, second = _import(model, exported)
    assert _summary(second) == _summary(first)
    assert bpmn.export("Round trip", second) == exported  # a second import of the export changes nothing


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_the_swimlane_draws_every_flow(model, path):
    _imported, drawn = _import(model, path.read_bytes())
    chart = diagrams.swimlane(drawn)
    sequence = [e for e in chart.edges if e.kind == "sequence"]
    assert len(sequence) == len(drawn.flows)
    boxes = {str(b.step_id) for b in chart.boxes}
    assert all(e.source in boxes and e.target in boxes for e in sequence)
    diagram = drawn.model.diagram
    assert len([e for e in chart.edges if e.kind == "message"]) == len(diagram["message_flows"])


def _reached_from_starts(document) -> set[str]:
    """The top-level nodes of each process that its start events lead to along sequence flows."""
    reached = set()
    for process in document.iterfind(f"{{{B}}}process"):
        flows = {}
        for flow in process.iterfind(f"{{{B}}}sequenceFlow"):
            flows.setdefault(flow.get("sourceRef"), []).append(flow.get("targetRef"))
        todo = [e.get("id") for e in process.iterfind(f"{{{B}}}startEvent")]
        while todo:
            node = todo.pop()
            if node not in reached:
                reached.add(node)
                todo += flows.get(node, [])
    return reached


def _crossings(points, rects):
    return [r for r in rects for a, b in itertools.pairwise(points) if r.crossed_by(a, b)]


@pytest.mark.parametrize("path", FILES_WITHOUT_DIAGRAM, ids=[p.stem for p in FILES_WITHOUT_DIAGRAM])
def test_laid_out_routes_are_right_angled_start_and_end_on_borders_and_cross_no_shape(model, path):
    """A file without a diagram (Enterprise Architect's export, say) is laid out by us: check every route."""
    _imported, drawn = _import(model, path.read_bytes())
    exported = etree.fromstring(bpmn.export("Layout", drawn))
    ns = {
        "b": B,
        "di": "http://www.omg.org/spec/BPMN/20100524/DI",
        "dc": "http://www.omg.org/spec/DD/20100524/DC",
        "w": "http://www.omg.org/spec/DD/20100524/DI",
    }
    rects = {}
    for shape in exported.iterfind(".//di:BPMNShape", ns):
        bounds = shape.find("dc:Bounds", ns)
        rects[shape.get("bpmnElement")] = Rect(*(float(bounds.get(k)) for k in ("x", "y", "width", "height")))
    containers = {
        e.get("id")
        for e in exported.iter()
        if etree.QName(e).localname in ("subProcess", "transaction", "adHocSubProcess", "participant", "lane")
    }
    flows = {f.get("id"): f for f in exported.iterfind(".//b:sequenceFlow", ns)}
    assert flows
    for edge in exported.iterfind(".//di:BPMNEdge", ns):
        flow = flows.get(edge.get("bpmnElement"))
        if flow is None:
            continue
        points = [(float(p.get("x")), float(p.get("y"))) for p in edge.iterfind("w:waypoint", ns)]
        assert all(a[0] == b[0] or a[1] == b[1] for a, b in itertools.pairwise(points)), points
        source, target = rects[flow.get("sourceRef")], rects[flow.get("targetRef")]
        assert _on_border(points[0], source) and _on_border(points[-1], target), (flow.get("id"), points)
        others = [r for key, r in rects.items() if key not in containers and r not in (source, target)]
        assert _crossings(points, others) == [], flow.get("id")


def _on_border(point, rect) -> bool:
    x, y = point
    on_x = rect.x - 0.5 <= x <= rect.right + 0.5
    on_y = rect.y - 0.5 <= y <= rect.bottom + 0.5
    return (
        on_x
        and on_y
        and (min(abs(x - rect.x), abs(x - rect.right)) < 0.5 or min(abs(y - rect.y), abs(y - rect.bottom)) < 0.5)
    )


def _valid(document: bytes) -> bool:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    return schema.validate(etree.fromstring(document))


def test_the_step_editor_works_on_an_imported_model_and_keeps_the_export_valid(model):
    path = next(p for p in FILES if "enterprise_architect" in p.stem)
    _imported, drawn = _import(model, path.read_bytes())
    by_bpmn = {s.bpmn_id: s for s in drawn.steps}
    gateway = by_bpmn["EAID_GW000002_Merge"]
    process_steps.update_step(gateway, expected_version=gateway.version, changes={"kind": "inclusive_gateway"})
    task = by_bpmn["EAID_AC000002_Answer"]
    with pytest.raises(ValidationFailed) as refused:
        process_steps.update_step(task, expected_version=task.version, changes={"kind": "boundary_event"})
    assert refused.value.errors["kind"]
    holder = by_bpmn["EAID_SP000001_Investigate"]
    with pytest.raises(ValidationFailed) as refused:
        process_steps.update_step(holder, expected_version=holder.version, changes={"kind": "user_task"})
    assert refused.value.errors["kind"]
    db.session.rollback()
    process_steps.add_step(model, actor="质量部 Quality", activity="复核 Review again", next_steps="end", at=3)
    db.session.commit()
    (edited,) = service.drawn([model])
    exported = bpmn.export("Edited", edited)
    assert _valid(exported)
    again = bpmn.parse(exported)  # the editor's "end" is an end event in the file, a route to the end again here
    assert Counter(s["kind"] for s in again.steps) == Counter(s.kind for s in edited.steps)
    assert again.flows[-1]["target"] is None or any(f["target"] is None for f in again.flows)


def test_a_new_revision_copies_everything_a_file_gave(model, ctx):
    to_be = service.current(service.models_of(model.process_id), "to_be")
    path = next(p for p in FILES if "signavio" in p.stem)
    _imported, first = _import(to_be, path.read_bytes())
    revised = service.revise(db.session.get(type(to_be), to_be.id), reason="Prototype test findings")
    db.session.commit()
    (copy,) = service.drawn([revised])
    assert _summary(copy) == _summary(first)
    assert bpmn.export("Same", copy) == bpmn.export("Same", first)


def test_a_route_that_skips_ahead_in_one_lane_is_drawn_around_the_steps_it_passes(model):
    steps = [process_steps.add_step(model, actor="Agent", activity=f"Step {n}") for n in range(1, 5)]
    process_steps.update_step(steps[0], expected_version=steps[0].version, changes={"next_steps": "2; 4: skip"})
    db.session.commit()
    (drawn,) = service.drawn([model])
    chart = diagrams.swimlane(drawn)
    boxes = {b.step_id: b for b in chart.boxes}
    skip = next(e for e in chart.edges if e.source == str(steps[0].id) and e.target == str(steps[3].id))
    passed = [boxes[s.id].rect for s in steps[1:3]]
    assert _crossings(skip.points, passed) == [] and len(skip.points) > 2
    assert all(a[0] == b[0] or a[1] == b[1] for a, b in itertools.pairwise(skip.points))


def test_an_imported_model_with_a_step_added_is_laid_out_anew_with_its_pools_messages_and_notes(model):
    path = next(p for p in FILES if "camunda" in p.stem)
    _import(model, path.read_bytes())
    process_steps.add_step(model, actor="销售代表 Sales rep", activity="回访 Follow up", next_steps="end")
    db.session.commit()
    (edited,) = service.drawn([model])
    chart = diagrams.swimlane(edited)
    assert not chart.drawn_by_file  # the new step has no place in the file's drawing: every step is laid out
    diagram = edited.model.diagram
    assert len([e for e in chart.edges if e.kind == "message"]) == len(diagram["message_flows"])
    assert [n.id for n in chart.notes] == [a["id"] for a in diagram["annotations"]]
    assert [p.full_label for p in chart.pools] == [
        p["name"] for p in diagram["pools"]
    ]  # one above the other, the new step in its actor's pool
    assert next(s for s in edited.steps if s.activity == "回访 Follow up").pool == "销售部 Sales"
    assert _valid(bpmn.export("Edited", edited))


def test_saving_a_step_in_the_editor_keeps_what_the_file_gave_its_routes(model):
    path = next(p for p in FILES if "camunda" in p.stem)
    _imported, drawn = _import(model, path.read_bytes())
    gateway = next(s for s in drawn.steps if s.bpmn_id == "Gateway_0discount")
    before = sorted((f.bpmn_id, f.condition, f.is_default) for f in drawn.flows if f.source_id == gateway.id)
    assert any(condition for _id, condition, _default in before) and any(default for *_rest, default in before)
    # The form sends the routes as they read, with the other fields: nothing of the routes may change.
    changes = {"duration_hours": 0.5, "next_steps": drawn.routes_text(gateway)}
    process_steps.update_step(gateway, expected_version=gateway.version, changes=changes)
    db.session.commit()
    (after,) = service.drawn([model])
    assert sorted((f.bpmn_id, f.condition, f.is_default) for f in after.flows if f.source_id == gateway.id) == before
    assert _valid(bpmn.export("Edited", after))


def test_details_a_modeller_may_leave_out_still_give_a_valid_export(model):
    """Unnamed link events, untyped boundary events, a gateway as the first node, a pool named like
    another: each as bpmn.io writes them."""
    data = f"""<bpmn:definitions xmlns:bpmn="{B}" id="d">
      <bpmn:collaboration id="c"><bpmn:participant id="p1" name="Pool" processRef="a"/>
        <bpmn:participant id="p2" name="Pool" processRef="b"/></bpmn:collaboration>
      <bpmn:process id="a"><bpmn:exclusiveGateway id="g" default="f1"/><bpmn:task id="t1"/><bpmn:task id="t2"/>
        <bpmn:boundaryEvent id="be" attachedToRef="t1"/>
        <bpmn:intermediateThrowEvent id="lt"><bpmn:linkEventDefinition/></bpmn:intermediateThrowEvent>
        <bpmn:intermediateCatchEvent id="lc"><bpmn:linkEventDefinition/></bpmn:intermediateCatchEvent>
        <bpmn:sequenceFlow id="f1" sourceRef="g" targetRef="t1"/>
        <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="t2"/>
        <bpmn:sequenceFlow id="f3" sourceRef="t1" targetRef="lt"/>
        <bpmn:sequenceFlow id="f4" sourceRef="lc" targetRef="t2"/>
      </bpmn:process>
      <bpmn:process id="b"><bpmn:task id="t3"/></bpmn:process></bpmn:definitions>""".encode()
    imported, drawn = _import(model, data)
    assert imported.report.dropped == []
    assert sorted(p["name"] for p in drawn.model.diagram["pools"]) == ["Pool", "Pool (2)"]
    exported = bpmn.export("Details", drawn)
    assert _valid(exported)
    _again, second = _import(model, exported)
    assert _summary(second) == _summary(drawn)
