# The `vietnamese` collation names are ordered by (ntm_tracker/collation.py). PostgreSQL only:
# SQLite gets it from PyICU on each connection; CreateCollation does nothing on other databases.

from django.contrib.postgres.operations import CreateCollation
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('ntm_tracker', '0006_pending_imports'),
    ]

    operations = [
        CreateCollation("vietnamese", provider="icu", locale="vi"),
    ]
