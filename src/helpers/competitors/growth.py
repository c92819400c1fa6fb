"""Revenue growth, year on year, each change measured on one perimeter in the company's own
currency."""

from __future__ import annotations

import pandas as pd

from helpers import chain, draw, figdata, metrics, words
from helpers.competitors.amounts import net_sales
from helpers.competitors.common import COMPANIES, ranked_latest, window


def growth(facts: pd.DataFrame, peers=("ciena", "cisco"), first: int = 2000,
           last: int | None = None, acquisitions: pd.DataFrame | None = None) -> figdata.Chart:
    """Each company's growth over its previous fiscal year, from the link ``helpers.chain``
    picks: both years printed by one document, or both on one perimeter; a change computed
    from figures too rounded to measure it (``chain.MAX_IMPRECISION``) is left out. Growth
    includes what was bought: the years in which an acquisition that data/annotations.csv
    names for this chart was consolidated are named."""
    first, last = window(facts, first, last)
    parts, notes, n = [], [], {"first": first, "last": last, "latest": {}, "bought": []}
    for entity in dict.fromkeys(["nokia", *peers]):
        name = COMPANIES[entity]
        rows = net_sales(facts, entity)
        rows = rows[(rows["year"] >= first - 1) & (rows["year"] <= last)]
        steps = chain.links(rows, "amount")
        every = chain.links(rows, "amount", max_imprecision=float("inf"))
        years = steps["period"].str[2:].astype(int)
        steps = steps.loc[(years >= first) & (years <= last)]
        coarse = sorted(set(every["period"]) - set(steps["period"]))
        coarse = [p for p in coarse if first <= int(p[2:]) <= last]
        if coarse:
            notes.append(f"{name}: {words.period_runs(coarse)} left out: the documents print "
                         "totals too rounded to measure the change")
        if steps.empty:
            continue
        ends = rows.drop_duplicates("period").set_index("period")["period_end"]
        pts = pd.DataFrame({
            "period": steps["period"], "period_end": ends.reindex(steps["period"]).to_numpy(),
            "growth": metrics.change_pct(1.0, steps["change"].astype(float)), "unit": "percent",
            "basis": "chained", "perimeter": steps["perimeter"],
            "perimeter_label": steps["perimeter_label"], "source_id": steps["link"],
            "locator": steps["locator"], "link": steps["link"]})
        parts.append(figdata.points(pts, name, y="growth", unit="percent").assign(entity=entity))
        last_row = pts.iloc[-1]
        n["latest"][name] = (last_row["period"], float(last_row["growth"]))
    table = figdata.finish_table(*parts)
    for _, ev in (acquisitions if acquisitions is not None else pd.DataFrame()).iterrows():
        year = fiscal_year_of(facts, ev["entity"], ev["date"])
        hit = table[(table["label"] == COMPANIES.get(ev["entity"], "")) & (table["period"] == year)]
        if len(hit):
            n["bought"].append((COMPANIES[ev["entity"]], year, float(hit["y"].iloc[0]),
                                ev["title"]))
    if not table.empty:
        top = table.loc[table["y"].idxmax()]
        low = table.loc[table["y"].idxmin()]
        n.update(top=(top["label"], top["period"], float(top["y"])),
                 low=(low["label"], low["period"], float(low["y"])))
    subtitle = ("Revenue growth over the previous fiscal year, percent, in each company's own "
                "currency; both years from one document or one perimeter; acquisitions "
                "included")
    return figdata.Chart.told("growth", table, growth_words, subtitle, notes=notes, numbers=n)


def fiscal_year_of(facts: pd.DataFrame, entity: str, when) -> str:
    """The company's fiscal year a date falls in: the first of its fiscal years that ends on
    or after it (Cisco's FY2025 began in late July 2024)."""
    when = pd.Timestamp(when)
    ends = facts.loc[(facts["entity"] == entity) & (facts["freq"] == "annual"),
                     ["period", "period_end"]].drop_duplicates("period")
    later = ends[pd.to_datetime(ends["period_end"]) >= when]
    if later.empty:
        return f"FY{when.year}"
    return later.sort_values("period_end")["period"].iloc[0]


def growth_words(n: dict) -> tuple[str, str]:
    if not n["latest"]:
        text = ("no same-perimeter revenue growth can be computed for "
                f"{words.span(n['first'], n['last'])}")
        return words.unanswered(text)
    year, listed, latest = ranked_latest(n["latest"], lambda v: words.pct(v, 1))
    title = (f"In {year} " if year else "Latest: ") + listed
    if n["bought"]:
        who, year, value, _ = max(n["bought"], key=lambda b: abs(b[2]))
        title += f"; {who} {words.pct(value)} in {year} with an acquisition"
    finding = ("Latest year-on-year revenue growth, same perimeter, in each company's own "
               "currency: " + "; ".join(f"{name} {words.pct(v, 1)} ({p})"
                                        for name, (p, v) in latest) + ".")
    for who, year, value, what in n["bought"]:
        finding += f" {who}'s {year} growth of {words.pct(value)} includes an acquisition ({what})."
    return title, finding


def draw_growth(chart: figdata.Chart, ds, events=None):
    return draw.chart(chart, ds, [draw.Panel(ylabel="Growth on previous fiscal year, percent",
                                             fmt="{:+.0f}%", zero=True, from_zero=False)],
                      draw.event_marks(events))
