"""Labels and typography per language (issue 10, point 8): one name of the network in
each language, and no stray spaces in Thai.

Language names inside sentences and localized time zones are asserted where visitors
read them (tests/test_languages.py, tests/test_site.py).
"""

import re
from html.parser import HTMLParser

from django.conf import settings
from django.utils.translation import to_locale

import polib
import pytest

from tests.site_content import build_network
from tests.test_catalogs import po_file

# The network's name in each language: its short name (the site's name, feed titles)
# and its full name, in the forms the language declines it to. Each is the form the
# language used most (catalogs and demo translations) when the names were unified.
NETWORK_NAMES = {
    "en": ("Michelin Cities", ["International Network of Michelin Cities"]),
    "fr": ("Villes Michelin", ["Réseau international des villes Michelin"]),
    "es": ("Ciudades Michelin", ["Red Internacional de Ciudades Michelin"]),
    "de": (
        "Michelin-Städte",
        [
            "Internationale Netzwerk der Michelin-Städte",
            "Internationalen Netzwerks der Michelin-Städte",
        ],
    ),
    "it": ("Città Michelin", ["Rete internazionale delle città Michelin"]),
    "pl": (
        "Miasta Michelin",
        [
            "Międzynarodowa Sieć Miast Michelin",
            "Międzynarodowej Sieci Miast Michelin",
            "Międzynarodową Sieć Miast Michelin",
        ],
    ),
    "ro": (
        "Orașele Michelin",
        [
            "Rețeaua internațională a orașelor Michelin",
            "Rețelei internaționale a orașelor Michelin",
        ],
    ),
    "hu": ("Michelin-városok", ["Michelin-városok Nemzetközi Hálózat"]),
    "sr": (
        "Градови Michelin",
        ["Међународна мрежа градова Michelin", "Међународне мреже градова Michelin"],
    ),
    "pt-br": ("Cidades Michelin", ["Rede Internacional de Cidades Michelin"]),
    "zh-hans": ("米其林城市", ["米其林城市国际网络"]),
    "ja": ("ミシュラン都市ネットワーク", ["ミシュラン都市国際ネットワーク"]),
    "th": ("เครือข่ายเมืองมิชลิน", ["เครือข่ายเมืองมิชลินนานาชาติ"]),
}
FULL_NAME = "International Network of Michelin Cities"
SHORT_NAME = "Michelin Cities"

THAI = "\u0e00-\u0e7f"
# Two runs of Thai letters with spaces between them: a phrase break, or a stray space.
THAI_SPACE = re.compile(f"([{THAI}]+)( +)([{THAI}]+)")
# Placeholders whose value is a Thai word bound to the word before it (“ภาษาไทย”,
# “เวลาปารีส”): never a space between them. A city's or a person's name keeps its spaces:
# it may be written in Latin letters (an untranslated page's title), which Thai sets apart.
BOUND_PLACEHOLDERS = re.compile(
    rf"[{THAI}] +%\((language|zone)\)s|%\((language|zone)\)s +[{THAI}]"
)


def catalog(code):
    return polib.pofile(str(po_file(to_locale(code))))


def translated(entry):
    return [entry.msgstr, *entry.msgstr_plural.values()]


def test_every_language_has_its_names_of_the_network():
    assert set(NETWORK_NAMES) == {code for code, _name in settings.ALL_LANGUAGES}


@pytest.mark.parametrize("code", sorted(NETWORK_NAMES))
def test_each_language_names_the_network_one_way(code):
    """Every string that names the network names it the language's one way."""
    short, full = NETWORK_NAMES[code]
    wrong = []
    for entry in catalog(code):
        for text in translated(entry):
            if FULL_NAME in entry.msgid:
                if not any(form.lower() in text.lower() for form in full):
                    wrong.append((entry.msgid, text))
            elif SHORT_NAME in entry.msgid and short not in text:
                wrong.append((entry.msgid, text))
    assert not wrong, f"{code} names the network otherwise in: {wrong}"


class TitleAndText(HTMLParser):
    """A page's <title> and its text nodes, scripts and styles left out."""

    def __init__(self, html):
        super().__init__()
        self.title = ""
        self.texts = []
        self._skip = 0
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._skip -= 1
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif not self._skip and data.strip():
            self.texts.append(data)


@pytest.mark.django_db
def test_the_home_page_title_names_the_network_in_every_language(client, portal):
    for code, (short, _full) in NETWORK_NAMES.items():
        response = client.get(f"/{code}/")
        assert response.status_code == 200, code
        assert short in TitleAndText(response.content.decode()).title, code


def test_thai_placeholders_of_bound_words_have_no_space():
    """“ภาษา%(language)s”, “ตาม%(zone)s”: a language's or a zone's name is one word with
    the word before it."""
    stray = [
        text
        for entry in catalog("th")
        for text in translated(entry)
        if BOUND_PLACEHOLDERS.search(text)
    ]
    assert not stray, stray


def test_thai_repetition_mark_is_written_one_way():
    """ๆ (mai yamok) follows its word after a space, as the Royal Institute writes it
    (“ต่าง ๆ”, “ใด ๆ”), everywhere in the catalog."""
    glued = [
        text
        for entry in catalog("th")
        for text in translated(entry)
        if re.search(f"[{THAI}]ๆ", text)
    ]
    assert not glued, glued


@pytest.mark.django_db
def test_thai_pages_have_no_space_between_thai_words_joined_by_templates(client, portal):
    """A space between two Thai words on a /th/ page comes from a translated string (a
    phrase break the translator wrote), never from a template joining two strings."""
    network = build_network(portal, cities=2, items=1, images=False)
    phrases = [text for entry in catalog("th") for text in translated(entry) if text]
    pages = [
        portal.home,
        portal.cityindex,
        network.first_city,
        network.open_call,
        network.next_conference,
        network.projects[0],
        network.news[0],
    ]
    addresses = [page.url.replace("/en/", "/th/", 1) for page in pages]
    addresses.append("/th/search/?q=city")
    stray = []
    for address in addresses:
        response = client.get(address, follow=True)
        assert response.status_code == 200, address
        for text in TitleAndText(response.content.decode()).texts:
            for match in THAI_SPACE.finditer(text):
                if not any(match.group(0) in phrase for phrase in phrases):
                    stray.append((address, match.group(0)))
    assert not stray, stray
