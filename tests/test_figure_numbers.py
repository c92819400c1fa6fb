"""Every number a figure's title and finding quote, recomputed from the figure's own table.

Each chart is built from the real data with its notebook's defaults, its table is passed
through CSV as ``save_figure`` writes it beside the image, and the quoted numbers are
computed again from that CSV alone: a title that drifted from its chart fails here. One test
per figure, each cheap (no notebook, no drawing).
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from helpers import claims, collapse, data, explore, metrics, notebook, schema, series, words
from helpers import competitors as comp
from helpers import segments as seg


@pytest.fixture(scope="module")
def real():
    ds = data.load()
    return ds, series.facts(ds)


def annotations(ds, facts, chart: str) -> pd.DataFrame:
    """The events data/annotations.csv names for ``chart``, as a notebook reads them."""
    context = notebook.Context.__new__(notebook.Context)
    context.ds = ds
    return context.annotations(chart)


def csv(chart) -> pd.DataFrame:
    """The chart's table as a reader downloads it."""
    return pd.read_csv(io.StringIO(chart.table.to_csv(index=False)), dtype={"period": str})


def y(t: pd.DataFrame, label: str, period: str) -> float:
    return float(t[(t["label"] == label) & (t["period"] == period)]["y"].iloc[0])


# ---------------------------------------------------------------- 10-revenue-collapse

def test_group_net_sales(real):
    ds, facts = real
    chart = collapse.group_story(facts, 1998, notebook.latest_year(facts))
    t = csv(chart)
    printed = t[t["label"] == collapse.group.PRINTED]
    peak = printed.loc[printed["y"].idxmax()]
    chained = t[t["label"] == collapse.group.LIKE]
    last = chained.sort_values("x").iloc[-1]
    fall = metrics.change_pct(peak["y"], y(t, collapse.group.PRINTED, last["period"]))
    assert chart.title == (f"From the {peak['period']} peak to {last['period']} Nokia's sales "
                           f"fell {abs(fall):.0f}% as printed and {100 - last['y']:.0f}% on "
                           "the same perimeter, chained")
    assert f"peaked at {words.money(peak['y'])} in {peak['period']}" in chart.finding


def test_phones_vs_networks_and_the_fall_table_read_one_line(real):
    ds, facts = real
    chart = collapse.business_story(facts, 1998, notebook.latest_year(facts), 2013,
                                    ds.businesses)
    t = csv(chart)
    phones = t[t["label"] == "Phone business"].sort_values("x")
    peak = phones.loc[phones["y"].idxmax()]
    line = phones[phones["line"] == peak["line"]]
    end = line.iloc[-1]
    assert chart.title.startswith(f"Nokia's phone business peaked at {words.money(peak['y'])} "
                                  f"in {peak['period']}")
    if end["period"] != peak["period"]:
        assert f"{abs(metrics.change_pct(peak['y'], end['y'])):.0f}% smaller by " \
               f"{end['period']}" in chart.title
    newest = phones[phones["line"] == phones["line"].iloc[-1]]
    if newest["line"].iloc[0] != peak["line"]:
        change = metrics.change_pct(newest["y"].iloc[0], newest["y"].iloc[-1])
        assert f"from {newest['period'].iloc[0]} to {newest['period'].iloc[-1]} it shrank " \
               f"{abs(change):.0f}%" in chart.title
    # the peak-to-trough text measures the same drawn line, never across its break
    group = collapse.group_story(facts, 1998, notebook.latest_year(facts))
    fall = collapse.peak_to_trough_table(group, chart).set_index("series")
    for label in ("Phone business", "Network business"):
        pts = t[t["label"] == label]
        top = pts.loc[pts["y"].idxmax()]
        row = fall.loc[f"{label} (EUR million)"]
        assert row["peak"] == top["period"]
        assert row["trough"] in set(pts[pts["line"] == top["line"]]["period"])
    for note in chart.notes:
        if note.startswith("Network business: no document links FY2008 and FY2009"):
            assert fall.loc["Network business (EUR million)", "trough"] <= "FY2008"


def test_market_share(real):
    ds, facts = real
    chart = collapse.share_story(facts, 1998, notebook.latest_year(facts), 2013)
    t = csv(chart)
    # the fall is told within one measurer: the longest line, its peak and its last year
    longest = t.groupby("label")["period"].nunique().idxmax()
    line = t[t["label"] == longest].sort_values("x")
    peak, last = line.loc[line["y"].idxmax()], line.iloc[-1]
    assert chart.title.startswith(f"By {words.possessive(longest)} count Nokia's world share "
                                  f"peaked at {peak['y']:g}% in {peak['period']} and fell to "
                                  f"{last['y']:g}% by {last['period']}")
    newest = t[t["x"] == t["x"].max()]
    if newest["x"].iloc[0] > last["x"]:
        assert f"put it at {newest['y'].max():g}% in {newest['period'].iloc[0]}" in chart.title


def test_revenue_bridge(real):
    ds, facts = real
    chart = collapse.bridge_story(facts, [r.values for r in ds.portfolio],
                                  collapse.peak_year(facts), notebook.latest_year(facts))
    t = csv(chart).set_index("kind")
    sold = t.loc[t.index == "sold", "y"].sum()
    bought = t.loc[t.index == "bought", "y"].sum()
    rest = float(t.loc[t.index.isin(["organic", "other"]), "y"].sum())
    start, end = float(t.loc["start", "y"]), float(t.loc["end", "y"])
    assert abs(start + sold + bought + rest - end) <= 0.005 * end
    assert f"{words.money(-sold)} left with businesses sold" in chart.title
    assert f"{words.money(bought)} came with businesses bought" in chart.title
    assert f"shrank by {words.money(abs(rest))}" in chart.title
    assert f"from {words.money(start)} in FY" in chart.finding


# ---------------------------------------------------------------- 20-segment-growth

SEGMENTS = ["mobile_networks", "network_infrastructure", "cloud_and_network_services"]
UNITS = ["ip_networks", "optical_networks", "fixed_networks", "submarine_networks"]


def test_segment_net_sales_rates_over_one_span_from_the_levels(real):
    ds, facts = real
    last = notebook.latest_year(facts)
    chart = seg.segment_net_sales(facts, SEGMENTS, UNITS, 2019, last,
                                  seg.newest_structure(ds.structures))
    t = csv(chart)
    rates = seg.growth_table(chart)
    assert rates["from"].nunique() == 1 and rates["to"].nunique() == 1
    start, end = rates["from"].iloc[0], rates["to"].iloc[0]
    assert chart.title.startswith(f"{start}-{end}: ")
    for _, r in rates.iterrows():
        a, b = y(t, r["line"], start), y(t, r["line"], end)
        rate = round(metrics.cagr(a, b, int(end[2:]) - int(start[2:])), 1)
        assert r["a year %"] == rate
        assert f"{r['line']} {words.pct(rate, 1)}" in chart.finding
        # both ends on one drawn line: the rate never crosses a break
        part = t[t["label"] == r["line"]]
        assert part[part["period"] == start]["line"].iloc[0] == \
            part[part["period"] == end]["line"].iloc[0]


def test_segment_growth_compares_one_quarter(real):
    ds, facts = real
    last = notebook.latest_year(facts)
    chart = seg.segment_growth(facts, ["total"] + SEGMENTS + UNITS, 2023, last,
                               seg.newest_structure(ds.structures), ds.structures)
    t = csv(chart)
    quarter = chart.title.split(":")[0]
    segs = t[t["part_of"].isna()]
    latest = segs.sort_values("x").groupby("label").tail(1)
    same = latest[latest["x_label"] == quarter]
    top, low = same.loc[same["y"].idxmax()], same.loc[same["y"].idxmin()]
    assert f"{top['label']} grew fastest ({words.pct(top['y'])})" in chart.title
    assert f"{low['label']} fell most ({words.pct(low['y'])})" in chart.title
    assert "Nokia Technologies" in set(t["label"])
    for _, r in t[t["part_of"].notna()].sort_values("x").groupby("label").tail(1).iterrows():
        name = r["label"].removeprefix("of which ")
        assert f"{name} {words.pct(r['y'])} ({r['x_label']})" in chart.finding


def test_group_growth(real):
    ds, facts = real
    last = notebook.latest_year(facts)
    chart = seg.group_growth(facts, 2023, last, annotations(ds, facts, "group-growth"))
    t = csv(chart)
    reported = t[t["label"] == "reported"].sort_values("x")
    final = reported.iloc[-1]
    assert f"{words.pct(final['y'])} in {final['x_label']}" in chart.title


def test_segment_mix(real):
    ds, facts = real
    last = notebook.latest_year(facts)
    chart = seg.segment_mix(facts, SEGMENTS, 2019, last, ds.structures)
    t = csv(chart)
    name = chart.title.split("'")[0]
    part = t[t["label"] == name].sort_values("x")
    a, b = part.iloc[0], part.iloc[-1]
    assert chart.title == (f"{words.possessive(name)} share of Nokia's sales "
                           f"{'fell' if b['y'] < a['y'] else 'rose'} from {a['y']:.0f}% in "
                           f"{a['period']} to {b['y']:.0f}% in {b['period']}")


def test_optical_infinera_on_opticals_own_figures(real):
    ds, facts = real
    last = notebook.latest_year(facts)
    chart = seg.optical_infinera(facts, annotations(ds, facts, "optical-infinera"), 2019, last)
    t = csv(chart)
    growth = t[t["label"] == "Optical Networks, organic"]
    lo, hi = growth["y"].min(), growth["y"].max()
    assert chart.title.startswith(f"After Infinera, Optical Networks grew {lo:+.0f}% to "
                                  f"{hi:+.0f}% organically")
    size = t[t["label"] == "Optical Networks, a year"].sort_values("x")
    before = size[pd.to_datetime(size["period_end"]) < "2025-02-28"]
    a, b = before.iloc[-2], before.iloc[-1]
    assert f"fell {abs(metrics.change_pct(a['y'], b['y'])):.0f}% to {words.money(b['y'])} " \
           f"in {b['period']}" in chart.title
    for _, r in growth.iterrows():
        assert f"{words.pct(r['y'])} ({r['x_label']})" in chart.finding


# ---------------------------------------------------------------- 30-competitors

@pytest.fixture(scope="module")
def rates(real):
    return comp.rates_of(real[1])


def test_revenue(real, rates):
    ds, facts = real
    chart = comp.revenue(facts, "USD", ["ciena", "cisco"], 2000, notebook.latest_year(facts),
                         rates)
    t = csv(chart)
    wide = t.pivot_table(index="period", columns="label", values="y")
    year = wide.dropna().index.max()
    at = wide.loc[year]
    for name in at.index:
        assert f"{name} {words.money(at[name], 'USD')}" in chart.finding
    top = at.idxmax()
    for name in at.index.drop(top):
        assert f"{at[top] / at[name]:.1f} times {words.possessive(name)}" in chart.title
    # the year the leader passed Nokia: the last year Nokia was ahead, then the leader
    pair = wide[[top, "Nokia"]].dropna()
    ahead = pair[pair["Nokia"] > pair[top]].index.max()
    passed = pair.index[list(pair.index).index(ahead) + 1]
    assert chart.title.startswith(f"{top}'s revenue passed Nokia's in {passed}")
    own = t[t["label"] == "Nokia"].set_index("period")
    assert f"Nokia peaks in {own['y'].idxmax()} in USD but in {own['own'].idxmax()} in EUR" \
        in chart.finding


def test_indexed(real, rates):
    ds, facts = real
    chart = comp.indexed(facts, "USD", ["ciena", "cisco"], 2017, 2000,
                         notebook.latest_year(facts), rates)
    t = csv(chart)
    for name, part in t.groupby("label"):
        final = part.sort_values("x").iloc[-1]
        assert f"{name} {final['y']:.0f}" in chart.title


def test_growth(real):
    ds, facts = real
    chart = comp.growth(facts, ["ciena", "cisco"], 2000, notebook.latest_year(facts),
                        annotations(ds, facts, "growth"))
    t = csv(chart)
    for name, part in t.groupby("label"):
        final = part.sort_values("x").iloc[-1]
        assert f"{name} {words.pct(final['y'], 1)}" in chart.title


def test_optical_head_to_head(real, rates):
    ds, facts = real
    after = facts[(facts["segment"] == "optical_networks")
                  & (facts["metric"] == "net_sales_growth_constant_currency_portfolio")
                  & (facts["freq"] == "quarter")]
    chart = comp.optical(facts, "USD", 2000, notebook.latest_year(facts), rates, after,
                         acquisition=("Infinera", "2025-02-28"))
    t = csv(chart)
    year = chart.title.rsplit(" ", 1)[-1]
    at = t[t["period"] == year].set_index("label")["y"]
    assert f"{at.max() / at.min():.1f} times" in chart.title


# ---------------------------------------------------------------- 40 and 50

def test_verdicts(real):
    ds, facts = real
    table = data.table_frame(ds.claims, schema.CLAIM_COLUMNS)
    chart = claims.verdict_chart(claims.check_all(table, facts))
    t = csv(chart)
    counts = t["verdict"].value_counts()
    held = counts.get(claims.SUPPORTED, 0) + counts.get(claims.CAVEAT, 0)
    assert chart.title.startswith(f"{held} of {len(t)} numeric claims hold")
    assert f"{counts[claims.WRONG_SCOPE]} have the right number for the wrong scope" \
        in chart.title
    # no wrong-scope claim sits at zero, where it would look right
    assert (t.loc[t["verdict"] == claims.WRONG_SCOPE, "y"].abs() > 1).all()


def test_default_view(real):
    ds, facts = real
    chart = explore.view(facts, ["nokia", "ciena", "cisco"], "total", "net_sales", "EUR", 0,
                         "annual")
    t = csv(chart)
    finals = {name: part.sort_values("x").iloc[-1] for name, part in t.groupby("label")}
    assert {f["period"] for f in finals.values()} == {"FY2025"}
    top = max(finals, key=lambda k: finals[k]["y"])
    assert f"in FY2025 (EUR million): {top} highest at {finals[top]['y']:,.0f}" in chart.title
    for name, final in finals.items():
        if name != top:
            assert f"{name} {final['y']:,.0f}" in chart.title
