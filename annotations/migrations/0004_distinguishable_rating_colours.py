"""A verdict palette that stays distinguishable with red-green (and blue-yellow) colour
blindness; tests/ui/test_palette.py checks it. Ratings an admin recoloured keep their colour."""

from django.db import migrations

OLD = {
    "true": "#1a7f37",
    "mostly-true": "#6aa84f",
    "half-true": "#bf9000",
    "mostly-false": "#e06c1f",
    "false": "#c0392b",
    "misleading": "#8e44ad",
    "unverifiable": "#7f8c8d",
    "not-a-claim": "#95a5a6",
}
NEW = {
    "true": "#0a35a2",
    "mostly-true": "#1b768a",
    "half-true": "#c08602",
    "mostly-false": "#b64c11",
    "false": "#9c1e23",
    "misleading": "#c21fd8",
    "unverifiable": "#434b5a",
    "not-a-claim": "#99866b",
}


def recolour(apps, schema_editor, old=OLD, new=NEW):
    Rating = apps.get_model("annotations", "Rating")
    for slug, colour in new.items():
        Rating.objects.filter(slug=slug, colour__iexact=old[slug]).update(colour=colour)


def back(apps, schema_editor):
    recolour(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0003_integrity")]

    operations = [migrations.RunPython(recolour, back)]
