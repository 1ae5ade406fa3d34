"""Fuzzy matching of the translation memory in PostgreSQL: the pg_trgm extension and a
GIN trigram index on the remembered source texts.

Creating an extension needs the right to do so (the test databases are created by the
superuser, so it works there). Where it is refused, or on another database, nothing is
created and the memory uses its documented fallback (network/translation/memory.py).
"""

from django.db import migrations, transaction

INDEX = "translation_memory_source_trgm"


def create_trigram_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    table = apps.get_model("translation", "MemoryEntry")._meta.db_table
    try:
        # A savepoint: a refused CREATE EXTENSION must not abort the migration.
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as error:  # noqa: BLE001 - any refusal means "use the fallback"
        print(f"\n  pg_trgm is not available ({error}); the memory uses its fallback.")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin (source_text gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("translation", "0001_memory_glossary_submissions")]

    operations = [migrations.RunPython(create_trigram_index, drop_trigram_index)]
