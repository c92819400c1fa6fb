"""The report runner: validate, run notebooks, publish atomically."""
