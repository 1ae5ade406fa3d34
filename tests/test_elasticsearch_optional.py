"""The Elasticsearch client is an optional extra (``pip install ".[elasticsearch]"``): the
portal starts and searches its database without it, and says what to install when
ELASTICSEARCH_URL asks for a cluster it cannot reach without the client.

Each check runs in a fresh interpreter where the client cannot be imported, as where
the extra is not installed."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# None in sys.modules: "import elasticsearch" fails and find_spec() finds nothing, as
# where the package is not installed.
WITHOUT_THE_CLIENT = """
import sys

sys.modules.update(elasticsearch=None, elastic_transport=None)
"""


def run_without_the_client(code, **environ):
    env = {name: value for name, value in os.environ.items() if name != "ELASTICSEARCH_URL"}
    env.update(DJANGO_SETTINGS_MODULE="portal.settings.test", **environ)
    script = WITHOUT_THE_CLIENT + textwrap.dedent(code)
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_portal_starts_and_searches_its_database_without_the_client():
    result = run_without_the_client(
        """
        import django

        django.setup()
        import elasticsearch  # noqa: F401 - proves the client is out of reach
        """
    )
    assert "ModuleNotFoundError" in result.stderr

    result = run_without_the_client(
        """
        import django
        from django.core.management import call_command

        django.setup()
        call_command("check")
        import portal.urls  # noqa: F401 - every view and API router loads
        from wagtail.search.backends import get_search_backend

        print(type(get_search_backend()).__name__)
        call_command("catch_up_search_index")
        """
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "SearchBackend" in result.stdout
    assert "needs no catching up" in result.stdout


def test_asking_for_a_cluster_without_the_client_says_what_to_install():
    result = run_without_the_client(
        """
        import django

        django.setup()
        """,
        ELASTICSEARCH_URL="http://127.0.0.1:9200",
    )
    assert result.returncode != 0
    assert 'pip install ".[elasticsearch]"' in result.stderr
