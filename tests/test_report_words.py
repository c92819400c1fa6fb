"""The report's words on hand-made inputs: key sentences, staleness by reporting rhythm,
seed articles by title."""

from __future__ import annotations

from types import SimpleNamespace

from helpers import seeds
from helpers.report import index, vintage


def test_a_key_sentence_is_one_sentence_of_at_most_40_words():
    long = ("Sales fell 10% (FY2007-FY2013); " + "word " * 45).strip() + "."
    assert index.key_sentence(None, long) == "Sales fell 10% (FY2007-FY2013)."
    run_on = "A " * 30 + "rose; " + "b " * 30 + "fell."
    assert len(index.key_sentence(None, run_on).split()) <= 40
    assert index.key_sentence("Cisco overtook Nokia in FY2011", "x") == \
        "Cisco overtook Nokia in FY2011."


def _dataset(ends: dict[str, str], source_date: str):
    facts = [{"entity": e, "period": p, "period_end": end, "source_id": "s"}
             for e, (p, end) in ends.items()]
    return SimpleNamespace(facts=facts, sources={"s": {"date": source_date}})


def test_a_quarterly_reporter_is_warned_when_its_latest_period_is_overdue():
    ds = _dataset({"nokia": ("2025Q4", "2025-12-31"), "ciena": ("FY2026", "2026-10-31")},
                  "2026-11-20")
    rows = {r["company"]: r for r in vintage.data_as_of(ds, "2026-12-05", 400)}
    # the newest document is two weeks old, but Nokia's quarter ended 339 days ago
    assert rows["Nokia"]["stale"] and "Q4 2025" in rows["Nokia"]["warning"]
    assert "quarterly" in rows["Nokia"]["warning"]
    assert not rows["Ciena"]["stale"] and rows["Ciena"]["warning"] == ""


def test_seed_articles_are_named_by_their_titles(tmp_path, monkeypatch):
    monkeypatch.setenv("NOKIA_IN_NUMBERS_SEEDS", str(tmp_path))
    (tmp_path / "a.txt").write_text("Nokia Bets on Optics\n\nBody text.", encoding="utf-8")
    (tmp_path / "b.txt").write_text('---\ntitle: "The Next Bottleneck"\n---\nText',
                                    encoding="utf-8")
    seeds.title.cache_clear()
    assert seeds.title("a.txt") == "Nokia Bets on Optics"
    assert seeds.title("b.txt") == "The Next Bottleneck"
    assert seeds.title("missing.txt") == "missing.txt"
    rows = index._seed_titles(["claim", "seed"], [["c", "a.txt"]])
    assert rows == [["c", "Nokia Bets on Optics"]]
    seeds.title.cache_clear()
