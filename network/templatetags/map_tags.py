"""``{% city_map %}``: the map of the network's cities (``network.public.map``).

The map is an inline SVG of a node per city: rendered node by node on every request,
it is most of the directory's rendering time. Its HTML is kept in Django's cache
(``network.public.map.cached_fragment``) for the content generation, the language, the
host and what the map shows (its markers, their highlighting, its captions), so it is
rendered once per generation and language, whatever the number of requests.
"""

from django import template

from network.api.caching import generation
from network.models import CityPage
from network.public import map as city_maps

register = template.Library()


@register.simple_tag(takes_context=True)
def city_map(context, cities, highlighted=None, form=None, heading="", title="", directory=None):
    """An SVG world map with a marker per city, the ``highlighted`` ones matching the
    active filters of ``form``; with the ``directory`` page, continents link to it."""
    request = context.get("request")
    map_context = city_maps.city_map(
        request,
        cities,
        CityPage.Membership.choices,
        highlighted=highlighted,
        form=form,
        heading=heading,
        title=title,
        directory=directory,
    )
    template = context.template.engine.get_template(city_maps.TEMPLATE)
    return city_maps.cached_fragment(
        request, map_context, lambda: template.render(context.new(map_context)), generation
    )
