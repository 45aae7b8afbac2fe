"""Closed sets of stored codes, each code with the words a person reads.

A domain declares its statuses and kinds as a `Vocabulary`: the members are the strings stored in the
database (a member equals its code, so `item.status == ItemStatus.DONE` works on loaded rows), and each
carries its label in the reader's language. Forms, API validation, audit words and templates all read
the same declaration.
"""

from enum import StrEnum


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
