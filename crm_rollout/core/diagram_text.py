"""Fitting text into boxes of SVG diagrams drawn as real text (any language, selectable, printable).

Both are pure and their results are remembered (a bounded cache per process): every view of a process model or
an org chart fits the same step and people's names into the same boxes again, a character at a time."""

import functools

TEXTS_REMEMBERED = 4096


def _width(char: str, font_px: float) -> float:
    # CJK characters take a full em; Latin text averages a little over half.
    return font_px * (1.0 if ord(char) > 0x2E80 else 0.58)


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
def fit(text: str, width_px: float, font_px: float) -> str:
    """Cut text to what fits the width, ending in … when cut."""
    used, out = 0.0, []
    for char in text:
        used += _width(char, font_px)
        if used > width_px:
            return "".join(out).rstrip() + "…"
        out.append(char)
    return text


def wrap(text: str, width_px: float, font_px: float, lines: int = 2) -> tuple[str, ...]:
    """Break text into at most `lines` lines of the width, preferring spaces; the last line is cut with …."""
    return _wrapped(text or "", width_px, font_px, lines)


@functools.lru_cache(maxsize=TEXTS_REMEMBERED)
def _wrapped(text: str, width_px: float, font_px: float, lines: int) -> tuple[str, ...]:
    result, rest = [], " ".join(text.split())
    while rest and len(result) < lines - 1:
        used, cut = 0.0, len(rest)
        for n, char in enumerate(rest):
            used += _width(char, font_px)
            if used > width_px:
                cut = n
                break
        if cut == len(rest):
            break
        space = rest.rfind(" ", 0, cut + 1)
        if space > 0:  # break at a word boundary when there is one on the line
            cut = space
        result.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        result.append(fit(rest, width_px, font_px))
    return tuple(result)
