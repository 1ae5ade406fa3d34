"""``{% city_map %}``: the map of the network's cities (``network.public.map``)."""

from django import template

from network.models import CityPage
from network.public import map as city_maps

register = template.Library()


@register.inclusion_tag("includes/city_map.html", takes_context=True)
def city_map(context, cities, highlighted=None, form=None, heading="", title="", directory=None):
    """An SVG world map with a marker per city, the ``highlighted`` ones matching the
    active filters of ``form``; with the ``directory`` page, continents link to it."""
    return city_maps.city_map(
        context.get("request"),
        cities,
        CityPage.Membership.choices,
        highlighted=highlighted,
        form=form,
        heading=heading,
        title=title,
        directory=directory,
    )
