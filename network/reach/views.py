"""The numbers page (``/<lang>/numbers/``), its charts' data, and the open data files
(``/opendata/<file>``).

The numbers page is a route under each language prefix rather than a page type: it is
computed entirely from published content and the portal's own words (gettext), so it
exists in every language at once, in that language, with nothing for editors or
translators to create or keep in step. The language switcher, ``hreflang`` and the
sitemap list it in every language; the footer links to it.
"""

import csv
import datetime
import hashlib
import io
import json
from types import SimpleNamespace

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotFound
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _

from network.api.caching import generation
from network.i18n.languages import bcp47

from . import charts, numbers, opendata
from .network_data import network_data
from .public import cached
from .social import view_social
from .structured_data import to_json_ld


def numbers_page(request):
    """The network in numbers: headline figures, the charts, the open data files."""
    data = network_data(request)
    all_charts = numbers.charts(data)
    for chart in all_charts:
        chart.svg = charts.layout(chart)
        chart.id = f"chart-{chart.slug}"
    title = _("The network in numbers")
    description = _(
        "Cities, projects, topics, calls for proposals and conferences of the International "
        "Network of Michelin Cities, counted from what it publishes, with its open data."
    )
    datasets = [
        (
            dataset,
            [
                {
                    "name": f"{dataset.name}.{fmt}",
                    "url": opendata.file_url(f"{dataset.name}.{fmt}"),
                }
                for fmt in dataset.formats
            ],
        )
        for dataset in opendata.DATASETS.values()
    ]
    return TemplateResponse(
        request,
        "reach/numbers.html",
        {
            "title": title,
            "description": description,
            "figures": numbers.figures(data),
            "charts": all_charts,
            "datasets": datasets,
            "licence": opendata.LICENCE,
            "reach_meta": {
                "social": view_social(
                    request, title, description, [code for code, _name in settings.LANGUAGES]
                ),
                "json_ld": to_json_ld([dataset_node(request, title, description)]),
            },
            "alternates": language_alternates(request),
        },
    )


def dataset_node(request, title, description):
    """The open data as a schema.org ``Dataset`` with one download per file."""
    absolute = request.build_absolute_uri
    return {
        "@type": "Dataset",
        "@id": f"{absolute(request.path)}#dataset",
        "name": title,
        "description": description,
        "url": absolute(request.path),
        "inLanguage": "en",
        "isAccessibleForFree": True,
        "license": opendata.LICENCE["path"],
        "creator": {"@type": "Organization", "name": opendata.ATTRIBUTION, "url": absolute("/")},
        "distribution": [
            {
                "@type": "DataDownload",
                "name": name,
                "contentUrl": absolute(opendata.file_url(name)),
                "encodingFormat": opendata.MEDIA_TYPES.get(
                    name.rsplit(".", 1)[1], "application/json"
                ).split(";")[0],
            }
            for name in opendata.filenames()
        ],
    }


def language_alternates(request):
    """``[(hreflang, absolute url)]`` of this view in every language, and x-default."""
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls.append((bcp47(code), request.build_absolute_uri(reverse("numbers:index"))))
    with translation.override(settings.LANGUAGE_CODE):
        urls.append(("x-default", request.build_absolute_uri(reverse("numbers:index"))))
    return urls


def sitemap_entries(request):
    """``/sitemap.xml``'s entries for the numbers page in every language (each with its
    alternates) and for the open data files, last modified at the last change."""
    changed = datetime.datetime.fromtimestamp(generation() / 1e9, tz=datetime.UTC)
    alternates = language_alternates(request)
    entries = [
        (SimpleNamespace(sitemap_url=url, last_published_at=changed), alternates)
        for hreflang, url in alternates
        if hreflang != "x-default"
    ]
    entries += [
        (
            SimpleNamespace(
                sitemap_url=request.build_absolute_uri(opendata.file_url(name)),
                last_published_at=changed,
            ),
            [],
        )
        for name in opendata.filenames()
    ]
    return entries


def chart_data(request, slug, fmt):
    """One chart's rows as CSV or JSON, with labels in the page's language."""
    chart = numbers.chart(network_data(request), slug)
    if chart is None:
        return HttpResponseNotFound(
            _("Unknown chart “%(slug)s”.") % {"slug": slug},
            content_type="text/plain; charset=utf-8",
        )
    extra = list(chart.extra_labels)
    rows = [
        {"key": key, "label": label, "value": value, **{k: more.get(k) for k in extra}}
        for key, label, value, more in chart.rows
    ]
    if fmt == "json":
        body = json.dumps(
            {
                "title": chart.title,
                "value": chart.value_label,
                "note": chart.note,
                "licence": opendata.LICENCE,
                "rows": rows,
            },
            ensure_ascii=False,
            indent=1,
        ).encode()
        content_type = opendata.MEDIA_TYPES["json"]
    else:
        out = io.StringIO()
        writer = csv.DictWriter(
            out, fieldnames=["key", "label", "value", *extra], lineterminator="\r\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        body = out.getvalue().encode()
        content_type = opendata.MEDIA_TYPES["csv"]
    filename = f"{slug}-{translation.get_language()}.{fmt}"
    return finish(request, body, content_type, filename)


def opendata_file(request, filename):
    """One open data file, written once per content generation."""
    if filename not in opendata.filenames():
        names = ", ".join(opendata.filenames())
        return HttpResponseNotFound(
            f"Unknown file “{filename}”: the open data files are {names}.",
            content_type="text/plain; charset=utf-8",
        )
    body, content_type = cached(
        "opendata",
        lambda: opendata.render(filename, network_data(request), request),
        filename,
        request.scheme,
        request.get_host(),
    )
    return finish(request, body, content_type, filename)


def finish(request, body, content_type, filename):
    """The file with its licence, validators and caching headers (304 when unchanged)."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Link"] = (
        f'<{opendata.LICENCE["path"]}>; rel="license", '
        f'<{request.build_absolute_uri(opendata.file_url("datapackage.json"))}>; rel="describedby"'
    )
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    last_modified = generation() // 1_000_000_000
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={getattr(settings, 'API_CACHE_MAX_AGE', 60)}"
    response["Access-Control-Allow-Origin"] = "*"
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
