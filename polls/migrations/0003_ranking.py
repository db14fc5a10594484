"""Ranking polls: a ballot's choices get a place. Ballot.choices keeps its table; the
model that now names it (BallotChoice) adds the one column."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("polls", "0002_survey"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BallotChoice",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "ballot",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="polls.ballot"
                            ),
                        ),
                        (
                            "choice",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="polls.choice"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "choice on a ballot",
                        "verbose_name_plural": "choices on ballots",
                        "db_table": "polls_ballot_choices",
                        "unique_together": {("ballot", "choice")},
                    },
                ),
                migrations.AlterField(
                    model_name="ballot",
                    name="choices",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="ballots",
                        through="polls.BallotChoice",
                        to="polls.choice",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="ballotchoice",
            name="rank",
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="place"),
        ),
        migrations.AlterField(
            model_name="poll",
            name="kind",
            field=models.CharField(
                choices=[
                    ("single", "Single choice"),
                    ("multiple", "Multiple choice"),
                    ("scale", "Scale"),
                    ("traffic_light", "Traffic light"),
                    ("open_text", "Open text"),
                    ("ranking", "Ranking"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
    ]
