"""Charts as SVG: matplotlib Figures (never pyplot), one palette and CJK-capable fonts, cached by content.

matplotlib is imported on first use, so pages without charts never pay for it.
"""

import hashlib
import io
import json
import logging
from datetime import date

from crm_rollout.core.caching import cache
from crm_rollout.core.diagram_text import wrap

log = logging.getLogger(__name__)
PALETTE = {
    "accent": "#1f5fbf",
    "planned": "#c7d3e6",
    "actual": "#1f5fbf",
    "late": "#b42318",
    "ok": "#1e7a46",
    "muted": "#5b6573",
    "text": "#1d2733",
}
FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "DejaVu Sans"]
CJK_FONTS = set(FONTS) - {"DejaVu Sans"}
CHART_SECONDS = 24 * 3600  # the key is the data itself: a chart never goes stale, it only falls out of use
_configured = False


def _find_fonts_installed_after_the_cache() -> None:
    """matplotlib lists the system's fonts once, in a cache it never refreshes: a Chinese font installed
    after that stays invisible and every glyph becomes a box. When the list has no Chinese font, look at the
    system's fonts again, add what is new and write the cache anew."""
    import os

    import matplotlib
    from matplotlib import font_manager

    manager = font_manager.fontManager
    if any(font.name in CJK_FONTS for font in manager.ttflist):
        return
    known = {font.fname for font in manager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                manager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # a file FreeType cannot read
                continue
    if any(font.name in CJK_FONTS for font in manager.ttflist):
        cache = os.path.join(matplotlib.get_cachedir(), f"fontlist-v{font_manager.FontManager.__version__}.json")
        font_manager.json_dump(manager, cache)
    else:
        log.warning("No Chinese font found: charts will show boxes for Chinese. Install fonts-noto-cjk.")


def _figure(width: float, height: float):
    global _configured
    import matplotlib

    if not _configured:
        matplotlib.use("Agg")
        _find_fonts_installed_after_the_cache()
        matplotlib.rcParams.update(
            {
                "font.family": ["sans-serif"],
                "font.sans-serif": FONTS,
                "svg.fonttype": "none",  # keep text as text: selectable, small, any language
                "axes.spines.top": False,
                "axes.spines.right": False,
                "axes.edgecolor": "#9aa4b2",
                "axes.titlesize": 12,
                "axes.titleweight": "bold",
                "font.size": 9,
            }
        )
        _configured = True
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100)


def _to_svg(figure) -> bytes:
    """Trimmed to what is drawn. bbox_inches="tight" would render the whole SVG twice to measure it; the
    Agg renderer measures the text alone, a third of the cost."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    bounds = figure.get_tightbbox(FigureCanvasAgg(figure).get_renderer()).padded(0.1)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", bbox_inches=bounds, metadata={"Date": None})
    return buffer.getvalue()


def cached(kind: str, data: dict, render) -> bytes:
    """The SVG for this chart and data, rendered once for every reader and app server while it stays in the
    shared cache (core/caching.py)."""
    key = "chart:" + hashlib.sha256(json.dumps([kind, data], sort_keys=True, default=str).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = render(data)
        cache.set(key, svg, timeout=CHART_SECONDS)
    return svg


def timeline_svg(data: dict) -> bytes:
    """Phases as planned (light) and actual (dark) bars, milestones as named diamonds (baseline hollow,
    forecast filled) beside their phase's bars or, without a phase, on a row of their own, and today's line.
    `data` holds only plain values so it can key the cache."""
    phases = data["phases"]
    places, free = _milestone_places(data["milestones"], [p.get("number") for p in phases])
    rows = len(phases) + (1 if free else 0)
    figure = _figure(10, 0.5 * rows + 1.6)
    ax = figure.add_subplot()
    labels = []
    for n, phase in enumerate(phases):
        labels.append((rows - 1 - n, phase["label"]))
        _phase_bars(ax, rows - 1 - n, phase, data, with_legend=n == 0)
    if free:
        labels.append((0, data["legend"]["milestones"]))
    span = _date_span(data)
    for m, (phase_index, slot) in places:
        y = (rows - 1 - phase_index + (0.38 if slot else -0.38)) if phase_index is not None else 0
        _milestone(ax, m, y, span, stacked=phase_index is None and slot % 2 == 1)
    ax.plot([], [], markersize=6, label=data["legend"]["baseline"], **_HOLLOW)
    ax.plot([], [], marker="D", color=PALETTE["ok"], linestyle="none", label=data["legend"]["forecast"])
    _timeline_axes(ax, labels, rows, data)
    return _to_svg(figure)


_HOLLOW = {"marker": "D", "markerfacecolor": "white", "markeredgecolor": PALETTE["muted"], "linestyle": "none"}


def _milestone_places(milestones: list, phase_numbers: list) -> tuple[list, bool]:
    """Where each milestone goes: (index of its phase's row, slot) with slot 0 below the bars and 1 above
    them; a phase's third milestone, and one without a phase, go to the milestones row (index None)."""
    used, places, free = {}, [], 0
    for m in milestones:
        index = phase_numbers.index(m["phase"]) if m.get("phase") is not None and m["phase"] in phase_numbers else None
        slot = used.get(index, 0)
        if index is None or slot > 1:
            places.append((m, (None, free)))
            free += 1
        else:
            places.append((m, (index, slot)))
            used[index] = slot + 1
    return places, free > 0


def _date_span(data: dict) -> tuple[date, date]:
    days = [date.fromisoformat(data["today"])]
    for phase in data["phases"]:
        days += [date.fromisoformat(d) for d in (phase["planned"] or []) + (phase["actual"] or []) if d]
    for m in data["milestones"]:
        days += [date.fromisoformat(m["baseline"]), date.fromisoformat(m["expected"])]
    return min(days), max(days)


def _phase_bars(ax, y: float, phase: dict, data: dict, *, with_legend: bool) -> None:
    legend = data["legend"]
    if phase["planned"]:
        start, end = (date.fromisoformat(d) for d in phase["planned"])
        ax.barh(
            y + 0.15,
            (end - start).days + 1,
            left=start,
            height=0.3,
            color=PALETTE["planned"],
            label=legend["planned"] if with_legend else None,
        )
    if phase["actual"]:
        start = date.fromisoformat(phase["actual"][0])
        end = date.fromisoformat(phase["actual"][1] or data["today"])
        ax.barh(
            y - 0.15,
            max((end - start).days, 1),
            left=start,
            height=0.3,
            color=PALETTE["actual"],
            label=legend["actual"] if with_legend else None,
        )


def _milestone(ax, m: dict, y: float, span: tuple[date, date], *, stacked: bool) -> None:
    """Baseline (hollow), forecast (filled, red when late) and the name beside the forecast: to its right,
    or to its left in the last third of the chart so that it stays inside; on the milestones row every
    other name sits lower so that neighbours do not overlap."""
    baseline, expected = date.fromisoformat(m["baseline"]), date.fromisoformat(m["expected"])
    colour = PALETTE["late"] if expected > baseline else PALETTE["ok"]
    ax.plot([baseline], [y], markersize=6, **_HOLLOW)
    if expected > baseline:
        ax.plot([baseline, expected], [y, y], color=colour, linewidth=1)
    ax.plot([expected], [y], marker="D", markersize=6, color=colour, linestyle="none")
    late_in_chart = (expected - span[0]).days > 0.66 * max((span[1] - span[0]).days, 1)
    ax.annotate(
        wrap(m.get("name") or "", 230, 7, lines=1)[0] if m.get("name") else "",
        (expected, y),
        xytext=(-7 if late_in_chart else 7, -9 if stacked else -3),
        textcoords="offset points",
        ha="right" if late_in_chart else "left",
        fontsize=7,
        color=PALETTE["text"],
    )


def _timeline_axes(ax, labels: list, rows: int, data: dict) -> None:
    import matplotlib.dates as mdates

    today = date.fromisoformat(data["today"])
    ax.axvline(today, color=PALETTE["late"], linestyle="--", linewidth=1, label=data["legend"]["today"])
    ax.set_yticks([y for y, _ in labels], [label for _, label in labels])
    ax.set_ylim(-0.8, rows - 0.2)
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.set_xlabel(data["legend"]["x"])
    ax.set_title(data["title"], loc="left")
    ax.grid(axis="x", color="#e5e8ec", linewidth=0.6)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=5, frameon=False, fontsize=8)


def waves_svg(data: dict) -> bytes:
    """Several projects' milestones on one time axis (a programme's waves): a row per milestone, grouped by
    project in shaded bands named on the left; each a diamond at its expected date, red with a line back to
    its hollow baseline when it slipped, green otherwise; today's line."""
    rows = [(group["label"], m) for group in data["groups"] for m in group["milestones"]]
    figure = _figure(10, 0.32 * max(len(rows), 1) + 1.8)
    ax = figure.add_subplot()
    count, y = len(rows), len(rows) - 1
    for n, group in enumerate(data["groups"]):
        size = len(group["milestones"])
        if size and n % 2 == 0:
            ax.axhspan(y - size + 0.5, y + 0.5, color="#f2f5f9", zorder=0)
        y -= size
    for n, (_group, m) in enumerate(rows):
        y = count - 1 - n
        baseline, expected = date.fromisoformat(m["baseline"]), date.fromisoformat(m["expected"])
        colour = PALETTE["late"] if expected > baseline else PALETTE["ok"]
        if expected > baseline:
            ax.plot([baseline], [y], markersize=5, **_HOLLOW)
            ax.plot([baseline, expected], [y, y], color=colour, linewidth=1)
        ax.plot([expected], [y], marker="D", markersize=6, color=colour, linestyle="none")
    ax.plot([], [], marker="D", color=PALETTE["ok"], linestyle="none", label=data["legend"]["forecast"])
    ax.plot([], [], marker="D", color=PALETTE["late"], linestyle="none", label=data["legend"]["late"])
    ax.plot([], [], markersize=5, label=data["legend"]["baseline"], **_HOLLOW)
    labels = [(count - 1 - n, f"{group} · " + wrap(m["name"], 300, 8, lines=1)[0]) for n, (group, m) in enumerate(rows)]
    _timeline_axes(ax, labels, count, data)
    ax.tick_params(axis="y", labelsize=8)
    # Under the month axis whatever the chart's height (_timeline_axes places it for a short chart).
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.6 / (0.32 * max(count, 1) + 0.4)), ncol=4, frameon=False)
    return _to_svg(figure)


def burnup_svg(data: dict) -> bytes:
    """Checklist items done over time (a step line) against the number of items that count."""
    import matplotlib.dates as mdates

    figure = _figure(9, 3.2)
    ax = figure.add_subplot()
    days = [date.fromisoformat(d) for d, _ in data["points"]]
    done = [n for _, n in data["points"]]
    if days:
        ax.step(days, done, where="post", color=PALETTE["accent"], linewidth=2, label=data["labels"]["done"])
        ax.axhline(data["total"], color=PALETTE["muted"], linestyle=":", label=data["labels"]["total"])
        ax.legend(frameon=False, fontsize=8, loc="upper left")
    ax.set_ylim(0, max(data["total"], max(done, default=0)) * 1.1 + 1)
    ax.xaxis_date()
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
    ax.set_ylabel(data["labels"]["y"])
    ax.set_xlabel(data["labels"]["x"])
    ax.set_title(data["labels"]["title"], loc="left")
    ax.grid(axis="y", color="#e5e8ec", linewidth=0.6)
    return _to_svg(figure)


def slippage_svg(data: dict) -> bytes:
    """Working days each milestone is late (red) or early (green) against its baseline."""
    rows = data["milestones"] or [{"label": data["labels"]["none"], "days": 0}]
    figure = _figure(9, 0.5 * len(rows) + 1.2)
    ax = figure.add_subplot()
    labels = ["\n".join(wrap(r["label"], 260, 8)) for r in rows]  # whole names, on two lines where long
    values = [r["days"] for r in rows]
    colours = [PALETTE["late"] if v > 0 else PALETTE["ok"] for v in values]
    ax.barh(range(len(rows)), values, color=colours)
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color=PALETTE["muted"], linewidth=1)
    ax.set_xlabel(data["labels"]["x"])
    ax.set_title(data["labels"]["title"], loc="left")
    ax.grid(axis="x", color="#e5e8ec", linewidth=0.6)
    return _to_svg(figure)


def radar_svg(data: dict) -> bytes:
    """One polygon per series (overall, or each respondent group) over the questionnaire's dimensions, 0–5."""
    import math

    labels = data["labels"]
    count = len(labels)
    figure = _figure(6, 6)
    ax = figure.add_subplot(projection="polar")
    angles = [2 * math.pi * n / count for n in range(count)] + [0]
    colours = [PALETTE["accent"], PALETTE["late"], PALETTE["ok"], "#a15c00", PALETTE["muted"]]
    for colour, (name, values) in zip(colours, data["series"].items(), strict=False):
        points = [v if v is not None else 0 for v in values]
        ax.plot(angles, [*points, points[0]], color=colour, linewidth=2, label=name)
        ax.fill(angles, [*points, points[0]], color=colour, alpha=0.08)
    ax.set_xticks(angles[:-1], ["\n".join(wrap(label, 130, 9)) for label in labels], fontsize=9)
    ax.set_ylim(0, 5)
    ax.set_yticks([1, 2, 3, 4, 5])
    ax.set_title(data["title"], loc="left", pad=28)  # clear of the top dimension's name
    if len(data["series"]) > 1:
        # Below the plot, never over it.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False, fontsize=8)
    return _to_svg(figure)


def kpis_svg(data: dict) -> bytes:
    """Small multiples: each KPI's measurements with its baseline and target, two columns."""
    import matplotlib.dates as mdates

    panels = data["kpis"] or [{"name": data["labels"]["none"], "points": [], "baseline": 0, "target": 0}]
    columns = 2
    rows = -(-len(panels) // columns)
    figure = _figure(9, 2.4 * rows + 0.4)
    for index, kpi in enumerate(panels):
        ax = figure.add_subplot(rows, columns, index + 1)
        if kpi["points"]:
            days = [date.fromisoformat(d) for d, _v in kpi["points"]]
            ax.plot(days, [v for _d, v in kpi["points"]], marker="o", color=PALETTE["accent"], linewidth=2)
            if len(set(days)) > 1:  # one day gives the locator no range to pick ticks from
                locator = mdates.AutoDateLocator(maxticks=5)
                ax.xaxis.set_major_locator(locator)
                ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
            else:
                ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m-%d"))
        else:
            ax.set_xticks([])
        ax.axhline(
            kpi["baseline"], color=PALETTE["muted"], linestyle=":", linewidth=1, label=data["labels"]["baseline"]
        )
        ax.axhline(kpi["target"], color=PALETTE["ok"], linestyle="--", linewidth=1, label=data["labels"]["target"])
        ax.set_title("\n".join(wrap(kpi["name"], 330, 9)), loc="left", fontsize=9)
        ax.tick_params(labelsize=7)
        ax.set_ylabel(kpi.get("unit", ""), fontsize=7)
        if index == 0:
            ax.legend(frameon=False, fontsize=7)
    figure.tight_layout()
    return _to_svg(figure)


def trend_svg(data: dict) -> bytes:
    """Repeated runs of one questionnaire: the overall score (bold) and each dimension over time, 1–5."""
    figure = _figure(9, 3.4)
    ax = figure.add_subplot()
    labels = data["dates"]
    for index, (name, values) in enumerate(data["series"].items()):
        ax.plot(
            range(len(labels)),
            [v if v is not None else float("nan") for v in values],
            marker="o",
            linewidth=3 if index == 0 else 1.2,
            color=PALETTE["accent"] if index == 0 else None,
            label=name,
        )
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylim(1, 5)
    ax.set_ylabel(data["y"])
    ax.set_title(data["title"], loc="left")
    ax.grid(axis="y", color="#e5e8ec", linewidth=0.6)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    return _to_svg(figure)
