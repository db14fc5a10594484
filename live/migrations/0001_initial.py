import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps: object, schema_editor: object) -> None:
    """Permissions and admin history follow the model to its new app."""
    content_type = apps.get_model("contenttypes", "ContentType")  # type: ignore[attr-defined]
    if not content_type.objects.filter(app_label="live", model="livestate").exists():
        content_type.objects.filter(app_label="seminar", model="livestate").update(app_label="live")


class Migration(migrations.Migration):
    """The room's live state moves from the seminar app: the same table
    (seminar_livestate), not a row copied."""

    initial = True

    dependencies = [
        ("agenda", "0003_deck_import"),
        ("exercises", "0001_initial"),
        ("polls", "0001_initial"),
        ("seminar", "0006_livestate_moves_to_live"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LiveState",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "blank",
                            models.BooleanField(default=False, verbose_name="projector blanked"),
                        ),
                        (
                            "join_banner",
                            models.BooleanField(default=True, verbose_name="join banner shown"),
                        ),
                        (
                            "revision",
                            models.PositiveIntegerField(default=1, verbose_name="revision"),
                        ),
                        (
                            "timer_state",
                            models.CharField(
                                choices=[
                                    ("idle", "Not started"),
                                    ("running", "Running"),
                                    ("paused", "Paused"),
                                ],
                                default="idle",
                                max_length=10,
                                verbose_name="timer",
                            ),
                        ),
                        (
                            "timer_total_seconds",
                            models.PositiveIntegerField(
                                default=0, verbose_name="timer length in seconds"
                            ),
                        ),
                        (
                            "timer_ends_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="timer ends at"
                            ),
                        ),
                        (
                            "timer_remaining_seconds",
                            models.FloatField(default=0, verbose_name="seconds left while paused"),
                        ),
                        (
                            "exercise",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="exercises.exercise",
                                verbose_name="exercise on screen",
                            ),
                        ),
                        (
                            "poll",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="polls.poll",
                                verbose_name="poll on screen",
                            ),
                        ),
                        (
                            "seminar",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="live",
                                to="seminar.seminar",
                                verbose_name="seminar",
                            ),
                        ),
                        (
                            "slide",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="agenda.slide",
                                verbose_name="current slide",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "live state",
                        "verbose_name_plural": "live states",
                        "db_table": "seminar_livestate",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
