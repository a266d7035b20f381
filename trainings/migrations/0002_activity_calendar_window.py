# The calendar page reads one window of months at a time.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(fields=["start_date", "end_date"], name="activity_calendar_window"),
        ),
    ]
