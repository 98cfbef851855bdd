"""Fill ``in_force_until`` and, on PostgreSQL, forbid two agreements of a base in force at once."""

import datetime as dt

from django.db import migrations

CONSTRAINT = "agreement_one_in_force_per_base"


def backfill_in_force_until(apps, schema_editor):
    Agreement = apps.get_model("agreements", "Agreement")
    for agreement in Agreement.objects.filter(effective_from__isnull=False, ends_on__isnull=False):
        last = agreement.ends_on
        if agreement.terminated_on:
            last = min(last, agreement.terminated_on - dt.timedelta(days=1))
        Agreement.objects.filter(pk=agreement.pk).update(in_force_until=last)


def add_exclusion_constraint(apps, schema_editor):
    # SQLite (the demo default) has no range types; there the service's check stands alone.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE agreements_agreement ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(base_id WITH =, daterange(effective_from, in_force_until, '[]') WITH &&) "
        "WHERE (effective_from IS NOT NULL AND in_force_until IS NOT NULL AND in_force_until >= effective_from)"
    )


def drop_exclusion_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE agreements_agreement DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0002_lifecycle_governance_evaluations")]

    operations = [
        migrations.RunPython(backfill_in_force_until, migrations.RunPython.noop),
        migrations.RunPython(add_exclusion_constraint, drop_exclusion_constraint),
    ]
