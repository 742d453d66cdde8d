import pytest


@pytest.fixture(autouse=True)
def periods(db, catalogue):
    """The shipped criteria sets: a year in a path or a filter is one of their periods (2021–2030)."""
