"""Install the triggers that renew a criteria set's revision on every change (communes/triggers.py);
they replace the signals, which bulk writes bypassed."""

from django.db import migrations

from communes.triggers import catalogue_triggers_drop, catalogue_triggers_install


def forwards(apps, schema_editor):
    catalogue_triggers_install(schema_editor.connection)


def backwards(apps, schema_editor):
    catalogue_triggers_drop(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("communes", "0009_catalogue_file_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
