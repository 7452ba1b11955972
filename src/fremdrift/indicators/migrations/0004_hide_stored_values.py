"""Hide the stored values of earlier runs as the suppression rule now does (primary and
complementary), run by run."""

from django.db import migrations

FIELDS = (
    "id",
    "indicator",
    "sector",
    "period_type",
    "period",
    "geo_level",
    "geo_code",
    "numerator",
    "denominator",
    "provisional",
    "suppressed",
)


def hide(apps, schema_editor):
    from fremdrift.indicators import suppression

    run_model = apps.get_model("indicators", "IndicatorRun")
    value_model = apps.get_model("indicators", "IndicatorValue")
    for run_pk in run_model.objects.values_list("pk", flat=True):
        rows = list(value_model.objects.filter(run_id=run_pk).values(*FIELDS))
        hidden = suppression.hidden_keys(rows)
        ids = [row["id"] for row in rows if suppression.key_of(row) in hidden]
        value_model.objects.filter(run_id=run_pk).update(hidden=False)
        for start in range(0, len(ids), 500):
            value_model.objects.filter(pk__in=ids[start : start + 500]).update(hidden=True)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_value_hidden")]

    operations = [migrations.RunPython(hide, migrations.RunPython.noop)]
