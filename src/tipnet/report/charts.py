"""Charts as inline SVG (matplotlib, Agg backend: no display, no network)."""

from __future__ import annotations

import io
from collections import Counter

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

PALETTE = ["#1f5f8b", "#e07b39", "#3a9d5d", "#b03a48", "#7a5195", "#c9a227", "#4f6d7a", "#d45087"]


def _svg(fig: plt.Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prologue: the SVG is inlined in HTML


def _empty(title: str) -> str:
    fig, ax = plt.subplots(figsize=(6.4, 1.6))
    ax.text(0.5, 0.45, "no data yet", ha="center", va="center", color="#5b6b7a")
    ax.set_axis_off()
    ax.set_title(title, fontsize=11, loc="left")
    return _svg(fig)


def bar_chart(
    counts: Counter[str],
    title: str,
    *,
    top: int = 12,
    horizontal: bool = True,
    ordered: list[str] | None = None,
) -> str:
    """A bar chart of the largest categories (or of `ordered` categories in that order)."""
    if ordered is not None:
        items = [(k, counts.get(k, 0)) for k in ordered if counts.get(k, 0) or k != "unknown"]
    else:
        items = counts.most_common(top)
    if not any(v for _, v in items):
        return _empty(title)
    labels = [k if len(k) <= 34 else k[:32] + "…" for k, _ in items]
    values = [v for _, v in items]
    height = max(2.2, 0.38 * len(labels) + 1.0) if horizontal else 3.2
    fig, ax = plt.subplots(figsize=(6.4, height))
    if horizontal:
        bars = ax.barh(labels[::-1], values[::-1], color=PALETTE[0])
        ax.bar_label(bars, padding=3, fontsize=8)
        ax.set_xlabel("count")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        bars = ax.bar(labels, values, color=PALETTE[0])
        ax.bar_label(bars, padding=2, fontsize=8)
        ax.tick_params(axis="x", labelrotation=45)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, fontsize=11, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def line_chart(series: dict[str, Counter[str]], title: str) -> str:
    """One line per series over sorted keys (months)."""
    keys = sorted({k for counts in series.values() for k in counts})
    if not keys:
        return _empty(title)
    fig, ax = plt.subplots(figsize=(6.4, 3.0))
    for i, (name, counts) in enumerate(series.items()):
        ax.plot(
            keys, [counts.get(k, 0) for k in keys], marker="o", markersize=3, label=name, color=PALETTE[i % 8]
        )
    ax.set_title(title, fontsize=11, loc="left")
    ax.tick_params(axis="x", labelrotation=60, labelsize=7)
    if len(keys) > 18:
        for j, label in enumerate(ax.get_xticklabels()):
            label.set_visible(j % 3 == 0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def donut_chart(counts: Counter[str], title: str) -> str:
    items = counts.most_common(8)
    if not items:
        return _empty(title)
    fig, ax = plt.subplots(figsize=(4.2, 3.0))
    wedges, _texts, _auto = ax.pie(
        [v for _, v in items], colors=PALETTE, autopct="%1.0f%%", pctdistance=0.78, wedgeprops={"width": 0.45},
        textprops={"fontsize": 8, "color": "white"},
    )  # fmt: skip
    ax.legend(
        wedges, [k for k, _ in items], loc="center left", bbox_to_anchor=(1, 0.5), frameon=False, fontsize=8
    )
    ax.set_title(title, fontsize=11, loc="left")
    return _svg(fig)
