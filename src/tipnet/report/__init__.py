"""The HTML report of a run: what a committee wants to see first, as tables and charts.

`figures` gathers aggregate statistics from the store (never a name or any other personal
field), `charts` draws them (matplotlib, inline SVG so the report works offline), `render`
writes one self-contained HTML file.
"""

from tipnet.report.render import write_report

__all__ = ["write_report"]
