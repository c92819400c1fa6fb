"""The seed articles by their titles: a reader knows an article by what it is called, not by
the name of the file it was saved in.

A title is read from the article itself: a ``title:`` line of its front matter, else its
first line when that is short enough to be a headline, else its first words. An article not
on this machine keeps its file name, so a report built elsewhere still says which one.
"""

from __future__ import annotations

import functools
import re

from helpers import paths

HEADLINE_WORDS = 16


@functools.cache
def title(seed_file: str) -> str:
    path = paths.seeds_dir() / seed_file
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return seed_file
    found = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", text[:2000], flags=re.MULTILINE)
    if text.startswith("---") and found:
        return found.group(1).strip()
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not first:
        return seed_file
    words = first.split()
    if len(words) <= HEADLINE_WORDS:
        return first
    return "untitled article beginning '" + " ".join(words[:10]) + "...'"
