"""Tidying values before services validate them."""


def stripped(values: dict) -> dict:
    """The same values with surrounding white space removed from every text."""
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
