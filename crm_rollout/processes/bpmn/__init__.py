"""BPMN 2.0 in and out: what consultants draw in their modellers becomes a process model, and back."""

from crm_rollout.processes.bpmn.reading import Imported, parse
from crm_rollout.processes.bpmn.report import Report, in_words
from crm_rollout.processes.bpmn.shapes import MAX_BYTES
from crm_rollout.processes.bpmn.writing import export

__all__ = ["MAX_BYTES", "Imported", "Report", "export", "in_words", "parse"]
