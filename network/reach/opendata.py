"""The network's public data as files, under ``/opendata/``, with a data dictionary.

- ``cities.csv``, ``cities.geojson``: every public city: country, continent,
  coordinates, population, membership, year joined, Michelin sites, partner cities;
- ``projects.csv``, ``projects.json``: every public project: status, dates, lead and
  partner cities, topics, the call that funded it;
- ``conferences.csv``, ``conferences.ics``: every public conference: edition, theme,
  dates, host city, venue;
- ``calls.csv``, ``calls.ics``: every public call for proposals: edition, opening and
  deadline, budget, topics, projects funded;
- ``datapackage.json``: the data dictionary of all of them (a Frictionless Data Package).

**Licence**: the data written by the network is published under Creative Commons
Attribution 4.0 International (CC BY 4.0): reuse it for any purpose, naming "International
Network of Michelin Cities" as its source. Every file says so (the CSV files in the
``Link`` header and the data dictionary, the JSON files in their ``licence`` member, the
calendars in their description).

The files, their titles and their data dictionary are in English, the network's
working language (the numbers page marks them so). The files are written from
``network_data`` (public, source-language content; text in
the network's source language, English) when asked for, and kept for the content
generation: publishing anything makes the next request write them again.
"""

import csv
import datetime
import io
import json
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from network.channels.calendars import new_calendar, new_event

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
ATTRIBUTION = "International Network of Michelin Cities"
LIST_SEPARATOR = ";"


@dataclass
class Field:
    """A column of a file: its name, its type (Frictionless Table Schema) and meaning."""

    name: str
    type: str
    description: str


@dataclass
class Dataset:
    """One kind of item and the formats it is published in."""

    name: str
    title: str
    description: str
    fields: list
    formats: tuple


ID = Field("id", "string", "The item's identifier, the same in every file and language.")
SLUG = Field("slug", "string", "The item's key in the portal's addresses.")
URL = Field("url", "string", "The item's page on the portal.")
SUMMARY = Field("summary", "string", "One or two sentences about it.")


DATASETS = {
    "cities": Dataset(
        "cities",
        "Cities",
        "The member and partner cities of the network.",
        [
            ID,
            SLUG,
            Field("name", "string", "The city's name."),
            Field("country", "string", "ISO 3166-1 alpha-2 code of the country."),
            Field("region", "string", "State, province or region."),
            Field(
                "continent",
                "string",
                (
                    "africa, asia, europe, north-america, south-america or oceania "
                    "(from the country)."
                ),
            ),
            Field("latitude", "number", "Decimal degrees (WGS 84), north positive."),
            Field("longitude", "number", "Decimal degrees (WGS 84), east positive."),
            Field("population", "integer", "Inhabitants, from the latest census."),
            Field("membership", "string", "founding, member, partner or candidate."),
            Field("year_joined", "integer", "The year the city joined the network."),
            Field("michelin_sites", "array", "The names of the city's Michelin sites."),
            Field(
                "michelin_site_kinds",
                "array",
                "Their kinds, in the same order: production, research or test-centre.",
            ),
            Field("partner_cities", "array", "The slugs of the cities it works with."),
            Field("website", "string", "The city's own website."),
            URL,
        ],
        ("csv", "geojson"),
    ),
    "projects": Dataset(
        "projects",
        "Projects",
        "The projects of the network, with their cities, topics, funding and dates.",
        [
            ID,
            SLUG,
            Field("title", "string", "The project's name."),
            Field("status", "string", "proposed, active or completed."),
            Field("start_date", "date", "The day the project starts."),
            Field("end_date", "date", "The day the project ends (or is planned to)."),
            Field("lead_city", "string", "The slug of the city leading the project."),
            Field("lead_city_name", "string", "Its name."),
            Field("partner_cities", "array", "The slugs of the partner cities."),
            Field(
                "cities_involved",
                "integer",
                "How many cities take part: the lead city and the partners.",
            ),
            Field("topics", "array", "The slugs of the project's topics."),
            Field("topic_names", "array", "Their names, in the same order."),
            Field(
                "funding_call",
                "string",
                "The slug of the call for proposals that funds it, if any.",
            ),
            Field("funding_call_edition", "integer", "That call's edition."),
            SUMMARY,
            URL,
        ],
        ("csv", "json"),
    ),
    "conferences": Dataset(
        "conferences",
        "Conferences",
        "The network's conferences, each hosted by a city.",
        [
            ID,
            SLUG,
            Field("title", "string", "The conference's name."),
            Field("edition", "integer", "1 for the first conference, 2 for the second, ..."),
            Field("theme", "string", "The theme chosen by the host city."),
            Field("start_date", "date", "The first day."),
            Field("end_date", "date", "The last day."),
            Field("host_city", "string", "The slug of the host city."),
            Field("host_city_name", "string", "Its name."),
            Field("venue", "string", "Where it takes place."),
            Field("venue_address", "string", "The venue's postal address."),
            Field("registration_url", "string", "Where to register."),
            SUMMARY,
            URL,
        ],
        ("csv", "ics"),
    ),
    "calls": Dataset(
        "calls",
        "Calls for proposals",
        "The network's calls for proposals and what they funded.",
        [
            ID,
            SLUG,
            Field("title", "string", "The call's name."),
            Field("edition", "integer", "1 for the network's first call, 2 for the second, ..."),
            Field("opens_at", "datetime", "When applications open (ISO 8601, UTC)."),
            Field(
                "closes_at",
                "datetime",
                "The deadline: applications are accepted until this moment (ISO 8601, UTC).",
            ),
            Field("total_budget", "integer", "The call's total budget, in euros."),
            Field("max_grant", "integer", "The largest grant to one project, in euros."),
            Field("topics", "array", "The slugs of the call's topics."),
            Field("projects_funded", "integer", "How many public projects it funds."),
            SUMMARY,
            URL,
        ],
        ("csv", "ics"),
    ),
}

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8; header=present",
    "json": "application/json",
    "geojson": "application/geo+json",
    "ics": "text/calendar; charset=utf-8",
}


def filenames():
    """Every file of ``/opendata/``, the data dictionary last."""
    names = [f"{d.name}.{fmt}" for d in DATASETS.values() for fmt in d.formats]
    return [*names, "datapackage.json"]


# Rows ------------------------------------------------------------------------------


def _utc(value):
    return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat() if value else None


def _date(value):
    return value.isoformat() if value else None


def city_rows(data):
    return [
        {
            "id": city.key,
            "slug": city.slug,
            "name": city.title,
            "country": city.country,
            "region": city.region,
            "continent": city.continent,
            "latitude": city.latitude,
            "longitude": city.longitude,
            "population": city.population,
            "membership": city.membership,
            "year_joined": city.year_joined,
            "michelin_sites": [site["name"] for site in city.sites],
            "michelin_site_kinds": [site["kind"] for site in city.sites],
            "partner_cities": [data.city_slug(key) for key in city.partner_keys],
            "website": city.website,
            "url": city.url,
        }
        for city in data.cities.values()
    ]


def project_rows(data):
    rows = []
    for project in data.projects.values():
        lead = data.cities.get(project.lead_key)
        call = data.calls.get(project.call_key)
        topics = [data.topics[key] for key in project.topic_keys]
        rows.append(
            {
                "id": project.key,
                "slug": project.slug,
                "title": project.title,
                "status": project.status,
                "start_date": _date(project.start_date),
                "end_date": _date(project.end_date),
                "lead_city": lead.slug if lead else None,
                "lead_city_name": lead.title if lead else None,
                "partner_cities": [data.city_slug(key) for key in project.partner_keys],
                "cities_involved": len(project.city_keys),
                "topics": [topic.slug for topic in topics],
                "topic_names": [topic.name(project.language) for topic in topics],
                "funding_call": call.slug if call else None,
                "funding_call_edition": call.edition if call else None,
                "summary": project.summary,
                "url": project.url,
            }
        )
    return rows


def conference_rows(data):
    rows = []
    for conference in data.conferences.values():
        host = data.cities.get(conference.host_key)
        rows.append(
            {
                "id": conference.key,
                "slug": conference.slug,
                "title": conference.title,
                "edition": conference.edition,
                "theme": conference.theme,
                "start_date": _date(conference.start_date),
                "end_date": _date(conference.end_date),
                "host_city": host.slug if host else None,
                "host_city_name": host.title if host else None,
                "venue": conference.venue,
                "venue_address": " ".join(conference.venue_address.split()),
                "registration_url": conference.registration_url,
                "summary": conference.summary,
                "url": conference.url,
            }
        )
    return rows


def call_rows(data):
    funded = {}
    for project in data.projects.values():
        if project.call_key:
            funded[project.call_key] = funded.get(project.call_key, 0) + 1
    return [
        {
            "id": call.key,
            "slug": call.slug,
            "title": call.title,
            "edition": call.edition,
            "opens_at": _utc(call.opens_at),
            "closes_at": _utc(call.closes_at),
            "total_budget": call.total_budget,
            "max_grant": call.max_grant,
            "topics": [data.topics[key].slug for key in call.topic_keys],
            "projects_funded": funded.get(key, 0),
            "summary": call.summary,
            "url": call.url,
        }
        for key, call in data.calls.items()
    ]


ROWS = {
    "cities": city_rows,
    "projects": project_rows,
    "conferences": conference_rows,
    "calls": call_rows,
}


# Writers ---------------------------------------------------------------------------


def write_csv(dataset, rows):
    """RFC 4180 CSV in UTF-8, a header row, lists joined by ";", empty for none."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = [f.name for f in dataset.fields]
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in names])
    return out.getvalue().encode()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return value


def _json(content):
    return json.dumps(content, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1).encode()


def about(request):
    """Where a file comes from and under which terms, for the JSON files."""
    return {
        "publisher": ATTRIBUTION,
        "licence": LICENCE,
        "attribution": f"{ATTRIBUTION} ({request.build_absolute_uri('/')})",
        "data_dictionary": request.build_absolute_uri(file_url("datapackage.json")),
    }


def write_json(dataset, rows, request):
    return _json({**about(request), dataset.name: rows})


def write_geojson(dataset, rows, request):
    """A FeatureCollection: each city a Point at [longitude, latitude] (RFC 7946)."""
    features = [
        {
            "type": "Feature",
            "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": row,
        }
        for row in rows
    ]
    return _json({"type": "FeatureCollection", **about(request), "features": features})


def write_calendar(dataset, data, request):
    """The conferences as all-day events, or each call's opening and deadline."""
    name = f"{ATTRIBUTION}: {dataset.title}"
    description = f"{dataset.description} {LICENCE['title']} ({LICENCE['path']})."
    calendar = new_calendar(request, name, description)
    items = data.conferences if dataset.name == "conferences" else data.calls
    for item in items.values():
        page = _event_source(item)
        if dataset.name == "conferences":
            event = new_event(page, "conference", request, item.title, item.summary)
            event.add("dtstart", item.start_date)
            # DTEND of an all-day event is the day after the last (RFC 5545).
            event.add("dtend", item.end_date + datetime.timedelta(days=1))
            host = data.cities.get(item.host_key)
            location = ", ".join(p for p in (item.venue, host.title if host else "") if p)
            if location:
                event.add("location", location)
            calendar.add_component(event)
            continue
        for kind, label, moment in (
            ("call-opening", "Call opens", item.opens_at),
            ("call-deadline", "Deadline", item.closes_at),
        ):
            event = new_event(page, kind, request, f"{label}: {item.title}", item.summary)
            event.add("dtstart", moment.astimezone(datetime.UTC))
            calendar.add_component(event)
    return calendar.to_ical()


def _event_source(item):
    """What ``network.calendars.new_event`` reads of a page, from an item."""
    return SimpleNamespace(
        translation_key=item.key,
        locale=SimpleNamespace(language_code=item.language),
        first_published_at=item.first_published_at,
        last_published_at=item.last_published_at,
        calendar_url=item.url,
        calendar_language=item.language,
        fallback_lang=None,  # open data lists every item in its own language
    )


def write_datapackage(request):
    """The data dictionary: a Frictionless Data Package describing every file."""
    resources = []
    for dataset in DATASETS.values():
        for fmt in dataset.formats:
            resource = {
                "name": f"{dataset.name}-{fmt}",
                "title": dataset.title,
                "description": dataset.description,
                "path": request.build_absolute_uri(file_url(f"{dataset.name}.{fmt}")),
                "format": fmt,
                "mediatype": MEDIA_TYPES[fmt].split(";")[0],
                "encoding": "utf-8",
                "licenses": [LICENCE],
            }
            if fmt == "csv":
                resource["profile"] = "tabular-data-resource"
                resource["schema"] = {
                    "fields": [_schema_field(f, csv=True) for f in dataset.fields],
                    "primaryKey": "id",
                }
            elif fmt in ("json", "geojson"):
                resource["schema"] = {"fields": [_schema_field(f) for f in dataset.fields]}
            resources.append(resource)
    return _json(
        {
            "profile": "data-package",
            "name": "michelin-cities-network",
            "title": f"{ATTRIBUTION}: open data",
            "homepage": request.build_absolute_uri(reverse("numbers:index")),
            "licenses": [LICENCE],
            "contributors": [{"title": ATTRIBUTION, "role": "publisher"}],
            "resources": resources,
        }
    )


def _schema_field(field, csv=False):
    described = {"name": field.name, "type": field.type, "description": field.description}
    if field.type == "array" and csv:
        described["type"] = "string"
        described["description"] += f' (separated by "{LIST_SEPARATOR}")'
    return described


def file_url(filename):
    return reverse("opendata:file", args=[filename])


def render(filename, data, request):
    """``(bytes, media type)`` of one of ``filenames()``."""
    if filename == "datapackage.json":
        return write_datapackage(request), MEDIA_TYPES["json"]
    name, fmt = filename.rsplit(".", 1)
    dataset = DATASETS[name]
    if fmt == "ics":
        return write_calendar(dataset, data, request), MEDIA_TYPES[fmt]
    rows = ROWS[name](data)
    if fmt == "csv":
        return write_csv(dataset, rows), MEDIA_TYPES[fmt]
    if fmt == "geojson":
        return write_geojson(dataset, rows, request), MEDIA_TYPES[fmt]
    return write_json(dataset, rows, request), MEDIA_TYPES[fmt]
