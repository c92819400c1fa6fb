"""nokia-in-numbers: load cited facts, build series, draw and publish the report."""

__version__ = "0.1.0"
