"""Target, moved here from `ntm_tracker`: the model is taken over, its table is not touched.

The table keeps its name (`ntm_tracker_target`, `Meta.db_table`), its rows, constraints and index;
only Django's state moves (`SeparateDatabaseAndState`). On a fresh database
`ntm_tracker.0003_targets` creates the table and this migration adopts it. The content type and
the audit trail's object type follow the model, so permissions and the history of a target (audit
events written as "ntm_tracker.target") stay attached to it."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD, NEW = "ntm_tracker", "dashboards"


def relabel(apps, schema_editor, old=OLD, new=NEW):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("ntm_tracker", "AuditEvent")
    # A content type created for the new label before this ran (none normally) would clash.
    ContentType.objects.filter(app_label=new, model="target").delete()
    ContentType.objects.filter(app_label=old, model="target").update(app_label=new)
    AuditEvent.objects.filter(object_type=f"{old}.target").update(object_type=f"{new}.target")


def relabel_back(apps, schema_editor):
    relabel(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("communes", "0003_civilised_urban_level"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("ntm_tracker", "0005_target_moved_to_dashboards"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Target",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        ("metric", models.CharField(max_length=40, verbose_name="metric")),
                        ("value", models.DecimalField(decimal_places=2, max_digits=10, verbose_name="target value")),
                        ("baseline", models.DecimalField(blank=True, decimal_places=2, help_text="Value at the start of the year; empty: computed from the data.", max_digits=10, null=True, verbose_name="baseline")),
                        ("district_codes", models.CharField(blank=True, help_text="GSO codes separated by commas, for targets naming districts.", max_length=200, verbose_name="named district units")),
                        ("note", models.CharField(blank=True, max_length=255, verbose_name="note")),
                        ("version", models.PositiveIntegerField(default=1, verbose_name="version")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="created by")),
                        ("district", models.ForeignKey(blank=True, help_text="Empty for a target of the whole province.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name="targets", to="communes.district", verbose_name="district unit")),
                        ("province", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="targets", to="communes.province", verbose_name="province")),
                        ("updated_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="updated by")),
                    ],
                    options={
                        "verbose_name": "target",
                        "verbose_name_plural": "targets",
                        "db_table": "ntm_tracker_target",
                        "ordering": ["year", "district", "id"],
                        "indexes": [models.Index(fields=["province", "year"], name="target_province_year_idx")],
                        "constraints": [
                            models.UniqueConstraint(condition=models.Q(("district__isnull", True)), fields=("year", "province", "metric"), name="target_unique_province_metric"),
                            models.UniqueConstraint(condition=models.Q(("district__isnull", False)), fields=("year", "district", "metric"), name="target_unique_district_metric"),
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(relabel, relabel_back),
    ]
