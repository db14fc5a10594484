"""A poll's result as a bar chart (PNG), drawn by matplotlib for the Word and PDF notes."""

from __future__ import annotations

import io
import textwrap

from matplotlib.figure import Figure

from polls.queries import ResultRow

# The same greens, yellows and reds as the screens (static/css/plenum.css).
BAR_COLOURS = {"green": "#146c2e", "yellow": "#8a6d00", "red": "#b3261e", "": "#00557f"}
LABEL_WIDTH = 34


def bar_chart(rows: list[ResultRow], *, of_whom: str) -> bytes:
    """Horizontal bars, one a row, each labelled with its count and share; the first row
    on top, as on the projector. `of_whom` names the x axis ("Share of the answers")."""
    labels = [textwrap.fill(row.label, LABEL_WIDTH) for row in rows][::-1]
    shares = [row.percent for row in rows][::-1]
    colours = [BAR_COLOURS.get(row.light, BAR_COLOURS[""]) for row in rows][::-1]
    height = 0.6 + 0.45 * sum(label.count("\n") + 1 for label in labels)
    # Figure, not pyplot: no global state, safe in a server thread.
    figure = Figure(figsize=(6.4, max(1.6, height)), dpi=150)
    axes = figure.subplots()
    bars = axes.barh(labels, shares, color=colours)
    axes.bar_label(bars, labels=[f"{row.count} ({row.percent} %)" for row in rows][::-1], padding=3)
    axes.set_xlim(0, 115)
    axes.set_xlabel(of_whom)
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="y", length=0)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
