"""Closed sets of stored codes, each code with the words a person reads.

A domain declares its statuses and kinds as a `Vocabulary`: the members are the strings stored in the
database (a member equals its code, so `item.status == ItemStatus.DONE` works on loaded rows), and each
carries its label in the reader's language. Forms, API validation, audit words and templates all read
the same declaration.
"""

from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import mapped_column

from crm_rollout.core.db import audited


class Vocabulary(StrEnum):
    def __new__(cls, code: str, label=None):
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label if label is not None else code
        return member

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)

    @classmethod
    def labels(cls) -> dict:
        return {member.value: member.label for member in cls}

    @classmethod
    def choices(cls) -> list[tuple[str, object]]:
        return [(member.value, member.label) for member in cls]


def coded_column(vocabulary, length: int, label=None, **kwargs):
    """A column that stores one of a vocabulary's codes (a `Vocabulary`, or a {code: label} table).

    Declared once here, the vocabulary gives the audit trail its words and the API its allowed values;
    `label` names the column in the audit trail, which then traces it.
    """
    info = {"vocabulary": vocabulary} | (audited(label) if label is not None else {})
    return mapped_column(String(length), info=info, **kwargs)


def coded_fields(model) -> dict[str, dict]:
    """{column: {code: label}} for the model's coded columns."""
    return {
        column.key: _labels(column.info["vocabulary"]) for column in model.__table__.c if "vocabulary" in column.info
    }


def _labels(vocabulary) -> dict:
    return dict(vocabulary) if isinstance(vocabulary, dict) else vocabulary.labels()
