"""The export markets OCOP producers most often report; more can be added in the admin."""

from django.db import migrations

MARKETS = [
    ("AO", "Angola"), ("AU", "Úc"), ("CA", "Canada"), ("CN", "Trung Quốc"), ("DE", "Đức"), ("FR", "Pháp"),
    ("JP", "Nhật Bản"), ("KR", "Hàn Quốc"), ("LA", "Lào"), ("NZ", "New Zealand"), ("RU", "Nga"),
    ("SG", "Singapore"), ("TH", "Thái Lan"), ("TW", "Đài Loan"), ("US", "Hoa Kỳ"), ("GB", "Anh"),
]


def add_markets(apps, schema_editor):
    ExportMarket = apps.get_model("ocop", "ExportMarket")
    for code, name in MARKETS:
        ExportMarket.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("ocop", "0001_initial")]
    operations = [migrations.RunPython(add_markets, migrations.RunPython.noop)]
