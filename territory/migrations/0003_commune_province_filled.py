from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    """Every commune so far stands under a district: its province is the district's."""
    Commune = apps.get_model("territory", "Commune")
    District = apps.get_model("territory", "District")
    Commune.objects.filter(province__isnull=True).update(
        province_id=Subquery(District.objects.filter(pk=OuterRef("district_id")).values("province_id")[:1]))


class Migration(migrations.Migration):
    dependencies = [("territory", "0002_units_in_time")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
