"""Content for the public site's tests: a small network built with the factories.

``build_network`` fills the ``portal`` skeleton with cities, projects, news, calls,
conferences, resources and a standard page, whose StreamFields hold a block of every
type, so that every template and block template is rendered. Every random value
comes from Faker (through the factories or ``fake``), drawn when the test runs.
"""

import datetime
import uuid
from types import SimpleNamespace

from django.utils import timezone

import wagtail_factories
from faker import Faker

from network.factories import (
    CallForProposalsPageFactory,
    CityPageFactory,
    ConferencePageFactory,
    ImageFactory,
    NewsPageFactory,
    OrganisationFactory,
    PersonFactory,
    ProjectPageFactory,
    ResourcePageFactory,
    StandardPageFactory,
    TopicFactory,
)
from network.models import MichelinSite


def _block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def _items(values):
    """A ListBlock's raw value."""
    return [_block("item", value) for value in values]


def body_stream(fake, *, image, document, people, page, gallery=None):
    """Raw data of a body with one block of every BaseBodyBlock (and gallery) type."""
    stream = [
        _block("heading", fake.sentence(nb_words=4)),
        _block("paragraph", f"<p>{fake.paragraph()}</p>"),
        _block(
            "image", {"image": image.pk, "alt_text": fake.sentence(), "caption": fake.sentence()}
        ),
        _block("quote", {"quote": fake.paragraph(), "attribution": fake.name()}),
        _block(
            "key_figures",
            _items(
                {"value": str(fake.random_int(10, 9000)), "label": fake.sentence(nb_words=3)}
                for _ in range(3)
            ),
        ),
        _block(
            "links",
            _items(
                [
                    {"page": page.pk, "url": "", "text": ""},
                    {"page": None, "url": fake.url(), "text": fake.sentence(nb_words=3)},
                ]
            ),
        ),
        _block("documents", _items([document.pk])),
        _block("people", _items(person.pk for person in people)),
        _block(
            "section",
            {
                "heading": fake.sentence(nb_words=3),
                "content": [
                    _block("paragraph", f"<p>{fake.paragraph()}</p>"),
                    _block("image", {"image": image.pk, "alt_text": "", "caption": ""}),
                    _block("quote", {"quote": fake.sentence(), "attribution": ""}),
                ],
            },
        ),
    ]
    if gallery:
        stream.append(_block("gallery", _items(picture.pk for picture in gallery)))
    return stream


def resource_items(fake, *, document, page):
    """Raw data of a ResourceItemBlock stream: a document, a page link and a web link."""
    return [
        _block("document", {"document": document.pk, "description": fake.sentence()}),
        _block(
            "link",
            {"link": {"page": page.pk, "url": "", "text": ""}, "description": fake.sentence()},
        ),
        _block(
            "link",
            {
                "link": {"page": None, "url": fake.url(), "text": fake.sentence(nb_words=3)},
                "description": "",
            },
        ),
    ]


def programme(fake, start_date, days, speakers):
    """Raw data of a conference programme: each day with three sessions."""
    result = []
    for offset in range(days):
        sessions = [
            {
                "starts": "09:00:00",
                "ends": "10:30:00",
                "title": fake.sentence(nb_words=5),
                "kind": "plenary",
                "room": fake.word(),
                "description": f"<p>{fake.sentence()}</p>",
                "speakers": _items(person.pk for person in speakers),
            },
            {
                "starts": "10:30:00",
                "ends": "11:00:00",
                "title": fake.sentence(nb_words=2),
                "kind": "break",
                "room": "",
                "description": "",
                "speakers": [],
            },
            {
                "starts": "11:00:00",
                "ends": None,
                "title": fake.sentence(nb_words=4),
                "kind": "workshop",
                "room": fake.word(),
                "description": "",
                "speakers": _items([speakers[0].pk]),
            },
        ]
        result.append(
            _block(
                "day",
                {
                    "date": (start_date + datetime.timedelta(days=offset)).isoformat(),
                    "title": fake.sentence(nb_words=3),
                    "sessions": _items(sessions),
                },
            )
        )
    return result


def publish(page):
    """Save a page built by a factory (live already) after its links were set."""
    page.save()
    return page


# Countries with Michelin sites (that Faker has places in), for ``places=True``.
MICHELIN_COUNTRIES = [
    "FR",
    "ES",
    "IT",
    "DE",
    "PL",
    "RO",
    "RS",
    "GB",
    "US",
    "CA",
    "MX",
    "BR",
    "CN",
    "TH",
    "IN",
    "JP",
    "DZ",
]


def real_place(fake, country, taken=()):
    """Faker's real places: a town's name, country and coordinates; not one of the
    names in ``taken`` (a visitor tells cities apart by their names)."""
    taken = set(taken)
    for _attempt in range(200):
        latitude, longitude, name, code, _zone = fake.local_latlng(country_code=country)
        if name not in taken:
            break
    else:
        raise ValueError(f"Faker has no more towns in {country} besides {sorted(taken)}")
    return {
        "title": name,
        "country": code,
        "region": "",
        "latitude": latitude,
        "longitude": longitude,
    }


def build_network(portal, *, cities=10, items=None, images=True, country=None, places=False):
    """A network of ``cities`` cities and ``items`` (default: ``cities``) projects, news
    items and resources, with calls (open, upcoming, closed), conferences (next, past),
    a standard page and featured pages on the home page.

    ``country`` gives the first city a fixed country (the others are random);
    ``places`` puts the cities on real towns (names and coordinates) rather than on
    random points.
    """
    fake = Faker()
    items = cities if items is None else items

    names = set()

    def city_fields(n):
        code = country if country and n == 0 else None
        if places:
            while True:  # a country whose few towns are taken: another country
                try:
                    place = real_place(
                        fake, code or fake.random_element(MICHELIN_COUNTRIES), names
                    )
                    break
                except ValueError:
                    if code:
                        raise
            names.add(place["title"])
            return place
        return {"country": code} if code else {}

    image = ImageFactory() if images else None
    document = wagtail_factories.DocumentFactory(title=fake.sentence(nb_words=3))
    topics = TopicFactory.create_batch(3)
    organisations = OrganisationFactory.create_batch(3)
    people = PersonFactory.create_batch(2, organisation=organisations[0])

    city_pages = [
        CityPageFactory(
            parent=portal.cityindex,
            sites=[MichelinSite.Kind.PRODUCTION, MichelinSite.Kind.RESEARCH] if n == 0 else None,
            **city_fields(n),
        )
        for n in range(cities)
    ]
    first = city_pages[0]
    first.partner_cities.set(city_pages[1:])
    first.stakeholders.set(organisations)
    first.contacts.set(people)
    if image:
        first.hero_image = image
        first.body = body_stream(
            fake,
            image=image,
            document=document,
            people=people,
            page=city_pages[-1],
            gallery=[image],
        )
    first.save()
    publish(first)

    now = timezone.now()
    open_call = CallForProposalsPageFactory(
        parent=portal.callindex,
        eligibility=f"<p>{fake.paragraph()}</p>",
        how_to_apply=f"<p>{fake.paragraph()}</p>",
        documents=resource_items(fake, document=document, page=first),
    )
    open_call.topics.set(topics)
    open_call.save()
    upcoming_call = CallForProposalsPageFactory(
        parent=portal.callindex,
        opens_at=now + datetime.timedelta(days=fake.random_int(10, 60)),
    )
    closed_call = CallForProposalsPageFactory(
        parent=portal.callindex,
        opens_at=now - datetime.timedelta(days=fake.random_int(400, 800)),
    )

    projects = []
    for n in range(items):
        project = ProjectPageFactory(
            parent=city_pages[n % cities],
            funding_call=closed_call if n % 2 else open_call,
            hero_image=image,
            results=f"<p>{fake.paragraph()}</p>",
        )
        project.topics.set(topics[: 1 + n % 3])
        project.partner_cities.set([first] if n % cities else city_pages[1:3])
        project.stakeholders.set(organisations[:2])
        project.save()
        projects.append(publish(project))
    if image:
        projects[0].body = body_stream(
            fake, image=image, document=document, people=people, page=first
        )
        publish(projects[0])

    news = []
    for n in range(items):
        parent = portal.newsindex if n % 2 else city_pages[n % cities]
        item = NewsPageFactory(parent=parent, hero_image=image)
        item.related_cities.set([first])
        item.related_projects.set(projects[:2])
        item.topics.set(topics[:1])
        item.save()
        news.append(publish(item))

    start = timezone.localdate() + datetime.timedelta(days=fake.random_int(30, 200))
    next_conference = ConferencePageFactory(
        parent=portal.conferenceindex,
        host_city=first,
        start_date=start,
        end_date=start + datetime.timedelta(days=2),
        registration_url=fake.url(),
        registration_deadline=now + datetime.timedelta(days=20),
        registration_info=f"<p>{fake.paragraph()}</p>",
        venue_address=fake.address(),
        programme=programme(fake, start, 3, people),
        documents=resource_items(fake, document=document, page=first),
        hero_image=image,
    )
    next_conference.candidate_host_cities.set(city_pages[1:3])
    next_conference.save()
    past_start = timezone.localdate() - datetime.timedelta(days=fake.random_int(400, 900))
    past_conference = ConferencePageFactory(
        parent=portal.conferenceindex,
        host_city=city_pages[-1],
        start_date=past_start,
        end_date=past_start + datetime.timedelta(days=2),
    )

    resources = []
    for _n in range(items):
        resource = ResourcePageFactory(
            parent=portal.resourceindex,
            items=resource_items(fake, document=document, page=first),
            hero_image=image,
        )
        resource.topics.set(topics[:2])
        resource.related_cities.set([first])
        resource.save()
        resources.append(publish(resource))

    about = StandardPageFactory(parent=portal.home, hero_image=image, show_in_menus=True)
    if image:
        about.body = body_stream(fake, image=image, document=document, people=people, page=first)
    publish(about)
    governance = StandardPageFactory(parent=about)

    home = portal.home
    home.intro = f"<p>{fake.paragraph()}</p>"
    home.featured = [
        _block("page", first.pk),
        _block("page", projects[0].pk),
        _block("page", about.pk),
    ]
    publish(home)

    return SimpleNamespace(
        cities=city_pages,
        first_city=first,
        projects=projects,
        news=news,
        open_call=open_call,
        upcoming_call=upcoming_call,
        closed_call=closed_call,
        next_conference=next_conference,
        past_conference=past_conference,
        resources=resources,
        about=about,
        governance=governance,
        topics=topics,
        organisations=organisations,
        people=people,
        image=image,
        document=document,
    )
