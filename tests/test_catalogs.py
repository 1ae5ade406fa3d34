"""The portal's own UI strings are translated in all 13 catalogs (locale/<lang>/LC_MESSAGES).

1. Each catalog passes ``msgfmt --check`` (header, plural forms, python-format
   placeholders) with no fuzzy and no untranslated entry.
2. Every msgid the code uses today is in every catalog, translated: the strings are
   extracted afresh (``makemessages`` in a copy of the checkout, with the same ignores as
   ``make messages``) and each catalog is compared with them by gettext's ``msgcmp``,
   which counts untranslated and fuzzy entries as missing. So a new
   ``{% translate %}`` without its 13 translations fails here, naming the string.
3. The compiled ``.mo`` files match their ``.po`` (a stale ``.mo`` would show visitors
   old or English strings).
"""

import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.utils.translation import to_locale

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
# The same folders `make messages` leaves out (Makefile, target "messages").
IGNORED = [".venv", "var", "tests", "benchmarks"]
CATALOGS = [to_locale(code) for code, _name in settings.ALL_LANGUAGES]

pytestmark = pytest.mark.skipif(
    not (shutil.which("msgfmt") and shutil.which("msgcmp") and shutil.which("xgettext")),
    reason="GNU gettext (msgfmt, msgcmp, xgettext) is not installed: apt-get install gettext",
)


def po_file(name):
    return LOCALE / name / "LC_MESSAGES" / "django.po"


def run(*args, cwd=None):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)  # noqa: S603


def test_there_is_a_catalog_for_each_of_the_13_languages():
    assert len(CATALOGS) == 13
    missing = [name for name in CATALOGS if not po_file(name).exists()]
    assert not missing, f"no catalog for {missing}: run `make messages`"


@pytest.mark.parametrize("name", CATALOGS)
def test_the_catalog_passes_msgfmt_check_with_every_entry_translated(name, tmp_path):
    result = run(
        "msgfmt", "--check", "--statistics", "-o", str(tmp_path / "django.mo"), str(po_file(name))
    )
    assert result.returncode == 0, result.stderr
    # "612 translated messages." and nothing about fuzzy or untranslated ones.
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
    compiled = LOCALE / name / "LC_MESSAGES" / "django.mo"
    assert compiled.exists(), f"{compiled} is missing: run `make messages`"
    assert compiled.read_bytes() == (tmp_path / "django.mo").read_bytes(), (
        f"{compiled} is older than its .po: run `make messages` (or msgfmt) and commit it"
    )


@pytest.fixture(scope="module")
def strings_in_the_code(tmp_path_factory):
    """The template of msgids extracted from a copy of the checkout right now."""
    copy = tmp_path_factory.mktemp("checkout") / "portal"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "var", "node_modules", "test-artifacts", "__pycache__", "*.mo"
        ),
    )
    ignores = [f"--ignore={folder}" for folder in IGNORED]
    result = run(
        sys.executable, "manage.py", "makemessages", "-l", "en", "--keep-pot", *ignores, cwd=copy
    )
    assert result.returncode == 0, result.stderr
    return copy / "locale" / "django.pot"


@pytest.mark.parametrize("name", CATALOGS)
def test_every_string_of_the_code_is_translated_in_the_catalog(name, strings_in_the_code):
    result = run("msgcmp", str(po_file(name)), str(strings_in_the_code))
    assert result.returncode == 0, (
        f"locale/{name}: strings of the code missing or untranslated "
        f"(run `make messages`, then translate them):\n{result.stderr}"
    )
