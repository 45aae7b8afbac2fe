"""A Chinese font installed after matplotlib first ran (a fresh machine following the README: the app's
command, then the test command that installs the font) is found anyway: no boxes for Chinese."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STALE = """
import os, sys
from matplotlib import font_manager
manager = font_manager.fontManager
manager.ttflist = [f for f in manager.ttflist if "CJK" not in f.name and "WenQuanYi" not in f.name]
font_manager.json_dump(manager, os.path.join(sys.argv[1], f"fontlist-v{font_manager.FontManager.__version__}.json"))
"""
DRAW = """
import warnings
from crm_rollout.core import charts
warnings.simplefilter("error")  # "Glyph ... missing from font(s)" fails
figure = charts._figure(3, 2)
figure.subplots().set_title("里程碑时间线 Timeline")
charts._to_svg(figure)
"""


def _run(code: str, cache_dir: Path):
    env = {"MPLCONFIGDIR": str(cache_dir), "PATH": "/usr/bin:/bin"}
    return subprocess.run(  # noqa: S603  (our own interpreter and code)
        [sys.executable, "-c", code, str(cache_dir)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_a_font_cache_written_before_the_chinese_font_was_installed_is_refreshed(tmp_path):
    assert _run(STALE, tmp_path).returncode == 0
    first = _run(DRAW, tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    again = _run(DRAW, tmp_path)  # and the refreshed list was kept for the next process
    assert again.returncode == 0, again.stderr[-2000:]
