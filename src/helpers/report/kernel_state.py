"""What a notebook may change in a kernel, and how to put it back for the next notebook.

The report runs several notebooks in one warm kernel per worker (a fresh kernel per notebook
would cost about two seconds each). A notebook must still start as if the kernel were new:
``snapshot`` records the clean state right after the kernel starts, and ``restore`` puts it
back before every notebook. Covered: pandas options, matplotlib rcParams and open figures,
numpy print and error settings, warning filters, environment variables, the working
directory, and the project's own modules (reloaded, so their module-level state is fresh).
Not covered: changes a notebook makes inside third-party modules (monkeypatching).
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings

_CLEAN: dict = {}


def _project_modules() -> list[str]:
    return sorted(name for name in sys.modules
                  if (name == "helpers" or name.startswith("helpers."))
                  and name != __name__ and sys.modules[name] is not None)


def snapshot() -> None:
    import matplotlib as mpl
    import numpy as np

    _CLEAN.update(
        rc=dict(mpl.rcParams), numpy_print=np.get_printoptions(), numpy_err=np.geterr(),
        warning_filters=list(warnings.filters), environ=dict(os.environ), cwd=os.getcwd(),
        modules=_project_modules())


def restore() -> None:
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    if not _CLEAN:
        raise RuntimeError("kernel_state.restore() before snapshot()")
    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pd.reset_option("all")
        mpl.rcParams.update(_CLEAN["rc"])
    np.set_printoptions(**_CLEAN["numpy_print"])
    np.seterr(**_CLEAN["numpy_err"])
    warnings.filters[:] = _CLEAN["warning_filters"]
    os.environ.clear()
    os.environ.update(_CLEAN["environ"])
    os.chdir(_CLEAN["cwd"])
    # modules a notebook imported are kept (importing again costs time, not correctness);
    # every project module is re-executed so its constants and caches start fresh
    # twice, so a module that copied a name from another (from x import y) gets the fresh one
    for _ in range(2):
        for name in _project_modules():
            importlib.reload(sys.modules[name])
