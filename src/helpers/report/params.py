"""Read a notebook's `parameters` cell and check requested values against it.

papermill only warns about a missing tag or an unknown name and never checks types; a
scheduled job would then publish figures made with the defaults. Here both are errors that
stop the run before any kernel starts.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

from helpers.report import inspection


class ParameterError(ValueError):
    """A parameter cell or a requested value is not acceptable; the message says why."""


@dataclass(frozen=True)
class NotebookParams:
    path: Path
    defaults: dict[str, object]
    # Allowed values, from a trailing comment such as `currency = "USD"  # one of: USD, EUR`.
    choices: dict[str, tuple[str, ...]]
    # Allowed years, from `# years 1998-latest` (optionally `; 0 means latest` or `; 0 means
    # none`; papermill's parser takes any second '=' on the line for a broken assignment):
    # name -> (first, last or None for the newest fiscal year in data/, 0 allowed?)
    years: dict[str, tuple[int, int | None, bool]] = None  # type: ignore[assignment]


YEARS = re.compile(r"years (\d{4})-(\d{4}|latest)(\s*;\s*0 means \w+)?")


@dataclass(frozen=True)
class DataChoice:
    """A list of allowed values that data/ holds (``# one of: segments in data/``), so a new
    segment, seed article or company needs no notebook edit."""

    kind: str

    @property
    def walked(self) -> bool:
        """Whether the test grid runs each value: not for the explorer's every segment and
        metric of every company (dozens of runs that ask nothing new of the code)."""
        return self.kind not in ("company segments", "company metrics")


COMPANIES = ("nokia", "ciena", "cisco")


def data_choices(kind: str, ds) -> tuple[str, ...]:
    """The values a ``DataChoice`` stands for, read from the validated dataset's rows."""
    def segments(parent: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r["segment"] for r in ds.structures
                                   if r["entity"] == "nokia" and r["parent"] == parent
                                   and (not r["last_period"]
                                        or int(r["last_period"][2:6]) >= 2016)))

    known = {
        "segments": lambda: segments("total"),
        "business units": lambda: segments("network_infrastructure"),
        "seed files": lambda: tuple(sorted({r["seed_file"] for r in ds.claims})),
        "companies": lambda: tuple(e for e in COMPANIES
                                   if any(r["entity"] == e for r in ds.facts)),
        "company segments": lambda: tuple(sorted({r["segment"] for r in ds.facts
                                                  if r["entity"] in COMPANIES})),
        "company metrics": lambda: tuple(sorted({r["metric"] for r in ds.facts
                                                 if r["entity"] in COMPANIES})),
    }
    if kind not in known:
        raise ParameterError(f"'# one of: {kind} in data/' names no list data/ keeps; known: "
                             + ", ".join(f"{k} in data/" for k in known))
    return known[kind]()


def with_data_choices(declared: NotebookParams, ds) -> NotebookParams:
    """The parameters with every ``DataChoice`` replaced by the values data/ holds."""
    choices = {name: data_choices(allowed[0].kind, ds)
               if allowed and isinstance(allowed[0], DataChoice) else allowed
               for name, allowed in declared.choices.items()}
    return NotebookParams(declared.path, declared.defaults, choices, declared.years)


def read_parameters(path: Path) -> NotebookParams:
    """The parameters of the cell tagged `parameters` (exactly one must exist), as papermill
    reads them: its inspection names the parameters that ``-p`` can set, their defaults and
    their trailing comments, so the runner promises exactly what papermill injects.

    The cell is also parsed here, strictly: every statement a literal assignment of one name
    (papermill skips what it cannot read without a word), and papermill must find the same
    names. Papermill's inspection is memoised by the notebook's bytes (``inspection``), so a
    run that has nothing to rebuild does not pay for importing papermill.
    """
    try:
        raw = path.read_bytes()
        nb = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise ParameterError(f"{path.name}: cannot read the notebook ({exc})") from None
    cells = [c for c in nb.get("cells", [])
             if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ParameterError(f"{path.name}: needs exactly one cell tagged 'parameters', "
                             f"found {len(cells)}")
    source = cells[0]["source"]
    source = "".join(source) if isinstance(source, list) else source
    literal = _literal_assignments(path, source)
    inspected = inspection.inspect(path, raw)
    if list(inspected) != list(literal):
        missing = [n for n in literal if n not in inspected]
        raise ParameterError(f"{path.name}: papermill cannot read the parameter(s) "
                             f"{', '.join(missing) or '(order differs)'}: keep each on one "
                             "line of its own, with no '=' in its comment")
    defaults: dict[str, object] = {}
    choices: dict[str, tuple[str, ...]] = {}
    years: dict[str, tuple[int, int | None, bool]] = {}
    for name, found in inspected.items():
        try:
            defaults[name] = ast.literal_eval(found["default"])
        except (ValueError, SyntaxError):
            defaults[name] = literal[name]
        if defaults[name] != literal[name]:
            raise ParameterError(f"{path.name}: papermill reads {name} = {found['default']}, "
                                 f"the cell says {literal[name]!r}")
        comment = found["help"]
        if "one of:" in comment:
            allowed = comment.split("one of:", 1)[1].split(";")[0]
            listed = tuple(a.strip() for a in allowed.split(",") if a.strip())
            # '# one of: segments in data/' names a list data/ keeps, not a literal one
            choices[name] = (DataChoice(listed[0][:-len(" in data/")]),) \
                if len(listed) == 1 and listed[0].endswith(" in data/") else listed
        if m := YEARS.search(comment):
            last = None if m.group(2) == "latest" else int(m.group(2))
            years[name] = (int(m.group(1)), last, bool(m.group(3)))
    return NotebookParams(path, defaults, choices, years)


def _literal_assignments(path: Path, source: str) -> dict[str, object]:
    """Each name the cell assigns and its literal value; anything else is an error naming
    the line, since a derived value in this cell would not change with ``-p``."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(f"{path.name}: parameters cell line {exc.lineno}: {exc.msg}") \
            from None
    values: dict[str, object] = {}
    for node in tree.body:
        if not (isinstance(node, ast.Assign | ast.AnnAssign)):
            raise ParameterError(f"{path.name}: parameters cell line {node.lineno}: only "
                                 "assignments of literal values belong here")
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if len(targets) != 1 or not isinstance(targets[0], ast.Name):
            raise ParameterError(f"{path.name}: parameters cell line {node.lineno}: assign "
                                 "one plain name per line")
        try:
            values[targets[0].id] = ast.literal_eval(node.value)
        except ValueError:
            raise ParameterError(f"{path.name}: parameters cell line {node.lineno}: "
                                 f"{targets[0].id} must be a literal (number, text, list, "
                                 "True/False); derived values go in a later cell") from None
    return values


def parse_assignments(items: list[str]) -> dict[str, object]:
    """`-p NAME=VALUE` strings as a dict; VALUE is a Python literal or else plain text."""
    result: dict[str, object] = {}
    for item in items:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name.isidentifier():
            raise ParameterError(f"-p {item!r}: expected NAME=VALUE, e.g. -p currency=EUR")
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            value = text
        result[name] = value
    return result


def read_parameters_file(path: str | None) -> dict[str, object]:
    """A YAML mapping of parameter values (papermill's -f), or {} without a file."""
    if not path:
        return {}
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            values = yaml.safe_load(fh)
    except OSError as exc:
        raise ParameterError(f"-f {path}: cannot read the file ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"-f {path}: not valid YAML ({exc})") from None
    if values is None:
        return {}
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        raise ParameterError(f"-f {path}: expected a mapping of parameter names to values, "
                             "e.g. 'currency: EUR'")
    return values


def _type_name(value: object) -> str:
    return type(value).__name__


def coerce(name: str, value: object, default: object) -> object:
    """``value`` made to fit the default's type, or ParameterError saying what was expected."""
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(default, float):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif isinstance(default, str):
        if isinstance(value, str):
            return value
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) \
            else _fail(name, value, default)
    elif isinstance(default, list | tuple):
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, list | tuple):
            if default and not all(isinstance(v, type(default[0])) for v in value):
                _fail(name, value, default)
            return list(value)
    elif default is None:
        return value
    return _fail(name, value, default)


def _fail(name: str, value: object, default: object):
    raise ParameterError(f"parameter {name}: {value!r} is a {_type_name(value)}, but the "
                         f"notebook's default {default!r} is a {_type_name(default)}")


def check_choice(name: str, value: object, allowed: tuple[str, ...]) -> None:
    values = value if isinstance(value, list) else [value]
    bad = [v for v in values if str(v) not in allowed]
    if bad:
        raise ParameterError(f"parameter {name}: {', '.join(map(repr, bad))} is not allowed; "
                             f"choose from {', '.join(allowed)}")


def check_year(name: str, value: object, allowed: tuple[int, int | None, bool],
               latest: int | None) -> None:
    first, last, zero = allowed
    last = last if last is not None else latest
    if zero and value == 0:
        return
    if not isinstance(value, int) or value < first or (last is not None and value > last):
        upper = last if last is not None else "the latest year in data/"
        extra = " (or 0)" if zero else ""
        raise ParameterError(f"parameter {name}: {value!r} is outside the years the notebook "
                             f"accepts: {first} to {upper}{extra}")


def check(nb: NotebookParams, values: dict[str, object], latest: int | None
          ) -> dict[str, object]:
    """The contract of one notebook, applied by the runner before any kernel starts and by
    the notebook's own start (``helpers.notebook.start``) under papermill or JupyterLab: each
    value made to fit its default's type, then checked against its `# one of:` choices and its
    `# years` range, then the window as a whole. Returns the values as the notebook takes
    them; raises ParameterError with the one message every way of running shows."""
    chosen = {}
    for name, value in values.items():
        chosen[name] = coerce(name, value, nb.defaults[name])
        if name in nb.choices:
            check_choice(name, chosen[name], nb.choices[name])
        if name in (nb.years or {}):
            check_year(name, chosen[name], nb.years[name], latest)
    _check_window(nb, chosen)
    return chosen


def resolve(notebooks: list[NotebookParams], requested: dict[str, object],
            latest: int | None = None) -> dict[Path, dict[str, object]]:
    """Per notebook, the values to inject: each requested name goes where it is declared.

    ``latest`` is the newest fiscal year in data/, the upper bound of `years ...-latest`.
    """
    declared = {name for nb in notebooks for name in nb.defaults}
    unknown = sorted(set(requested) - declared)
    if unknown:
        names = ", ".join(sorted(declared)) or "(none)"
        raise ParameterError(f"unknown parameter(s) {', '.join(unknown)}; the notebooks "
                             f"declare: {names}")
    return {nb.path: check(nb, {k: v for k, v in requested.items() if k in nb.defaults},
                           latest)
            for nb in notebooks}


def _check_window(nb: NotebookParams, chosen: dict[str, object]) -> None:
    """first_year after last_year would draw empty charts; it is a usage error instead."""
    if "first_year" not in chosen and "last_year" not in chosen:
        return
    first = chosen.get("first_year", nb.defaults.get("first_year"))
    last = chosen.get("last_year", nb.defaults.get("last_year"))
    if isinstance(first, int) and isinstance(last, int) and last and first > last:
        raise ParameterError(f"first_year {first} comes after last_year {last} "
                             f"({nb.path.name}); nothing would be drawn")
