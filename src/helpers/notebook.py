"""What every notebook does first and last, so the notebooks hold only their argument.

``start`` loads and validates the data once, applies the house style and checks the
parameters; ``finding`` shows a sentence in the notebook and records it for the report.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers import data, outputs, plotting, series


@dataclass
class Context:
    name: str
    ds: data.Dataset
    facts: pd.DataFrame
    formats: tuple[str, ...]

    def events(self) -> pd.DataFrame:
        frame = data.table_frame(self.ds.events, ("event_id", "date", "entity", "title",
                                                  "description", "source_id", "locator"))
        frame["date"] = pd.to_datetime(frame["date"])
        return frame

    def claims(self) -> pd.DataFrame:
        from helpers import schema

        return data.table_frame(self.ds.claims, schema.CLAIM_COLUMNS)

    def dated_claims(self) -> pd.DataFrame:
        from helpers import schema

        return data.table_frame(self.ds.dated_claims, schema.DATED_CLAIM_COLUMNS)

    def finding(self, text: str, key: str | None = None):
        """Show a finding in bold in the notebook and keep it for reports/index.html;
        ``key`` marks it as the answer to one of the report's key questions."""
        from IPython.display import Markdown

        outputs.record_finding(self.name, text, key)
        return Markdown(f"**Finding.** {text}")

    def save(self, fig, chart) -> None:
        """Export the figure and its table (see ``plotting.save_figure``); returns nothing,
        so a cell that ends with it shows the figure rather than a list of file names."""
        plotting.save_figure(fig, self.name, chart.name, self.formats, title=chart.title,
                             table=chart.table, caption=chart.subtitle)

    def annotations(self, chart: str) -> pd.DataFrame:
        """The events ``data/annotations.csv`` marks on the chart named ``chart``."""
        wanted = [r["event_id"] for r in self.ds.annotations if r["chart"] == chart]
        events = self.events()
        return events[events["event_id"].isin(wanted)]


def start(name: str, title: str, formats=None) -> Context:
    """Load the data once, check the parameters, apply the house style.

    The caller's parameters are checked by the runner's own contract
    (``helpers.report.params.check``: types, choices, year ranges, the window), with the
    runner's messages, so a value ``helpers report`` refuses with exit 2 stops the notebook
    here too, under papermill or in JupyterLab. They are also given their declared kind:
    papermill's ``-p peers ciena`` injects a text where the cell declares a list, which
    becomes a one-item list, as the runner makes it.
    """
    import sys

    ds = data.load()
    namespace = sys._getframe(1).f_globals
    check_parameters(name, namespace, ds)
    formats = namespace.get("formats", formats)
    plotting.use_house_style()
    outputs.record_title(name, title)
    return Context(name, ds, series.facts(ds), outputs.figure_formats(formats))


def check_parameters(name: str, namespace: dict, ds: data.Dataset) -> None:
    """Check the values ``namespace`` holds for the notebook's parameters and put back the
    values as the notebook takes them; ParameterError (the runner's message) otherwise."""
    from helpers import paths
    from helpers.report import params

    path = paths.notebooks_dir() / f"{name}.ipynb"
    if not path.is_file():
        return
    declared = params.with_data_choices(params.read_parameters(path), ds)
    given = {key: namespace[key] for key in declared.defaults if key in namespace}
    namespace.update(params.check(declared, given, data.latest_year(ds)))


COMPANIES = ("nokia", "ciena", "cisco")


def latest_year(facts: pd.DataFrame) -> int:
    """The year of the newest period (fiscal year or quarter) any company has in data/.

    Parameters that mean "up to the newest data" default to 0 and are resolved here, so a
    year or a quarter added to data/ shows up without editing a notebook.
    """
    periods = facts[facts["freq"].isin(["annual", "quarter"]) & facts["entity"].isin(COMPANIES)]
    return int(periods["year"].max())


def resolve_year(value: int, facts: pd.DataFrame) -> int:
    """0 means the latest fiscal year in data/; any other value is kept."""
    return latest_year(facts) if value == 0 else value
