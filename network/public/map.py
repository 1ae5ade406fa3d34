"""The map of the network's cities: an inline SVG drawn on the server, no request to the
internet and no JavaScript needed.

The base map (``site/static/img/world-map.svg``, built by ``manage.py build_world_map``)
and the markers share ``network.public.geography.project``, so they line up. Every marker is a
link to its city page, named by an SVG ``<title>``. When a filter is active, matching
cities are highlighted, the others dimmed, and the map zooms to the matches.
"""

import hashlib
from types import SimpleNamespace

from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from wagtail.models import Page

from .geography import CONTINENT_OF_COUNTRY, CONTINENTS, MAP_HEIGHT, MAP_WIDTH, project

# Marker radius and label size in screen-ish units at world scale; divided by the zoom.
MARKER_RADIUS = 5.0
LABEL_SIZE = 13.0
# Zooming in further than this would show the 1:50m base map's coarseness.
MAX_ZOOM = 5.0
LABELLED_MATCHES = 12
TEMPLATE = "includes/city_map.html"
FRAGMENT_KEY = "portal-map:{generation}:{digest}"
# A kept map lives at most this long; a new content generation retires it before that.
FRAGMENT_TIMEOUT = 24 * 60 * 60


def _zoomed_view(points):
    """The viewBox ``(x, y, width, height)`` framing the points, in the map's proportions."""
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    ratio = MAP_HEIGHT / MAP_WIDTH
    width = max(max(xs) - min(xs), (max(ys) - min(ys)) / ratio) * 1.4 + 40
    width = min(max(width, MAP_WIDTH / MAX_ZOOM), MAP_WIDTH)
    height = width * ratio
    x = min(max((max(xs) + min(xs)) / 2 - width / 2, 0), MAP_WIDTH - width)
    y = min(max((max(ys) + min(ys)) / 2 - height / 2, 0), MAP_HEIGHT - height)
    return x, y, width, height


def filter_is_active(form):
    """Whether a filter form narrows the listing (a valid, non-empty value)."""
    return bool(form is not None and form.is_bound and any(form.value(n) for n in form.fields))


def city_map(request, cities, memberships, highlighted=None, form=None, **captions):
    """The context of ``includes/city_map.html``: an SVG world map with a marker per city;
    ``highlighted`` (with an active ``form``) are the cities matching the filters.
    ``memberships`` are the (value, label) choices the legend may show; ``captions``
    are the map's ``heading``, ``title`` and ``directory`` page (whose caption links to
    the directory filtered by each continent, which zooms the map there)."""
    if isinstance(cities, Page):
        cities = [cities]
    if isinstance(highlighted, Page):
        highlighted = [highlighted]
    active = filter_is_active(form) if form is not None else highlighted is not None
    chosen = {city.pk for city in highlighted or []} if active else set()
    markers = []
    for city in cities:
        if city.latitude is None or city.longitude is None:
            continue
        x, y = project(city.latitude, city.longitude)
        markers.append(
            SimpleNamespace(
                city=city,
                x=round(x, 2),
                y=round(y, 2),
                highlighted=city.pk in chosen,
                dimmed=active and city.pk not in chosen,
            )
        )
    # A few matches are named on the map; many would cover it.
    for marker in markers:
        marker.labelled = marker.highlighted and len(chosen) <= LABELLED_MATCHES
    # Highlighted markers last, so they are drawn on top of the dimmed ones.
    markers.sort(key=lambda marker: marker.highlighted)

    view = (0.0, 0.0, MAP_WIDTH, MAP_HEIGHT)
    if active and chosen:
        view = _zoomed_view([(m.x, m.y) for m in markers if m.highlighted])
    zoom = MAP_WIDTH / view[2]
    radius = MARKER_RADIUS / zoom
    label_size = LABEL_SIZE / zoom
    for marker in markers:
        # Labels go left of markers near the right edge, so they stay on the map.
        marker.label_left = marker.x > view[0] + view[2] * 0.8
        marker.label_x = round(marker.x + (-1.6 if marker.label_left else 1.6) * radius, 2)
        marker.label_y = round(marker.y + label_size * 0.35, 2)

    # Ids unique within the page, for the SVG's aria-labelledby.
    number = getattr(request, "_portal_map_count", 0) + 1
    if request is not None:
        request._portal_map_count = number
    present = {marker.city.membership for marker in markers}
    continents = {CONTINENT_OF_COUNTRY.get(marker.city.country) for marker in markers}
    return {
        "request": request,
        "map_id": f"city-map-{number}",
        "memberships": [(v, label) for v, label in memberships if v in present],
        "directory": captions.get("directory"),
        "continents": [(key, name) for key, name in CONTINENTS.items() if key in continents],
        "heading": captions.get("heading", ""),
        "title": captions.get("title", ""),
        "markers": markers,
        "active": active,
        # A filtered directory explains the dimmed markers and the zoom; a city's own
        # small map (everything highlighted) needs neither.
        "explain_filter": active and len(chosen) < len(markers),
        "match_count": len(chosen),
        "zoomed": zoom > 1,
        "view_box": " ".join(f"{value:.1f}" for value in view),
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "radius": round(radius, 2),
        "hit_radius": round(radius * 2.2, 2),
        "stroke": round(1.5 / zoom, 2),
        "label_size": round(label_size, 2),
    }


def fragment_key(request, context, generation):
    """The cache key of a rendered map: the content ``generation`` (any publish, move,
    restriction change... retires every kept map), the languages, the host (links are
    the site's), and everything the map shows: its id, its captions, its markers (the
    city, highlighted, dimmed, labelled) and its view. The cities' titles, addresses
    and memberships are content: the generation covers them."""
    parts = [
        get_language(),
        # The request's language too: an untranslated page is served in the source's
        # words (get_language) with its links in the visitor's language.
        getattr(request, "LANGUAGE_CODE", ""),
        request.scheme,
        request.get_host(),
        context["map_id"],
        context["heading"],
        context["title"],
        getattr(context["directory"], "pk", None),
        context["active"],
        context["explain_filter"],
        context["view_box"],
        [(m.city.pk, m.highlighted, m.dimmed, m.labelled) for m in context["markers"]],
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return FRAGMENT_KEY.format(generation=generation, digest=digest)


def fragment_cacheable(request):
    """Only for what every anonymous visitor gets: never a preview (a draft city's
    marker) nor a signed-in user's request, and only with a request to key on."""
    if request is None or getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def cached_fragment(request, context, render, generation):
    """The map's HTML for ``context`` (:func:`city_map`): ``render()`` once per content
    ``generation`` (``network.api.caching.generation()``, read by the template tag: the
    site's helpers sit below the API) and language, then read from Django's cache. With
    the cache down or frozen (``portal.cache`` answers nothing), the map is rendered as
    before."""
    if not fragment_cacheable(request):
        return render()
    key = fragment_key(request, context, generation())
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, FRAGMENT_TIMEOUT)
    # Rendered by the autoescaping template engine, or that HTML read back.
    return mark_safe(html)  # noqa: S308
