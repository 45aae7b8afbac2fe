"""BPMN 2.0: the export is valid against the BPMN schema and parsed by a real engine (SpiffWorkflow);
our own files round-trip exactly; a modeller's file imports tasks, lanes and flows."""

import pytest
from SpiffWorkflow.bpmn.parser import BpmnParser, BpmnValidator

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.processes import bpmn, service
from crm_rollout.processes import steps as process_steps
from tests.factories import make_project, make_user


@pytest.fixture
def models(ctx):
    project = make_project(make_user("dir"))
    source = service.create_process(project.id, name="Complaints", area="service", in_blueprint=True)
    target = service.create_process(project.id, name="Imported", area="service", in_blueprint=True)
    model = service.current(service.models_of(source.id), "as_is")
    rows = [
        ("客服专员 Agent", "客服部", "登记投诉 Log the complaint", "Phone", 0.5, True),
        ("Quality engineer", "Quality", "Analyse the fault", "", 40, False),
        ("Supervisor", "客服部", "Draft the solution", "Word", 8, False),
        ("Manager", "客服部", "Approve", "", 16, True),
        ("客服专员 Agent", "客服部", "Call back", "Phone", 1, False),
    ]
    steps = [
        process_steps.add_step(model, actor=a, department=d, activity=act, system=sy, duration_hours=h, is_decision=dec)
        for a, d, act, sy, h, dec in rows
    ]
    process_steps.update_step(
        steps[0], expected_version=steps[0].version, changes={"next_steps": "2: 产品 product; 3: service"}
    )
    process_steps.update_step(
        steps[3], expected_version=steps[3].version, changes={"next_steps": "5: approved; 3: returned"}
    )
    db.session.commit()
    return model, service.current(service.models_of(target.id), "as_is")


def _drawn(model):
    (drawn,) = service.drawn([model])
    return drawn


def _routes(drawn):
    """Every route as (from activity, to activity or END, label)."""
    names = {s.id: s.activity for s in drawn.steps}
    return sorted(
        (names[source], names.get(route.target_id, "END"), route.label)
        for source, targets in drawn.routes.items()
        for route in targets
    )


def test_the_export_is_schema_valid_and_a_workflow_engine_reads_every_step_lane_and_flow(models):
    model, _target = models
    drawn = _drawn(model)
    document = bpmn.export("Complaints", drawn)
    parser = BpmnParser(validator=BpmnValidator())  # validates against the BPMN 2.0 XSD
    parser.add_bpmn_str(document)
    (process_id,) = parser.get_process_ids()
    specs = parser.get_spec(process_id).task_specs
    tasks = {s.bpmn_id: s for s in specs.values() if type(s).__name__ == "UserTask"}
    assert sorted((t.bpmn_name, t.lane) for t in tasks.values()) == sorted((s.activity, s.actor) for s in drawn.steps)

    def reach(spec):
        """Step names or END a spec leads to, through gateways and end events."""
        kind = type(spec).__name__
        if kind == "UserTask":
            return [spec.bpmn_name]
        if kind == "EndEvent":
            return ["END"]
        return [name for output in spec.outputs for name in reach(output)]

    parsed = sorted(
        (task.bpmn_name, target) for task in tasks.values() for output in task.outputs for target in reach(output)
    )
    assert parsed == sorted((source, target) for source, target, _label in _routes(drawn))
    start = next(s for s in specs.values() if type(s).__name__ == "StartEvent")
    assert [o.bpmn_name for o in start.outputs] == [drawn.steps[0].activity]


def test_our_own_export_round_trips_exactly(models):
    model, target = models
    before = _drawn(model)
    imported = bpmn.parse(bpmn.export("Complaints", before))
    process_steps.replace_steps(target, imported)
    after = _drawn(target)
    fields = process_steps.STEP_FIELDS
    assert [[getattr(s, f) for f in fields] for s in after.steps] == [
        [getattr(s, f) for f in fields] for s in before.steps
    ]
    assert _routes(after) == _routes(before)
    assert after.measures.critical_hours == before.measures.critical_hours
    assert [after.routes_text(s) for s in after.steps] == [before.routes_text(s) for s in before.steps]


MODELLER_FILE = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
    id="d1" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p1" isExecutable="false">
    <bpmn:laneSet id="ls"><bpmn:lane id="l1" name="Sales rep"><bpmn:flowNodeRef>t1</bpmn:flowNodeRef>
      <bpmn:flowNodeRef>g1</bpmn:flowNodeRef><bpmn:flowNodeRef>t3</bpmn:flowNodeRef></bpmn:lane>
      <bpmn:lane id="l2" name="Sales manager"><bpmn:flowNodeRef>t2</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="s"/>
    <bpmn:task id="t3" name="Send the quote"/>
    <bpmn:userTask id="t1" name="Prepare the quote"/>
    <bpmn:exclusiveGateway id="g1" name="Discount above 10 %?"/>
    <bpmn:intermediateCatchEvent id="wait" name="Manager back"/>
    <bpmn:task id="t2" name="Approve the discount"/>
    <bpmn:endEvent id="e"/>
    <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="t1"/>
    <bpmn:sequenceFlow id="f1" sourceRef="t1" targetRef="g1"/>
    <bpmn:sequenceFlow id="f2" sourceRef="g1" targetRef="wait" name="yes"/>
    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="t2"/>
    <bpmn:sequenceFlow id="f4" sourceRef="g1" targetRef="t3" name="no"/>
    <bpmn:sequenceFlow id="f5" sourceRef="t2" targetRef="t3"/>
    <bpmn:sequenceFlow id="f6" sourceRef="t3" targetRef="e"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="di"><bpmndi:BPMNPlane id="pl" bpmnElement="p1">
    <bpmndi:BPMNShape id="a" bpmnElement="t1"><dc:Bounds x="100" y="80" width="100" height="80"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="b" bpmnElement="g1"><dc:Bounds x="250" y="95" width="50" height="50"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="c" bpmnElement="t2"><dc:Bounds x="350" y="200" width="100" height="80"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="d" bpmnElement="t3"><dc:Bounds x="500" y="80" width="100" height="80"/></bpmndi:BPMNShape>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>"""


def test_a_modellers_file_keeps_every_node_in_the_order_of_its_flows(models):
    """The file lists "Send the quote" before the others and draws nothing for the events: the order comes
    from the start event along the flows, and the events and the gateway stay what they are."""
    _model, target = models
    imported = bpmn.parse(MODELLER_FILE)
    process_steps.replace_steps(target, imported)
    drawn = _drawn(target)
    assert [(s.bpmn_id, s.kind, s.actor) for s in drawn.steps] == [
        ("s", "start_event", "Unassigned"),
        ("t1", "user_task", "Sales rep"),
        ("g1", "exclusive_gateway", "Sales rep"),
        ("wait", "intermediate_catch_event", "Unassigned"),
        ("t2", "task", "Sales manager"),
        ("t3", "task", "Sales rep"),
        ("e", "end_event", "Unassigned"),
    ]
    assert drawn.steps[2].activity == "Discount above 10 %?"  # a gateway keeps its question
    ids = {s.id: s.bpmn_id for s in drawn.steps}
    assert sorted((ids[f.source_id], ids[f.target_id], f.label) for f in drawn.flows) == sorted(
        [
            ("s", "t1", ""),
            ("t1", "g1", ""),
            ("g1", "wait", "yes"),
            ("wait", "t2", ""),
            ("g1", "t3", "no"),
            ("t2", "t3", ""),
            ("t3", "e", ""),
        ]
    )
    assert drawn.measures.steps == 3 and drawn.measures.decisions == 1 and drawn.measures.unreachable == []


@pytest.mark.parametrize(
    "data",
    [
        b"not xml at all",
        b"<?xml version='1.0'?><root/>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&b;</bpmn:definitions>',
        b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p"/>'
        b"</bpmn:definitions>",
    ],
    ids=["not-xml", "not-bpmn", "entities", "no-tasks"],
)
def test_bad_files_are_refused_with_a_reason(data):
    with pytest.raises(ValidationFailed) as raised:
        bpmn.parse(data)
    assert raised.value.errors["file"]
