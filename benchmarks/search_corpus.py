"""The search benchmark's corpus: pages over the 13 languages, inserted in bulk (rows
written directly, not page by page through revisions), with words of each language
from Faker; used by ``benchmarks.search_bench``."""

import datetime
import random
import uuid
from collections import Counter

CITIES_PER_LANGUAGE = 40
TOPICS_PER_LANGUAGE = 6
SEED = 1889

# Faker locales with words of the language (or of its script, where Faker has none).
FAKER_LOCALES = {
    "en": "en_US",
    "fr": "fr_FR",
    "es": "es_ES",
    "de": "de_DE",
    "it": "it_IT",
    "pl": "pl_PL",
    "ro": "ro_RO",
    "hu": "hu_HU",
    "sr": "hr_HR",
    "pt-br": "pt_BR",
    "zh-hans": "zh_CN",
    "ja": "ja_JP",
    "th": "th_TH",
}


def progress(label, done, total):
    print(f"\r  {label}: {done:,}/{total:,}", end="" if done < total else "\n", flush=True)


def build_pages(total):
    """Insert ``total`` pages (homes, sections, cities, news) over all languages."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from wagtail.models import Locale, Page

    from faker import Faker

    from home.models import HomePage
    from home.skeleton import (
        SECTIONS,
        ensure_home,
        ensure_locales,
        ensure_sections,
    )
    from network.models import CityIndexPage, CityPage, NewsIndexPage, NewsPage, Topic
    from network.public.geography import CONTINENT_OF_COUNTRY

    ensure_locales()
    home = ensure_home()
    english_sections = ensure_sections(home)
    locales = list(Locale.objects.all())
    per_language = -(-total // len(locales))  # at least ``total`` pages in all
    news_per_language = per_language - 1 - len(SECTIONS) - CITIES_PER_LANGUAGE
    now = timezone.now()
    rng = random.Random(SEED)
    countries = sorted(CONTINENT_OF_COUNTRY)
    city_keys = [uuid.uuid4() for _ in range(CITIES_PER_LANGUAGE)]
    news_keys = [uuid.uuid4() for _ in range(news_per_language)]
    topic_keys = [uuid.uuid4() for _ in range(TOPICS_PER_LANGUAGE)]
    root = Page.get_first_root_node()
    next_root_step = Page._str2int(root.get_last_child().path[-Page.steplen :]) + 1
    content_types = ContentType.objects.get_for_models(
        HomePage, CityPage, NewsPage, *(model for model, _t, _s in SECTIONS)
    )
    children = {}  # model -> list of child instances to insert
    through = []
    built = 0
    vocabulary = {}

    def page(model, parent_path, step, depth, url_path, title, slug, code_locale, key):
        return Page(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_types[model],
            path=Page._get_path(parent_path, depth, step),
            depth=depth,
            numchild=0,
            url_path=url_path,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            locale=code_locale,
            translation_key=key,
        )

    for locale in locales:
        faker = Faker(FAKER_LOCALES.get(locale.language_code, "en_US"))
        faker.seed_instance(SEED + locale.pk)
        words = Counter()
        rows = []
        if locale.pk == home.locale_id:
            home_path, home_url = home.path, home.url_path
            sections = dict(english_sections.items())
        else:
            home_row = page(
                HomePage,
                root.path,
                next_root_step,
                2,
                f"/home-{locale.language_code}/",
                faker.sentence(nb_words=3).rstrip("."),
                f"home-{locale.language_code}",
                locale,
                home.translation_key,
            )
            next_root_step += 1
            home_row.numchild = len(SECTIONS)
            rows.append((HomePage, home_row, {}))
            home_path, home_url = home_row.path, home_row.url_path
            sections = {}
            for step, (model, _title, slug) in enumerate(SECTIONS, start=1):
                section = page(
                    model,
                    home_path,
                    step,
                    3,
                    f"{home_url}{slug}/",
                    faker.word().capitalize(),
                    slug,
                    locale,
                    english_sections[model].translation_key,
                )
                sections[model] = section
                rows.append((model, section, {"intro": ""}))
        city_index, news_index = sections[CityIndexPage], sections[NewsIndexPage]
        for index, key in enumerate(city_keys):
            title = faker.city()
            words.update(title.split())
            slug = f"{slugify(title, allow_unicode=True)[:40]}-{index}"
            row = page(
                CityPage,
                city_index.path,
                index + 1,
                4,
                f"{city_index.url_path}{slug}/",
                title,
                slug,
                locale,
                key,
            )
            rows.append(
                (
                    CityPage,
                    row,
                    {
                        "summary": faker.sentence(nb_words=14),
                        "country": rng.choice(countries),
                        "region": faker.word(),
                        "latitude": round(rng.uniform(-60, 70), 5),
                        "longitude": round(rng.uniform(-179, 179), 5),
                        "population": rng.randint(10_000, 3_000_000),
                        "membership": "member",
                        "year_joined": rng.randint(2015, 2025),
                        "website": "",
                        "body": [{"type": "paragraph", "value": f"<p>{faker.paragraph(5)}</p>"}],
                    },
                )
            )
        for index, key in enumerate(news_keys):
            title = faker.sentence(nb_words=5).rstrip(".。")
            words.update(word.strip(".,") for word in title.split())
            slug = f"news-{index}"
            row = page(
                NewsPage,
                news_index.path,
                index + 1,
                4,
                f"{news_index.url_path}{slug}/",
                title,
                slug,
                locale,
                key,
            )
            rows.append(
                (
                    NewsPage,
                    row,
                    {
                        "summary": faker.sentence(nb_words=16),
                        "date": now.date() - datetime.timedelta(days=rng.randint(0, 1800)),
                        "body": [
                            {"type": "paragraph", "value": f"<p>{faker.paragraph(6)}</p>"}
                            for _ in range(3)
                        ],
                    },
                )
            )
        city_index.numchild = CITIES_PER_LANGUAGE
        news_index.numchild = news_per_language

        with transaction.atomic():
            topics = Topic.objects.bulk_create(
                [
                    Topic(
                        name=faker.word().capitalize(),
                        slug=f"topic-{index}",
                        locale=locale,
                        translation_key=key,
                    )
                    for index, key in enumerate(topic_keys)
                ]
            )
            created = Page.objects.bulk_create([row for _model, row, _fields in rows])
            for (model, _row, fields), base in zip(rows, created, strict=True):
                children.setdefault(model, []).append(model(page_ptr_id=base.pk, **fields))
                if model is NewsPage:
                    through.append(
                        NewsPage.topics.through(newspage_id=base.pk, topic=rng.choice(topics))
                    )
            for model, objs in children.items():
                fields = model._meta.local_concrete_fields
                model._base_manager._insert(objs, fields=fields)
            NewsPage.topics.through.objects.bulk_create(through)
            if locale.pk == home.locale_id:
                for section in (city_index, news_index):
                    Page.objects.filter(pk=section.pk).update(numchild=section.numchild)
        children.clear()
        through.clear()
        built += len(rows)
        progress("pages", built, per_language * len(locales))
        vocabulary[locale.language_code] = words
    Page.objects.filter(pk=root.pk).update(numchild=root.get_children().count())
    return Page.objects.filter(depth__gt=1).count(), vocabulary
