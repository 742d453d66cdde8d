from tests.ocop.conftest import ocop_demo  # noqa: F401 (the demo OCOP register, for the dashboards)
import pytest


@pytest.fixture(autouse=True)
def periods(catalogue):
    """The shipped criteria sets: the years a dashboard offers are their periods (2021–2030)."""
