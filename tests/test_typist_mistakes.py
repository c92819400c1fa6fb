"""The typist is the user: each mistake made once on a copy of data/ gets one error, at the
row where it was typed, and no row is lost without a word.

Every test edits one line of the real files (found by its content, so the test survives new
rows) and validates the copy; the message must name the place and what it contradicts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import pytest

from helpers import checks, cli, data, new_period, schema
from tests.conftest import REPO
from tests.test_new_period import SOURCE


@pytest.fixture
def copy(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def find(root, name: str, *needles: str) -> int:
    """The line number (from 1) of the one line of data/<name> holding every needle."""
    lines = (root / "data" / name).read_text(encoding="utf-8").splitlines()
    hits = [i + 1 for i, text in enumerate(lines) if all(n in text for n in needles)]
    assert len(hits) == 1, (name, needles, hits)
    return hits[0]


def edit(root, name: str, line: int, old: str, new: str) -> None:
    path = root / "data" / name
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], (old, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


def one_error(root, name: str, line: int, *words: str) -> str:
    _, problems = data.validate(root / "data")
    assert len(problems) == 1, [str(p) for p in problems]
    text = str(problems[0])
    assert text.startswith(f"data/{name}:{line}:"), text
    for word in words:
        assert word in text, text
    return text


NI_Q3 = ("nokia,network_infrastructure,net_sales,2025Q3", "zacks-q3-2025")
GROUP_Q3 = ("nokia,total,net_sales,2025Q3", "zacks-q3-2025")


def test_the_committed_data_are_valid():
    _, problems = data.validate(REPO / "data")
    assert problems == []


def test_an_unclosed_quote_names_its_line_and_loses_no_row_silently(copy):
    line = find(copy, "nokia_segments.csv", *NI_Q3)
    # the locator's closing quote deleted: the quote opened there runs on into the rows below
    edit(copy, "nokia_segments.csv", line, '",', ",")
    _, problems = data.validate(copy / "data")
    at_line = [p for p in problems if p.line == line]
    assert at_line and "not closed" in at_line[0].message, [str(p) for p in problems]


def test_every_non_blank_line_is_a_row_or_an_error(copy):
    """The reader's promise, for every file: records equal non-blank physical lines."""
    ds, problems = data.validate(copy / "data")
    assert problems == []
    for path in data.fact_files(copy / "data"):
        shown = f"data/{path.name}"
        lines = [t for t in path.read_text(encoding="utf-8").splitlines()[1:] if t.strip()]
        assert len(lines) == sum(1 for f in ds.facts if f.file == shown), shown


def test_a_spreadsheet_saved_with_semicolons_gets_one_sentence(copy):
    path = copy / "data" / "ciena.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    one_error(copy, "ciena.csv", 1, "semicolons")


def test_a_trailing_comma_is_named_as_such(copy):
    line = find(copy, "ciena.csv", "ciena,total,net_sales,FY2025", "ciena-q4-2025-release")
    text = (copy / "data" / "ciena.csv").read_text().split("\n")
    text[line - 1] += ","
    (copy / "data" / "ciena.csv").write_text("\n".join(text))
    one_error(copy, "ciena.csv", line, "trailing comma")


def test_an_empty_value_names_the_key_in_words(copy):
    line = find(copy, "nokia_segments.csv", *GROUP_Q3)
    edit(copy, "nokia_segments.csv", line, ",4.83,", ",,")
    one_error(copy, "nokia_segments.csv", line, "nokia total net_sales 2025Q3", "zacks-q3-2025")


def test_a_segment_of_an_older_structure_in_a_2025_quarter(copy):
    line = find(copy, "nokia_segments.csv", "nokia,mobile_networks,net_sales_growth_constant"
                "_currency_portfolio,2025Q3")
    edit(copy, "nokia_segments.csv", line, "nokia,mobile_networks,", "nokia,mobile_access,")
    one_error(copy, "nokia_segments.csv", line, "structure in force in 2025", "'2019 networks'",
              "mobile_networks")


def test_a_source_dated_after_today(copy):
    line = find(copy, "sources.csv", "nokia-q4-2025-report,")
    later = (dt.date.fromisoformat(checks.today()) + dt.timedelta(days=40)).isoformat()
    edit(copy, "sources.csv", line, ",2026-01-29,", f",{later},")
    one_error(copy, "sources.csv", line, "after today")


def test_a_gross_margin_typed_as_a_fraction(copy):
    line = find(copy, "nokia_segments.csv", "nokia,total,gross_margin,2025Q4", "non_ifrs")
    edit(copy, "nokia_segments.csv", line, ",48.1,", ",0.481,")
    one_error(copy, "nokia_segments.csv", line, "not as a fraction", "48.1")


def test_a_constant_currency_rate_filed_as_reported_growth(copy):
    line = find(copy, "nokia_segments.csv", "nokia,total,net_sales_growth,2025Q3",
                "zacks-q3-2025")
    edit(copy, "nokia_segments.csv", line, ",12,percent,", ",9,percent,")
    one_error(copy, "nokia_segments.csv", line, "constant currency", "2024Q3")


def test_a_quarter_typed_with_its_digits_swapped(copy):
    line = find(copy, "nokia_segments.csv", *GROUP_Q3)
    edit(copy, "nokia_segments.csv", line, ",4.83,", ",8.43,")
    one_error(copy, "nokia_segments.csv", line, "four quarters of 2025", "the year prints")


def test_a_segment_larger_than_the_group(copy):
    line = find(copy, "nokia_segments.csv", *NI_Q3)
    edit(copy, "nokia_segments.csv", line, ",1.95,", ",19.5,")
    one_error(copy, "nokia_segments.csv", line, "more than its whole", "total")


def test_a_cisco_product_line_that_breaks_product_plus_services(copy):
    line = find(copy, "cisco.csv", "cisco,product,net_sales,FY2025", "cisco-10k-2025")
    edit(copy, "cisco.csv", line, ",41608,", ",46108,")
    one_error(copy, "cisco.csv", line, "breaks two sums")


def test_a_first_publication_from_a_document_years_later(copy):
    line = find(copy, "ciena.csv", "ciena,total,net_sales,FY2010")
    edit(copy, "ciena.csv", line, "ciena-q4-2010-release", "ciena-10k-2024-r40")
    one_error(copy, "ciena.csv", line, "more than 15 months", "restated")


def test_a_fiscal_year_typed_with_another_end(copy):
    line = find(copy, "cisco.csv", "cisco,total,net_sales,FY2025", "cisco-10k-2025")
    edit(copy, "cisco.csv", line, ",2025-07-26,", ",2025-07-31,")
    one_error(copy, "cisco.csv", line, "one fiscal calendar", "2025-07-26")


def test_overlapping_perimeters_for_one_segment(copy):
    with open(copy / "data" / "perimeters.csv", "a", encoding="utf-8") as fh:
        fh.write('nokia,network_infrastructure,,,2025,2100,,ni_again,"Network Infrastructure",\n')
    line = len((copy / "data" / "perimeters.csv").read_text().splitlines())
    one_error(copy, "perimeters.csv", line, "overlaps")


def test_every_fiscal_period_of_a_company_has_one_end():
    """Ciena's FY2018 and FY2019 rows end on the day the year ended, so their conversion
    windows are whole fiscal years, not the two or three days between two ends."""
    ds = data.load(REPO / "data")
    ends: dict[tuple, set] = {}
    for row in ds.facts:
        if row["period"].startswith("FY") and row["entity"] in ("nokia", "ciena", "cisco"):
            ends.setdefault((row["entity"], row["period"]), set()).add(row["period_end"])
    assert {k: v for k, v in ends.items() if len(v) > 1} == {}
    assert ends[("ciena", "FY2018")] == {"2018-11-03"}
    assert ends[("ciena", "FY2019")] == {"2019-11-02"}


# ---------------------------------------------------------------- new-period misuse

def with_q1_document(root):
    with open(root / "data" / "sources.csv", "a", encoding="utf-8") as fh:
        fh.write(SOURCE)
    ds, problems = data.validate(root / "data")
    assert problems == []
    return ds


def test_new_period_refuses_another_companys_document(copy):
    ds = with_q1_document(copy)
    with pytest.raises(new_period.PeriodError, match="is a nokia document"):
        new_period.template(ds, "ciena", None, "nokia-q4-2025-report")


def test_new_period_refuses_a_document_older_than_the_period(copy):
    ds = with_q1_document(copy)
    with pytest.raises(new_period.PeriodError, match="before nokia 2026Q2 ends"):
        new_period.template(ds, "nokia", "2026Q2", "synthetic-q1-2026")


def test_new_period_written_twice_is_refused_the_second_time(copy):
    ds = with_q1_document(copy)
    new_period.write(copy, new_period.template(ds, "nokia", None, "synthetic-q1-2026"))
    again, _ = data.validate(copy / "data")
    with pytest.raises(new_period.PeriodError, match="template row"):
        new_period.template(again, "nokia", None, "synthetic-q1-2026")


def test_the_printed_template_is_plain_csv_in_the_reports_unit(copy, monkeypatch, capsys):
    with_q1_document(copy)
    monkeypatch.setenv("NOKIA_IN_NUMBERS_ROOT", str(copy))
    assert cli.main(["new-period", "nokia", "--source", "synthetic-q1-2026"]) == 0
    out = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0] == ",".join(schema.FACT_COLUMNS)
    assert rows and all(r["period"] == "2026Q1" for r in rows)
    money = {r["unit"] for r in rows if r["metric"] == "net_sales"}
    assert money == {"EUR million"}
