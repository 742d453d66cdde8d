"""Path converters for GSO codes: `<province:code>`, `<district:code>`, `<commune:code>`, `<unit:code>`.

Registered when the app is ready (`NtmTrackerConfig.ready`), before any URLconf is read; the
year's (`<year:year>`) is communes' (`communes.years`). A value a converter refuses matches no
URL: 404 before any view or database query sees it.
"""

from django.urls import register_converter


class _CodeConverter:
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class ProvinceCodeConverter(_CodeConverter):
    """`<province:code>`: a GSO province code, two digits ("42")."""
    regex = "[0-9]{2}"


class DistrictCodeConverter(_CodeConverter):
    """`<district:code>`: a GSO district code, three digits ("443")."""
    regex = "[0-9]{3}"


class CommuneCodeConverter(_CodeConverter):
    """`<commune:code>`: a GSO commune code, five digits ("18577")."""
    regex = "[0-9]{5}"


class UnitCodeConverter(_CodeConverter):
    """`<unit:code>`: a province, district or commune code (2, 3 or 5 digits)."""
    regex = "[0-9]{5}|[0-9]{3}|[0-9]{2}"




def register() -> None:
    register_converter(ProvinceCodeConverter, "province")
    register_converter(DistrictCodeConverter, "district")
    register_converter(CommuneCodeConverter, "commune")
    register_converter(UnitCodeConverter, "unit")
