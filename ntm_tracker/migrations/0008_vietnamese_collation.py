# The `vietnamese` collation names are ordered by (ntm_tracker/collation.py). PostgreSQL only:
# SQLite gets it from PyICU on each connection.

from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class CreateCollationOnPostgreSQL(CreateCollation):
    """Django's CreateCollation skips other databases going forwards but not backwards (it would
    run DROP COLLATION on SQLite); this one skips them both ways."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):

    dependencies = [
        ('ntm_tracker', '0007_territory_app'),
    ]

    operations = [
        CreateCollationOnPostgreSQL("vietnamese", provider="icu", locale="vi"),
    ]
