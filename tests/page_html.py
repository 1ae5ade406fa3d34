"""Reading a rendered page in tests: its structure (for accessibility checks) and its
text without tags."""

import re
from html.parser import HTMLParser


class PageStructure(HTMLParser):
    """What the accessibility checks look at in a rendered page."""

    def __init__(self):
        super().__init__()
        self.tags = []
        self.ids = set()
        self.h1 = 0
        self.images_without_alt = []
        self.links = []
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "h1":
            self.h1 += 1
        if tag == "img" and "alt" not in attrs:
            self.images_without_alt.append(attrs.get("src"))
        if tag == "a" and "href" in attrs:
            self.links.append(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")

    def first(self, tag, **wanted):
        for name, attrs in self.tags:
            if name == tag and all(attrs.get(k) == v for k, v in wanted.items()):
                return attrs
        return None


def structure(response):
    parser = PageStructure()
    parser.feed(response.content.decode())
    return parser


def text(response):
    """The response's HTML with tags removed and whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
