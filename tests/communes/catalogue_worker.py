"""An app process for the two-process catalogue tests (tests/communes/test_catalogue_processes.py).

Run as `python -m tests.communes.catalogue_worker` with DATABASE_URL set; it reads one JSON command
a line on stdin and answers one JSON line on stdout, keeping its in-memory catalogue between
commands like a gunicorn worker does between requests.
"""

import json
import os
import sys
from decimal import Decimal


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_tracker.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.db.models import F

    from communes.models import Assessment, Indicator, Threshold
    from territory.models import Commune
    from communes.services.assessments import assessment_save
    from ntm_tracker.models import User

    print(json.dumps({"ready": os.getpid()}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        op = command["op"]
        if op == "save":  # an indicator save, as the browser's
            commune = Commune.objects.select_related("district__province").get(pk=command["commune"])
            indicator = Indicator.objects.get(pk=command["indicator"])
            version = Assessment.objects.filter(commune=commune, indicator=indicator, year=command["year"]).values_list(
                "version", flat=True).first() or 0
            saved = assessment_save(commune=commune, indicator=indicator, year=command["year"],
                                    value=Decimal(command["value"]), expected_version=version,
                                    user=User.objects.get(pk=command["user"]))
            answer = {"met": saved.met}
        elif op == "update":  # a shell fix: one bulk UPDATE, no signal, no save()
            count = Threshold.objects.filter(indicator_id=command["indicator"]).update(
                value=F("value") + Decimal(command["delta"]))
            answer = {"updated": count}
        elif op == "load":  # the catalogue loader
            from communes.services.criteria_loading import criteria_load
            from communes.services.criteria_reading import criteria_read

            with open(command["path"], "rb") as handle:
                result = criteria_load(sets=criteria_read(handle, command["path"]), user=User.objects.get(
                    pk=command["user"]))
            answer = {"changes": result.change_count}
        else:
            answer = {"error": op}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
