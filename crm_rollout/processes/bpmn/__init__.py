"""BPMN 2.0 in and out: what consultants draw in their modellers becomes a process model, and back."""

from crm_rollout.processes.bpmn.reading import MAX_BYTES, Imported, Report, in_words, parse
from crm_rollout.processes.bpmn.writing import export

__all__ = ["MAX_BYTES", "Imported", "Report", "export", "in_words", "parse"]
