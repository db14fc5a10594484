from django.db import migrations


class Migration(migrations.Migration):
    """LiveState now belongs to the live app; its table stays as it is (live 0001)."""

    dependencies = [("seminar", "0005_admission")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="LiveState")],
            database_operations=[],
        )
    ]
