import pytest

from showcase.demo.ocop import demo_ocop_load


@pytest.fixture
def ocop_demo(ha_tinh):
    """The demo OCOP register of Hà Tĩnh."""
    demo_ocop_load()
    return ha_tinh
