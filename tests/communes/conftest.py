import pytest


@pytest.fixture(autouse=True)
def periods(request, db):
    """The shipped criteria sets: a year in a path or a filter is one of their periods (2021–2030).
    Tests about loading the catalogue itself start without it (`@pytest.mark.without_catalogue`)."""
    if request.node.get_closest_marker("without_catalogue") is None:
        request.getfixturevalue("catalogue")
