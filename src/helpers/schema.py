"""The data contract, written down once: which files, columns, units, bases and metrics exist.

The validator, the codebook tests and the notebooks all read these tables, so a new unit or
metric is added here and nowhere else.
"""

from __future__ import annotations

import re

FACT_COLUMNS = (
    "entity", "segment", "metric", "period", "period_end",
    "value", "unit", "basis", "source_id", "locator", "note",
)
SOURCE_COLUMNS = ("source_id", "title", "publisher", "date", "url", "kind")
EVENT_COLUMNS = ("event_id", "date", "entity", "title", "description", "source_id", "locator")
CLAIM_COLUMNS = (
    "claim_id", "seed_file", "paraphrase", "claimed_value", "claimed_unit", "implied_scope",
    "implied_metric",
    "entity", "segment", "metric", "period", "tolerance", "test", "note",
)
# How a claim is judged against its sourced values (see data/README.md, claims.csv).
CLAIM_TESTS = {
    "about": "a sourced value lies within the tolerance of the claimed value",
    "at_least": "a sourced value is at least the claimed value less the tolerance",
    "steady": "every year-on-year change in the period range lies within the tolerance of "
              "the claimed value",
}
# A claim about when something happened, checked against the date of an event.
DATED_CLAIM_COLUMNS = ("claim_id", "seed_file", "paraphrase", "claimed_date", "event_id", "note")
STRUCTURE_COLUMNS = ("entity", "structure", "segment", "parent", "first_period", "last_period")
# Knowledge about the companies that charts need, kept as data (see data/README.md).
PERIMETER_COLUMNS = ("entity", "segment", "metric", "measurer", "first_year", "last_year",
                     "source_id", "perimeter", "label", "note")
MEASURER_COLUMNS = ("alias", "measurer", "note")
BUSINESS_COLUMNS = ("entity", "business", "segment", "first_year", "last_year", "label", "note")
ANNOTATION_COLUMNS = ("chart", "event_id")
# Businesses a company sold or bought, and the fact that gives each one's sales in its last
# full year in (or before) the group: what the revenue bridge itemises.
PORTFOLIO_COLUMNS = ("entity", "business", "change", "year", "event_id", "sales_entity",
                     "sales_segment", "sales_period", "note")
PORTFOLIO_CHANGES = ("sold", "bought")

# Files in data/ that are not fact tables; every other *.csv there holds facts.
SPECIAL_FILES = {
    "sources.csv": SOURCE_COLUMNS,
    "events.csv": EVENT_COLUMNS,
    "claims.csv": CLAIM_COLUMNS,
    "dated_claims.csv": DATED_CLAIM_COLUMNS,
    "structures.csv": STRUCTURE_COLUMNS,
    "perimeters.csv": PERIMETER_COLUMNS,
    "measurers.csv": MEASURER_COLUMNS,
    "businesses.csv": BUSINESS_COLUMNS,
    "annotations.csv": ANNOTATION_COLUMNS,
    "portfolio.csv": PORTFOLIO_COLUMNS,
}

# Optional columns may be empty; every other column must hold a value.
OPTIONAL = {"note", "description", "url", "locator_detail"}
# Columns that may be empty in one special file only (a blank there means "any").
OPTIONAL_IN = {
    PERIMETER_COLUMNS: {"metric", "measurer", "first_year", "last_year", "source_id"},
    CLAIM_COLUMNS: {"test", "implied_metric"},
    STRUCTURE_COLUMNS: {"last_period"},  # blank: the structure is still in force
    # blank sales columns: no stored document prints the business's sales (the note says so)
    PORTFOLIO_COLUMNS: {"event_id", "sales_entity", "sales_segment", "sales_period"},
}

ENTITIES = {
    "nokia": "Nokia Corporation (group and its segments)",
    "ciena": "Ciena Corporation",
    "cisco": "Cisco Systems, Inc.",
    "alcatel_lucent": "Alcatel-Lucent (bought by Nokia, consolidated from January 2016)",
    "infinera": "Infinera Corporation (bought by Nokia, consolidated from February 2025)",
    "fed": "Board of Governors of the Federal Reserve System (exchange rates)",
    "ecb": "European Central Bank (exchange rates)",
    "eu": "Council of the European Union (irrevocable euro conversion rates)",
    "apple": "Apple Inc. (events only: the iPhone)",
}

BASES = {
    "as_reported": "the figure as first published for that period",
    "restated": "recast by a later report (the note says which and why)",
    "non_ifrs": "Nokia's comparable / non-IFRS measure",
    "estimate": "an estimate by the company or a named analyst (market share, market size)",
}

CURRENCY_UNITS = {"EUR million", "USD million", "FIM million", "EUR billion", "USD billion"}
UNITS = CURRENCY_UNITS | {"percent", "million units", "USD per EUR", "FIM per EUR"}

# metric -> (allowed units, may the value be negative?, upper bound or None)
_MONEY = (frozenset(CURRENCY_UNITS), False, None)
_SIGNED_MONEY = (frozenset(CURRENCY_UNITS), True, None)
_SHARE = (frozenset({"percent"}), False, 100.0)
_MARGIN = (frozenset({"percent"}), True, 100.0)
_CHANGE = (frozenset({"percent"}), True, None)
METRICS: dict[str, tuple[frozenset[str], bool, float | None]] = {
    "net_sales": _MONEY,
    "net_sales_external": _MONEY,
    "operating_profit": _SIGNED_MONEY,
    "net_profit": _SIGNED_MONEY,
    "gross_margin": _MARGIN,
    "operating_margin": _MARGIN,
    "net_sales_growth": _CHANGE,
    "net_sales_growth_constant_currency": _CHANGE,
    "net_sales_growth_constant_currency_portfolio": _CHANGE,
    "net_profit_growth": _CHANGE,
    "market_share": _SHARE,
    "gdp_share": _SHARE,
    "devices_shipped": (frozenset({"million units"}), False, None),
    "market_cap": _MONEY,
    "deal_value": _MONEY,
    "deal_value_business": _MONEY,
    "deal_value_patent_licence": _MONEY,
    "deal_value_consideration_transferred": _MONEY,
    "deal_net_proceeds": _MONEY,
    "investment_stake": _SHARE,
    "gdp_growth_contribution": _CHANGE,
    "investment": _MONEY,
    "share_price": (frozenset({"USD per share", "EUR per share"}), False, None),
    "usd_per_eur": (frozenset({"USD per EUR"}), False, None),
    "fim_per_eur": (frozenset({"FIM per EUR"}), False, None),
}
UNITS |= {"USD per share", "EUR per share"}

SOURCE_KINDS = {
    "annual_report", "form_20f", "form_10k", "quarterly_report", "press_release",
    "rate_table", "analyst", "news", "other",
}

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FISCAL_YEAR = re.compile(r"^FY(\d{4})$")
CALENDAR_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
FISCAL_QUARTER = re.compile(r"^FY(\d{4})Q([1-4])$")

# The window (month, day) .. (month, day) in which each entity's fiscal year must end.
# Ciena closes on the Saturday nearest 31 October (31 October itself before 2009), Cisco on
# the last Saturday of July; Nokia and the rate publishers use the calendar year.
FISCAL_YEAR_END = {
    "nokia": ((12, 31), (12, 31)),
    "fed": ((12, 31), (12, 31)),
    "ecb": ((12, 31), (12, 31)),
    "eu": ((12, 31), (12, 31)),
    "ciena": ((10, 25), (11, 5)),
    "cisco": ((7, 20), (7, 31)),
    "alcatel_lucent": ((12, 31), (12, 31)),
    "infinera": ((12, 24), (12, 31)),
}

# The currencies each company publishes its accounts in. A statement figure (sales, profit)
# in another currency is a conversion: typed only when the document itself converted it, and
# then the note says 'converted'.
REPORTING_CURRENCY = {"nokia": {"EUR", "FIM"}, "ciena": {"USD"}, "cisco": {"USD"},
                      "alcatel_lucent": {"EUR"}, "infinera": {"USD"}}
STATEMENT_METRICS = {"net_sales", "net_sales_external", "operating_profit", "net_profit"}
# Each company's fiscal year-end rule, for a new period's period_end: (month, day, weekday)
# where weekday 5 is Saturday and None means the date itself; 'last' takes the last such
# weekday of the month, 'nearest' the one nearest the date.
FISCAL_YEAR_RULE = {"nokia": (12, 31, None, ""), "cisco": (7, 31, 5, "last"),
                    "ciena": (10, 31, 5, "nearest")}
# A sales figure more than this many times above (or below) the median of the same series'
# other values is a typing mistake until the typist says otherwise (a wrong unit, say).
MAGNITUDE_FACTOR = 50.0
