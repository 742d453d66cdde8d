import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The target's province and district keys point to the `territory` models (same tables: state only)."""

    dependencies = [
        ("dashboards", "0001_target_moved"),
        ("territory", "0001_initial"),
    ]

    state_operations = [
        migrations.AlterField(
            model_name="target",
            name="district",
            field=models.ForeignKey(blank=True, help_text="Empty for a target of the whole province.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name="targets", to="territory.district", verbose_name="district unit"),
        ),
        migrations.AlterField(
            model_name="target",
            name="province",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="targets", to="territory.province", verbose_name="province"),
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
