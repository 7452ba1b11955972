"""Hide the stored values of earlier runs again, now that a provisional count of 1–4 hides a
cell too (suppression rule 1), run by run: the same step as 0004."""

from importlib import import_module

from django.db import migrations

hide = import_module("fremdrift.indicators.migrations.0004_hide_stored_values").hide


class Migration(migrations.Migration):
    dependencies = [("indicators", "0005_manual_illustrative")]

    operations = [migrations.RunPython(hide, migrations.RunPython.noop)]
