"""Nokia's quarterly group growth as printed, one line per growth basis."""

from __future__ import annotations

import pandas as pd

from helpers import draw, figdata, series, words
from helpers.segments.common import BASIS_COLORS, GROWTH_BASES, GROWTH_UNIT, nokia_rows


def growth_points(facts: pd.DataFrame, segment: str, first: int, last: int) -> pd.DataFrame:
    """Printed year-on-year growth of one segment per quarter and basis, as plotted points.

    A growth rate is itself a same-perimeter change (one document prints it against the same
    quarter a year before), so each point names its document as its ``link`` and a line
    of one basis runs on through a change of perimeter (marked); it breaks only where a
    quarter has no figure."""
    rows = nokia_rows(facts, GROWTH_BASES, [segment], "quarter", first, last)
    rows = series.choose(rows, by=("metric",))
    parts = [figdata.points(part.assign(link=part["source_id"]), basis, y="value",
                            unit=GROWTH_UNIT).assign(segment=segment)
             for metric, basis in GROWTH_BASES.items()
             for part in [rows[rows["metric"] == metric]] if not part.empty]
    return figdata.finish_table(*parts)


def group_growth(facts: pd.DataFrame, first: int, last: int,
                 events: pd.DataFrame | None = None) -> figdata.Chart:
    table = growth_points(facts, "total", first, last)
    n = {"first": first, "last": last, "empty": table.empty}
    if not table.empty:
        basis = "reported" if (table["label"] == "reported").any() else table["label"].iloc[0]
        n.update(basis=basis, **_streak(table[table["label"] == basis].sort_values("x")))
        latest = table[table["period"] == n["latest_period"]]
        n["latest_all"] = dict(zip(latest["label"], latest["y"].astype(float), strict=True))
        n["gaps"] = figdata.gaps(table)
    subtitle = ("Year-on-year change of Nokia's net sales per quarter, percent, as printed, "
                "by basis: constant currency and portfolio also leaves acquisitions out")
    c = figdata.Chart.told("group-growth", table, growth_words, subtitle, numbers=n,
                           extra={"events": events})
    c.notes = [f"{label}: no figure for {words.period_runs(q)}"
               for label, q in n.get("gaps", {}).items()]
    return c


def _streak(part: pd.DataFrame) -> dict:
    """The latest quarter, and for how many quarters back from it the sign has held."""
    values, periods = part["y"].tolist(), part["period"].tolist()
    sign = (values[-1] > 0) - (values[-1] < 0)
    run = 0
    for v in reversed(values):
        if ((v > 0) - (v < 0)) != sign:
            break
        run += 1
    out = {"latest_period": periods[-1], "latest": words.period(periods[-1]),
           "latest_value": values[-1], "sign": sign, "run": run,
           "run_start": words.period(periods[-run]), "before": None}
    if run < len(values):
        out.update(before=words.period(periods[-run - 1]), before_value=values[-run - 1])
    return out


def growth_words(n: dict) -> tuple[str, str]:
    if n["first"] > n["last"]:
        text = f"no quarters to show: {n['first']} comes after {n['last']}"
        return f"Nokia's quarterly growth: {text}", words.sentence(text) + "."
    if n["empty"]:
        text = f"no quarterly growth of Nokia's net sales in data/ for {n['first']}-{n['last']}"
        return words.unanswered(text)
    verb = {1: "grown", -1: "shrunk", 0: "been flat"}[n["sign"]]
    if n["run"] > 1:
        title = (f"Nokia's net sales have {verb} year on year for {n['run']} quarters "
                 f"({n['basis']}); {words.pct(n['latest_value'])} in {n['latest']}")
    else:
        title = (f"Nokia's net sales changed {words.pct(n['latest_value'])} year on year in "
                 f"{n['latest']} ({n['basis']})")
        if n["before"]:
            title += f", after {words.pct(n['before_value'])} in {n['before']}"
    latest = "; ".join(f"{words.pct(v)} {b}" for b, v in n["latest_all"].items())
    finding = f"In {n['latest']} Nokia's net sales changed on a year earlier by {latest}."
    if n["run"] > 1:
        finding += (f" {words.sentence(n['basis'])} growth has had the same sign since "
                    f"{n['run_start']}")
        finding += (f", after {words.pct(n['before_value'])} in {n['before']}." if n["before"]
                    else ".")
    return title, finding


def draw_group_growth(chart: figdata.Chart, ds):
    return draw.chart(chart, ds, [draw.Panel(ylabel="Year-on-year change, percent",
                                             fmt="{:+.0f}%", zero=True, from_zero=False)],
                      draw.event_marks(chart.extra.get("events"), quarters=True),
                      colors=BASIS_COLORS)
