"""Target moved to the `dashboards` app: forgotten here without touching its table.

The table `ntm_tracker_target` and its rows stay; `dashboards.0001_target_moved` takes the model
over under the same table name (`Meta.db_table`)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("ntm_tracker", "0004_user_language"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Target")],
            database_operations=[],
        ),
    ]
