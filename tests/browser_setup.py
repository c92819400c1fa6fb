"""Make sure a Chromium exists for the browser test, installing Debian's package if missing.

Run by `make test` before pytest. It never fails the build: when Chromium cannot be had
(no apt, not root, no network) it says so, and the browser test skips with that reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def main() -> int:
    if os.environ.get("NOKIA_SKIP_BROWSER"):
        print("browser setup: NOKIA_SKIP_BROWSER is set; the browser test will skip")
        return 0
    found = find_chromium()
    if found:
        print(f"browser setup: using {found}")
        return 0
    if not shutil.which("apt-get") or os.geteuid() != 0:
        print("browser setup: no Chromium, and apt-get as root is not available; "
              "the browser test will skip")
        return 0
    print("browser setup: installing Debian's chromium package (once per machine) ...",
          flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update", "-qq"],
                ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"]):
        result = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            print(f"browser setup: {' '.join(cmd)} failed ({result.stderr.strip()[-300:]}); "
                  "the browser test will skip")
            return 0
    print(f"browser setup: installed {find_chromium()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
