"""The loader's promise: bad input is named by file, line and column, and never crashes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import data
from tests.conftest import FACTS_HEADER, GOOD_FACTS, SOURCES, write_data

SOURCES_WITH_RELEASE = SOURCES + (
    "nokia-q4-2007,Q4 2007 release,Nokia Corporation,2008-01-24,https://example.org/q4,"
    "press_release\n")


def problems_for(project, facts=None, sources=SOURCES):
    write_data(project, facts if facts is not None else GOOD_FACTS, sources)
    _, problems = data.validate(project / "data")
    return [str(p) for p in problems]


def write_claim(project, row: str) -> None:
    (project / "data" / "claims.csv").write_text(
        "claim_id,seed_file,paraphrase,claimed_value,claimed_unit,implied_scope,"
        "implied_metric,entity,segment,metric,period,tolerance,test,note\n" + row + "\n")


def with_row(row: str) -> str:
    return GOOD_FACTS + row + "\n"


def test_good_fixture_is_valid(project):
    assert problems_for(project) == []


@pytest.mark.parametrize("row, line, column, words", [
    ("nokia,total,net_sales,FY2008,2008-12-31,12 709,EUR million,as_reported,nokia-ar-2007,p,",
     7, "value", "thousands separator; type 12709"),
    ("nokia,total,net_sales,FY2008,2008-12-31,\"1,5\",EUR million,as_reported,nokia-ar-2007,p,",
     7, "value", "decimal comma; type 1.5"),
    ("nokia,total,net_sales,FY2008,2008-12-31,n/a,EUR million,as_reported,nokia-ar-2007,p,",
     7, "value", "not a number"),
    ("nokia,total,net_sales,FY2008,2008-12-31,1,EUR million,as_reported,nokia-ar-2099,p,",
     7, "source_id", "unknown source id 'nokia-ar-2099'"),
    ("nokia,total,net_sales,FY2008,2008-12-31,1,EUR thousand,as_reported,nokia-ar-2007,p,",
     7, "unit", "unknown unit 'EUR thousand'"),
    ("nokia,total,net_sales,FY2008,2008-02-30,1,EUR million,as_reported,nokia-ar-2007,p,",
     7, "period_end", "not a real date"),
    ("nokia,total,net_sales,FY2008,2008-12-31,-5,EUR million,as_reported,nokia-ar-2007,p,",
     7, "value", "cannot be negative"),
    ("nokia,total,market_share,FY2008,2008-12-31,140,percent,estimate,nokia-ar-2007,p,measured by X",
     7, "value", "cannot exceed 100"),
    ("nokia,total,market_share,FY2008,2008-12-31,38,percent,estimate,nokia-ar-2007,p,",
     7, "note", "who measured it"),
    ("nokia,total,net_sales,FY2008,2008-12-31,1,EUR million,guess,nokia-ar-2007,p,",
     7, "basis", "unknown basis 'guess'"),
    ("cisco,total,net_sales,FY2024,2024-12-31,1,USD million,as_reported,cisco-10k-2025,p,",
     7, "period", "cisco's fiscal year ends between 07-20 and 07-31"),
    ("nokia,total,net_sales,FY2008,2007-12-31,1,EUR million,as_reported,nokia-ar-2007,p,",
     7, "period", "FY2008 must end in 2008"),
    ("nokia,total,net_sales,2008Q2,2008-06-29,1,EUR million,as_reported,nokia-ar-2007,p,",
     7, "period", "ends on 2008-06-30"),
    ("nokia,total,net_sales,2008H1,2008-06-30,1,EUR million,as_reported,nokia-ar-2007,p,",
     7, "period", "unknown period format"),
    ("nokia,total,net_sales,FY2008,2008-12-31,1,EUR million,restated,nokia-ar-2007,p,",
     7, "note", "restated value must say"),
    ("nokia,,net_sales,FY2008,2008-12-31,1,EUR million,as_reported,nokia-ar-2007,p,",
     7, "segment", "is empty"),
])
def test_bad_value_is_named_with_place(project, row, line, column, words):
    found = problems_for(project, with_row(row))
    assert len(found) == 1, found
    assert found[0].startswith(f"data/facts.csv:{line}: column '{column}': ")
    assert words in found[0]


def test_duplicate_key_points_at_both_lines(project):
    dup = GOOD_FACTS.splitlines()[1]
    found = problems_for(project, with_row(dup))
    assert found == ["data/facts.csv:7: duplicate key nokia/total/net_sales/FY2007/as_reported/"
                     "nokia-ar-2007; already on data/facts.csv:2"]


def test_second_first_publication_must_be_restated(project):
    sources = SOURCES + "nokia-ar-2008,Nokia in 2008,Nokia Corporation,2009-03-01,,annual_report\n"
    row = "nokia,total,net_sales,FY2007,2007-12-31,51058,EUR million,as_reported,nokia-ar-2008,p,"
    found = problems_for(project, with_row(row), sources)
    # the same figure again: a confirmation, typed as restated
    assert len(found) == 1 and "is already first published" in found[0]
    assert "confirms it; type it as 'restated'" in found[0] and "facts.csv:2" in found[0]
    # another figure: a recast, typed as restated with a note
    found = problems_for(project, with_row(row.replace("51058", "50990")), sources)
    assert len(found) == 1
    assert "50990 EUR million differs from the first publication on data/facts.csv:2 " \
        "(51058 EUR million, nokia-ar-2007): this is a recast; type it as 'restated'" in found[0]


def test_a_confirmation_typed_as_restated_is_allowed_and_counted(project):
    sources = SOURCES + "nokia-ar-2008,Nokia in 2008,Nokia Corporation,2009-03-01,,annual_report\n"
    row = ("nokia,total,net_sales,FY2007,2007-12-31,51.058,EUR billion,restated,nokia-ar-2008,p,"
           "confirms the first publication")
    write_data(project, with_row(row), sources)
    ds, problems = data.validate(project / "data")
    assert problems == [] and ds.confirmations == {"nokia": 1}


def test_segments_must_add_up_to_the_group(project):
    row = "nokia,networks,net_sales,FY2007,2007-12-31,5000,EUR million,as_reported,nokia-ar-2007,p,"
    found = problems_for(project, with_row(row))
    assert len(found) == 1
    assert found[0].startswith("data/facts.csv:2: column 'value': FY2007 total is 51058")
    assert "add up to 40621" in found[0]


def test_segments_that_add_up_pass(project):
    row = "nokia,networks,net_sales,FY2007,2007-12-31,15437,EUR million,as_reported,nokia-ar-2007,p,"
    assert problems_for(project, with_row(row)) == []


@pytest.mark.parametrize("facts, words", [
    ("", "file is empty"),
    ("entity,segment\nnokia,total\n", "missing column(s) 'metric'"),
    (FACTS_HEADER.strip() + ",extra\n", "unexpected column(s) 'extra'"),
])
def test_broken_files(project, facts, words):
    found = problems_for(project, facts)
    assert len(found) == 1 and found[0].startswith("data/facts.csv") and words in found[0]


def test_wrong_field_count_names_the_line(project):
    found = problems_for(project, with_row("nokia,total,net_sales,FY2008,2008-12-31,1,5"))
    assert found == ["data/facts.csv:7: 7 fields, expected 11 (entity, segment, metric, period, "
                     "period_end, value, unit, basis, source_id, locator, note); a comma "
                     "inside a value needs double quotes around the value"]


def test_missing_sources_file(project):
    (project / "data" / "sources.csv").unlink()
    _, problems = data.validate(project / "data")
    messages = [str(p) for p in problems]
    assert messages[0].startswith("data/sources.csv: file not found")
    # every fact then names its unknown source
    assert sum("unknown source id" in m for m in messages) == 5


def test_byte_order_mark_and_crlf_are_read_like_plain_files(project):
    plain = data.validate(project / "data")[0]
    text = "\ufeff" + GOOD_FACTS.replace("\n", "\r\n")
    (project / "data" / "facts.csv").write_bytes(text.encode("utf-8"))
    ds, problems = data.validate(project / "data")
    assert problems == []
    assert [r.values for r in ds.facts] == [r.values for r in plain.facts]


def test_not_utf8(project):
    (project / "data" / "facts.csv").write_bytes(GOOD_FACTS.encode() + b"nokia,\xff\xfe\n")
    found = [str(p) for p in data.validate(project / "data")[1]]
    assert found == ["data/facts.csv:7: not UTF-8 text; save the file as UTF-8"]


def test_load_raises_with_every_problem(project):
    write_data(project, with_row("x,total,net_sales,FY2008,2008-12-31,1,EUR million,"
                                 "as_reported,nokia-ar-2007,p,"))
    with pytest.raises(data.DataError) as err:
        data.load(project / "data")
    assert "unknown entity 'x'" in str(err.value)


def test_validate_command_exit_code_and_message(project):
    write_data(project, with_row("nokia,total,net_sales,FY2008,2008-12-31,\"1,5\",EUR million,"
                                 "as_reported,nokia-ar-2007,p,"))
    result = subprocess.run([sys.executable, "-m", "helpers", "validate"], capture_output=True,
                            text=True)
    assert result.returncode == 3
    assert "data/facts.csv:7: column 'value': '1,5' has a decimal comma" in result.stderr
    assert "Traceback" not in result.stderr


def test_facts_command_prints_the_contract_columns(project):
    result = subprocess.run([sys.executable, "-m", "helpers", "facts"], capture_output=True,
                            text=True, check=True)
    lines = result.stdout.splitlines()
    assert lines[0] == FACTS_HEADER.strip()
    assert len(lines) == 6
    assert "cisco,total,net_sales,FY2025,2025-07-26,56654,USD million" in lines[1]


def test_first_publication_is_the_earliest_document(project):
    sources = SOURCES_WITH_RELEASE
    rows = FACTS_HEADER + (
        "nokia,total,net_sales,FY2007,2007-12-31,51058,EUR million,as_reported,nokia-ar-2007,"
        "p. 2,\n"
        "nokia,total,net_sales,FY2007,2007-12-31,51058,EUR million,restated,nokia-q4-2007,"
        "table 1,the release came first\n")
    write_data(project, rows, sources)
    _, problems = data.validate(project / "data")
    text = "\n".join(map(str, problems))
    assert "facts.csv:2: column 'basis'" in text
    assert "nokia-q4-2007, dated 2008-01-24" in text and "swap the two bases" in text
    fixed = rows.replace("as_reported,nokia-ar-2007", "restated,nokia-ar-2007").replace(
        "restated,nokia-q4-2007", "as_reported,nokia-q4-2007")
    write_data(project, fixed.replace("p. 2,\n", "p. 2,repeats the release\n"), sources)
    _, problems = data.validate(project / "data")
    assert problems == []


@pytest.mark.parametrize("value, unit, words", [
    ("-3", "percent", "negative, impossible for market_share"),
    ("130", "percent", "above 100, impossible for market_share"),
    ("30", "EUR million", "not a unit of market_share"),
])
def test_a_claimed_value_must_fit_its_metric(project, value, unit, words):
    write_claim(project, f"c1,s.txt,p,{value},{unit},total,,nokia,total,market_share,FY2007,0.5,,")
    _, problems = data.validate(project / "data")
    assert any(words in str(p) and "claims.csv:2" in str(p) for p in problems), problems


@pytest.mark.parametrize("row, words", [
    ("d1,s.txt,p,2011,no-such-event,", "claims.csv:2: column 'event_id': unknown event"),
    ("d1,s.txt,p,April 2025,e1,", "column 'claimed_date': 'April 2025' is not a year"),
    ("d1,s.txt,p,2025-13,e1,", "column 'claimed_date': '2025-13' is not a calendar date"),
])
def test_a_dated_claim_names_a_real_event_and_date(project, row, words):
    write_data(project, GOOD_FACTS, SOURCES)
    (project / "data" / "events.csv").write_text(
        "event_id,date,entity,title,description,source_id,locator\n"
        "e1,2011-02-11,nokia,Windows Phone,,nokia-ar-2007,p. 1\n")
    (project / "data" / "dated_claims.csv").write_text(
        "claim_id,seed_file,paraphrase,claimed_date,event_id,note\n" + row + "\n")
    _, problems = data.validate(project / "data")
    assert any(words in str(p) for p in problems), problems


@pytest.mark.parametrize("period, test, unit, words", [
    ("FY2007", "roughly", "percent", "unknown test 'roughly'"),
    ("FY2007", "steady", "percent", "a steady claim spans fiscal years"),
    ("FY2009-FY2007", "steady", "percent", "a steady claim spans fiscal years"),
    ("FY2005-FY2007", "", "percent", "needs the test 'steady'"),
    ("FY2005-FY2007", "steady", "EUR million", "a steady claim is about changes"),
])
def test_a_claims_test_fits_its_period(project, period, test, unit, words):
    write_claim(project, f"c1,s.txt,p,0,{unit},total,,nokia,total,net_sales,{period},10,{test},")
    _, problems = data.validate(project / "data")
    assert any(words in str(p) and "claims.csv:2" in str(p) for p in problems), problems
