import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("territory", "0003_commune_province_filled")]

    operations = [
        migrations.AlterField(
            model_name="commune",
            name="province",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="communes",
                                    to="territory.province", verbose_name="province"),
        ),
    ]
