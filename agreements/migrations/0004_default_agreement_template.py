"""Publish version 1 of the default standard text, so a new portal can draft agreements at once."""

from pathlib import Path

from django.db import migrations

NAME = "研究生联合培养基地协议（标准文本）"
TEXT = Path(__file__).resolve().parent.parent / "standard_text" / "default_agreement.txt"


def publish_default(apps, schema_editor):
    AgreementTemplate = apps.get_model("agreements", "AgreementTemplate")
    if not AgreementTemplate.objects.filter(name=NAME).exists():
        AgreementTemplate.objects.create(
            name=NAME, version=1, body=TEXT.read_text(encoding="utf-8"), change_note="初始版本"
        )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0003_in_force_until_and_one_in_force_per_base")]

    operations = [migrations.RunPython(publish_default, migrations.RunPython.noop)]
