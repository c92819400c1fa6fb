"""The committed data/: valid, cited, and covering what the notebooks need."""

from __future__ import annotations

import csv

import pytest

from helpers import data, paths, schema


@pytest.fixture(scope="module")
def ds():
    return data.load()


def test_real_data_validates():
    _, problems = data.validate()
    assert [str(p) for p in problems] == []


def test_every_source_is_used_and_every_used_source_is_dated(ds):
    used = {r["source_id"] for r in ds.facts} | {r["source_id"] for r in ds.events}
    unused = sorted(set(ds.sources) - used)
    assert unused == []
    for sid in used:
        assert ds.sources[sid]["date"][:2] in ("19", "20")


def test_every_fact_has_a_locator_and_a_web_address_for_its_source(ds):
    for row in ds.facts:
        assert row["locator"], f"{row.file}:{row.line}"
    no_url = [s for s, r in ds.sources.items() if not r["url"].startswith("http")]
    assert no_url == []


def test_group_net_sales_cover_the_handset_era_and_today(ds):
    years = {int(r["period"][2:]) for r in ds.facts
             if (r["entity"], r["segment"], r["metric"], r["basis"]) ==
             ("nokia", "total", "net_sales", "as_reported") and r["period"].startswith("FY")}
    assert {1998, 2000, 2007, 2010, 2013, 2024, 2025} <= years
    assert len(years) >= 22


def test_fim_year_keeps_its_unit_and_the_rate_is_a_fact(ds):
    fy1998 = [r for r in ds.facts if (r["entity"], r["segment"], r["metric"], r["period"],
                                       r["basis"]) == ("nokia", "total", "net_sales", "FY1998",
                                                       "as_reported")]
    assert [r["unit"] for r in fy1998] == ["FIM million"]
    rate = [r for r in ds.facts if r["metric"] == "fim_per_eur"]
    assert [float(r["value"]) for r in rate] == [5.94573]


def test_rates_come_from_the_ecb_with_the_fed_as_a_check(ds):
    publishers = {r["entity"] for r in ds.facts if r["metric"] == "usd_per_eur"}
    assert publishers == {"ecb", "fed"}


def test_competitor_fiscal_years_end_in_their_own_month(ds):
    months = {(r["entity"], r["period_end"][5:7]) for r in ds.facts
              if r["entity"] in ("ciena", "cisco") and r["period"].startswith("FY")
              and "Q" not in r["period"]}
    assert {m for e, m in months if e == "cisco"} == {"07"}
    assert {m for e, m in months if e == "ciena"} <= {"10", "11"}


def test_claims_name_existing_seed_files(ds):
    seeds = paths.seeds_dir()
    if not seeds.is_dir():
        pytest.skip(f"no seed articles at {seeds}")
    names = {p.name for p in seeds.iterdir()}
    assert {r["seed_file"] for r in ds.claims} <= names
    assert {r["seed_file"] for r in ds.claims} == names  # every article is checked


def test_codebook_documents_every_file_and_column():
    codebook = (paths.data_dir() / "README.md").read_text()
    for path in sorted(paths.data_dir().glob("*.csv")):
        assert f"`{path.name}`" in codebook, path.name
        with path.open() as fh:
            header = next(csv.reader(fh))
        for column in header:
            assert f"`{column}`" in codebook, (path.name, column)
    for unit in schema.UNITS:
        assert unit in codebook, unit


def test_source_statistics_count_every_fact_and_the_plotted_news_share(ds, tmp_path):
    from collections import Counter

    from helpers import provenance

    assert sum(provenance.by_kind(ds).values()) == len(ds.facts)
    assert sum(sum(c.values()) for c in provenance.by_entity_and_basis(ds).values()) \
        == len(ds.facts)
    news = next(sid for sid, s in ds.sources.items() if s["kind"] == "news")
    own = next(sid for sid, s in ds.sources.items() if s["kind"] == "form_20f")
    rates = next(sid for sid, s in ds.sources.items() if s["kind"] == "rate_table")
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "fig.csv").write_text(
        "line,mark,source_id\n"
        f"a,line,{news}\nb,line,{own};{rates}\nc,note,{news}\nd,line,{own}\n")
    plotted = provenance.plotted_by_kind(ds, tmp_path)
    assert plotted == Counter({"form_20f": 2, "news": 1})  # notes and rate tables left out
    assert round(provenance.share(plotted, {"news"}), 1) == 33.3
