"""Documents built from the data files at load time (``generator = "..."`` in documents.toml).

The directory of cities and the list of Michelin sites are generated from cities.toml,
so they always agree with the city pages.
"""

from ..public.geography import country_name
from . import documents


def cities_csv(data):
    """One row per city; the membership columns are demo content and say so."""
    rows = [
        [
            "city", "country", "region", "latitude", "longitude", "population",
            "population_year", "michelin_sites", "membership (demo)", "year_joined (demo)",
        ]
    ]  # fmt: skip
    for city in sorted(data.cities, key=lambda c: c["name"]):
        membership = city["membership"]
        rows.append(
            [
                city["name"],
                country_name(city["country"], "en"),
                city.get("region", ""),
                city["latitude"],
                city["longitude"],
                city.get("population", ""),
                city.get("population_year", ""),
                len(city.get("site", [])),
                membership["status"],
                membership.get("year_joined", ""),
            ]
        )
    return documents.csv_document(rows)


def sites_csv(data):
    """One row per Michelin site (public facts only)."""
    rows = [["city", "country", "kind", "site", "what is made or studied there", "opened"]]
    for city in sorted(data.cities, key=lambda c: c["name"]):
        country = country_name(city["country"], "en")
        for site in city.get("site", []):
            description = site.get("description", "")
            opened = site.get("established", "")
            rows.append([city["name"], country, site["kind"], site["name"], description, opened])
    return documents.csv_document(rows)


def call_results_csv(data):
    """The projects funded by the first (demo) call."""
    rows = [["project (demo content)", "lead city", "partner cities", "grant (EUR)"]]
    names = {city["slug"]: city["name"] for city in data.cities}
    call = next(call for call in data.calls if call["edition"] == 1)
    for project in data.projects:
        if project.get("funding_call") == call["slug"]:
            partners = "; ".join(names[slug] for slug in project["partners"])
            rows.append([project["title"], names[project["lead"]], partners, call["max_grant"]])
    return documents.csv_document(rows)


def budget_template_csv(data):
    """An empty budget for applicants to fill in."""
    items = ["Travel and stays", "Events", "Studies", "Equipment for pilots"]
    items += ["Translation and communication", "Total"]
    header = ["cost item (demo template)", "city", "amount (EUR)", "grant requested (EUR)"]
    return documents.csv_document([header, *([item, "", "", ""] for item in items)])


def conference_programme_pdf(data):
    """The coming conference's programme, by day number (its dates move with the load day)."""
    conference = next(c for c in data.conferences if c.get("keep_upcoming"))
    lines = [
        f"# {conference['title']}",
        "DEMO CONTENT - this conference is invented for the demo of the portal.",
        f"Theme: {conference['theme']}",
        f"Venue: {conference['venue']}, {conference['venue_address']}",
        "",
    ]
    for day in conference["day"]:
        lines.append(f"# Day {day['day']}: {day.get('title', '')}")
        for session in day["session"]:
            ends = session.get("ends")
            span = f"{session['starts']}-{ends}" if ends else session["starts"]
            lines.append(f"{span}  {session['title']}")
        lines.append("")
    return documents.pdf_document(conference["title"], lines)


GENERATORS = {
    "cities_csv": cities_csv,
    "sites_csv": sites_csv,
    "call_results_csv": call_results_csv,
    "budget_template_csv": budget_template_csv,
    "conference_programme_pdf": conference_programme_pdf,
}
