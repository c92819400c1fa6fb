"""Allows ``python -m helpers``."""

from helpers.cli import run

run()
