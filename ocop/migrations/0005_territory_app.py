import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The commune keys point to `territory.Commune` (same table: state only)."""

    dependencies = [
        ("ocop", "0004_names_without_markup"),
        ("territory", "0001_initial"),
    ]

    state_operations = [
        migrations.AlterField(
            model_name='producer',
            name='commune',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ocop_producers', to='territory.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='product',
            name='commune',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ocop_products', to='territory.commune', verbose_name='commune of origin'),
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
