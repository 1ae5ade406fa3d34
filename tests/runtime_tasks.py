"""A task for the worker tests: it leaves a file behind, so a test sees it ran without
sharing a database table with the worker."""

from pathlib import Path

from django_tasks import task


@task()
def touch(path):
    """Create the file at ``path``."""
    Path(path).touch()
