import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Province, District, Commune and the lineage models now live in `territory`.

    State only: the tables (and every row) stay; the foreign keys of this app point to the same
    tables under their new app label. Runs after the other apps have moved their own keys.
    """

    dependencies = [
        ("communes", "0013_assessment_value_fits"),
        ("territory", "0001_initial"),
        ("ntm_tracker", "0007_territory_app"),
        ("dashboards", "0002_territory_app"),
        ("ocop", "0005_territory_app"),
    ]

    state_operations = [
        migrations.AlterField(
            model_name='communegroupassignment',
            name='commune',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='group_assignments', to='territory.commune', verbose_name='commune'),
        ),
        migrations.RemoveIndex(
            model_name='commune',
            name='commune_district_kind_idx',
        ),
        migrations.AlterField(
            model_name='recognition',
            name='commune',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='recognitions', to='territory.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='assessment',
            name='commune',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assessments', to='territory.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='criterionresult',
            name='commune',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='criterion_results', to='territory.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='communeyearresult',
            name='commune',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='year_results', to='territory.commune', verbose_name='commune'),
        ),
        migrations.AlterField(
            model_name='review',
            name='commune',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='territory.commune', verbose_name='commune'),
        ),
        migrations.RemoveConstraint(
            model_name='communelineage',
            name='commune_lineage_unique',
        ),
        migrations.RemoveField(
            model_name='district',
            name='province',
        ),
        migrations.AlterField(
            model_name='recognition',
            name='district',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='recognitions', to='territory.district', verbose_name='district'),
        ),
        migrations.RemoveConstraint(
            model_name='districtlineage',
            name='district_lineage_unique',
        ),
        migrations.RemoveField(
            model_name='commune',
            name='district',
        ),
        migrations.RemoveField(
            model_name='communelineage',
            name='predecessor',
        ),
        migrations.RemoveField(
            model_name='communelineage',
            name='successor',
        ),

        migrations.DeleteModel(
            name='Province',
        ),
        migrations.RemoveField(
            model_name='districtlineage',
            name='predecessor',
        ),
        migrations.RemoveField(
            model_name='districtlineage',
            name='successor',
        ),

        migrations.DeleteModel(
            name='Commune',
        ),
        migrations.DeleteModel(
            name='CommuneLineage',
        ),
        migrations.DeleteModel(
            name='District',
        ),
        migrations.DeleteModel(
            name='DistrictLineage',
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
