"""What the machine lacks for charts and PDFs to show Chinese, said at start-up and on the pages, instead of
boxes or a failed download without a word. The first README command installs Python packages only; a
Chinese font and Pango come from the system (the test command installs them on Debian)."""

import ctypes.util
from functools import cache
from pathlib import Path

from crm_rollout.core.i18n import lazy_text as _l

FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts", "/Library/Fonts")
CHINESE_FONT_FILES = ("*CJK*", "*wqy*", "*WenQuanYi*", "*NotoSansSC*", "*SourceHanSans*", "msyh*", "PingFang*")
INSTALL_HINT = "apt-get install fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0"


@cache
def chinese_font_missing() -> bool:
    for folder in FONT_DIRS:
        root = Path(folder).expanduser()
        if root.is_dir() and any(next(root.rglob(pattern), None) for pattern in CHINESE_FONT_FILES):
            return False
    return True


@cache
def pango_missing() -> bool:
    return ctypes.util.find_library("pango-1.0") is None


def missing() -> list:
    """What is missing, in words for the one who runs the app and the people who see the pages."""
    found = []
    if chinese_font_missing():
        found.append(_l("a Chinese font (charts and PDFs show boxes for Chinese)"))
    if pango_missing():
        found.append(_l("Pango (PDFs of milestone reports cannot be made)"))
    return found
