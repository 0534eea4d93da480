"""Writing the report: figures and charts into one self-contained HTML file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tipnet import __version__
from tipnet.report import charts
from tipnet.report.figures import AGE_BANDS, Figures, gather


@dataclass
class Section:
    """A report section that a capability adds (screening hits, network picture, ...)."""

    title: str
    html: str
    anchor: str = ""


@dataclass
class ReportInput:
    title: str = "tipnet report"
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)


def _charts(f: Figures) -> dict[str, Markup]:
    ages = [label for _, _, label in AGE_BANDS] + ["unknown"]
    return {
        name: Markup(svg)
        for name, svg in {
            "nationality": charts.bar_chart(f.victims_by_nationality, "Victims by nationality"),
            "gender": charts.donut_chart(f.victims_by_gender, "Victims by sex"),
            "age": charts.bar_chart(f.victims_by_age, "Victims by age band", horizontal=False, ordered=ages),
            "exploitation": charts.bar_chart(f.victims_by_exploitation, "Victims by form of exploitation"),
            "industry": charts.bar_chart(f.victims_by_industry, "Forced labour by industry", top=8),
            "cases": charts.bar_chart(f.cases_by_status, "Cases by status"),
            "prosecution": charts.bar_chart(f.suspects_by_stage, "Suspects by legal stage"),
            "crossings": charts.line_chart({"crossings": f.crossings_by_month}, "Border crossings per month"),
            "mrz": charts.donut_chart(f.mrz_checks, "Travel documents checked (MRZ)"),
        }.items()
    }


def write_report(engine: Engine, out_dir: Path, extra: ReportInput | None = None) -> Path:
    """Write `out_dir/index.html` from the store and return its path."""
    extra = extra or ReportInput()
    with Session(engine) as session:
        figures = gather(session)
    env = Environment(loader=PackageLoader("tipnet.report"), autoescape=select_autoescape(["html", "j2"]))
    html = env.get_template("report.html.j2").render(
        f=figures,
        charts=_charts(figures),
        extra=extra,
        sections=[(s, Markup(s.html)) for s in extra.sections],
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        version=__version__,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path
