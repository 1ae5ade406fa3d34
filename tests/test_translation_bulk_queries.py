"""Submitting one page into the 12 other locales costs a fixed number of queries,
whatever the number of text blocks of its body: 5 paragraphs or 50 (each one a
template and its strings) cost the same, since the source's segments are written in
bulk (``network.translation.bulk``) and a draft is made in one save per locale
(``network.translation.drafts``).

The parents (the home page and the city directory) have their aliases in every locale
already: a first submission makes them, once. The count is pinned exactly; a change
that adds a query shows here, and a query per segment makes the 50 differ from the 5.
docs/README-translators.md gives the numbers of the benchmark.
"""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, TemplateSegment, TranslationSource

import pytest

from network.factories import NewsPageFactory
from network.translation.submission import submit

from .translation_helpers import block, make_user, words

pytestmark = pytest.mark.django_db

# Queries to submit a news page of text blocks into 12 locales (12 new drafts). One
# query more per new draft on SQLite (740 and 728 measured). Not profiled further: the
# likely place is the search index entry of the new page, which modelsearch's backend of
# each database writes its own way (SQLite's: delete, insert, then the title lengths).
SUBMIT_QUERIES = {"sqlite": 740, "postgresql": 728}[connection.vendor]


def news_page(parent, paragraphs):
    body = [block("heading", words())] + [
        block("paragraph", f"<p>{words()} <b>{words()}</b>.</p><p>{words()}.</p>")
        for _ in range(paragraphs)
    ]
    page = NewsPageFactory(parent=parent, body=json.dumps(body))
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific


def submitted(page, locales, user):
    with CaptureQueriesContext(connection) as queries:
        submit(page, locales, user)
    return len(queries)


def test_submitting_into_12_locales_costs_the_same_for_5_or_50_text_blocks(portal):
    user = make_user("secretariat", superuser=True)
    parent = portal.newsindex
    locales = list(Locale.objects.exclude(pk=parent.locale_id))
    assert len(locales) == 12
    submit(news_page(parent, 1), locales, user)  # the parents' aliases, once

    small, large = news_page(parent, 5), news_page(parent, 50)
    counts = [submitted(small, locales, user), submitted(large, locales, user)]

    assert counts == [SUBMIT_QUERIES, SUBMIT_QUERIES], counts

    # 45 blocks more: 45 templates and 90 strings (two paragraphs a block), same queries.
    def segments(model, page):
        source = TranslationSource.objects.get(object_id=page.translation_key)
        return model.objects.filter(source=source).count()

    assert segments(TemplateSegment, large) - segments(TemplateSegment, small) == 45
    assert segments(StringSegment, large) - segments(StringSegment, small) == 2 * 45
    for page in (small, large):
        drafts = Page.objects.filter(translation_key=page.translation_key, alias_of=None)
        assert drafts.exclude(locale_id=page.locale_id).filter(live=False).count() == 12
