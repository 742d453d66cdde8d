from tests.ocop.conftest import ocop_demo  # noqa: F401 (the demo OCOP register)
