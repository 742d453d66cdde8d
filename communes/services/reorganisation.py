"""What NTM progress asks of a reorganisation of the territory (registered in `CommunesConfig.ready`)."""

import datetime

from django.utils.translation import gettext as _

from communes.models import Assessment


def commune_close_guard(communes, effective: datetime.date) -> list[str]:
    """A reorganisation may not close a commune that has assessments of a year starting on or after
    the day it closes: one message per such commune (`territory.reorganisation.CLOSE_GUARDS`)."""
    first_year = effective.year if (effective.month, effective.day) == (1, 1) else effective.year + 1
    codes = Assessment.objects.filter(commune__in=communes, year__gte=first_year).values_list(
        "commune__code", flat=True).distinct()
    return [_("Commune %(code)s would close on %(date)s but has assessments of a later year.")
            % {"code": code, "date": effective.strftime("%d/%m/%Y")} for code in sorted(codes)]
