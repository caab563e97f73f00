# The syllabus editor: a target reading load per unit, and reading times bounded to what a week can hold.

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0003_portable_limits"),
    ]

    operations = [
        migrations.AddField(
            model_name="course",
            name="target_minutes_per_week",
            field=models.PositiveSmallIntegerField(
                default=180,
                help_text="How much reading you expect per unit (week); the syllabus editor flags units above it.",
                validators=[
                    django.core.validators.MinValueValidator(10),
                    django.core.validators.MaxValueValidator(2400),
                ],
                verbose_name="target reading minutes per unit",
            ),
        ),
        migrations.AlterField(
            model_name="readingitem",
            name="minutes",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Estimated reading time. If empty: 5 minutes per page of the pages to read, or of the work's own page range when no pages are given; no estimate when neither is known.",
                null=True,
                validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(600)],
            ),
        ),
    ]
