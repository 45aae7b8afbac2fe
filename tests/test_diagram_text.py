"""Text fitted into diagram boxes: each line fits its width, words are kept whole where they can be, what does
not fit ends in an ellipsis, in Latin and Chinese alike; a result is the same however often it is asked for."""

import pytest

from crm_rollout.core.diagram_text import _width, fit, wrap


def _px(text: str, font_px: float) -> float:
    return sum(_width(char, font_px) for char in text)


@pytest.mark.parametrize(
    "text",
    [
        "Qualify the lead and hand it to the account owner within one working day",
        "销售线索在一个工作日内完成资格审查并移交客户负责人，超时自动升级给销售经理",
        "Short",
        "",
    ],
)
@pytest.mark.parametrize("lines", [1, 2, 3])
def test_wrapped_lines_fit_and_keep_the_words(text, lines):
    width, font = 140, 12
    result = wrap(text, width, font, lines=lines)
    assert len(result) <= lines
    for line in result:
        assert _px(line.removesuffix("…"), font) <= width
    cut = bool(result) and result[-1].endswith("…")
    shown = " ".join(line.removesuffix("…") for line in result)
    if not cut:
        assert shown.replace(" ", "") == text.replace(" ", "")  # nothing lost when nothing is cut
    else:
        assert text.replace(" ", "").startswith(shown.replace(" ", ""))
    if " " in text and len(result) > 1:
        assert all(word in text.split() for word in result[0].split())  # the first line broke between words


def test_fit_cuts_with_an_ellipsis_only_when_needed():
    assert fit("CRM", 100, 12) == "CRM"
    cut = fit("Customer relationship management", 60, 12)
    assert cut.endswith("…") and _px(cut.removesuffix("…"), 12) <= 60


def test_the_same_text_asked_again_gives_the_same_lines_which_no_caller_can_change():
    first = wrap("Approve the quotation above the discount limit", 100, 12, lines=3)
    again = wrap("Approve the quotation above the discount limit", 100, 12, lines=3)
    assert first == again and isinstance(first, tuple)
    assert wrap(None, 100, 12) == ()
