import django.db.models.deletion
from django.db import migrations, models

MOVED = ["province", "district", "commune", "districtlineage", "communelineage"]


def relabel(apps, schema_editor, old="communes", new="territory"):
    """Content types (so permissions and admin history follow) and audit events' object types."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("ntm_tracker", "AuditEvent")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
        AuditEvent.objects.filter(object_type=f"{old}.{model}").update(object_type=f"{new}.{model}")


def relabel_back(apps, schema_editor):
    relabel(apps, schema_editor, old="territory", new="communes")


class Migration(migrations.Migration):
    """The scope keys point to the `territory` models (same tables: state only)."""

    dependencies = [
        ("ntm_tracker", "0006_pending_imports"),
        ("territory", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    state_operations = [
        migrations.AlterField(
            model_name='user',
            name='commune',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='user',
            name='district',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.district', verbose_name='district'),
        ),
        migrations.AlterField(
            model_name='user',
            name='province',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='territory.province', verbose_name='province'),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        migrations.RunPython(relabel, relabel_back),
    ]
