"""Fitting text into boxes of SVG diagrams drawn as real text (any language, selectable, printable)."""


def _width(char: str, font_px: float) -> float:
    # CJK characters take a full em; Latin text averages a little over half.
    return font_px * (1.0 if ord(char) > 0x2E80 else 0.58)


def fit(text: str, width_px: float, font_px: float) -> str:
    """Cut text to what fits the width, ending in … when cut."""
    used, out = 0.0, []
    for char in text:
        used += _width(char, font_px)
        if used > width_px:
            return "".join(out).rstrip() + "…"
        out.append(char)
    return text


def wrap(text: str, width_px: float, font_px: float, lines: int = 2) -> list[str]:
    """Break text into at most `lines` lines of the width, preferring spaces; the last line is cut with …."""
    result, rest = [], " ".join((text or "").split())
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
    return result
