"""The fixed set of image sizes the site and the API hand out.

Renditions are only ever made from this allow-list: a query parameter can pick a name,
never an arbitrary filter spec, so nobody can make the server resize an image
into thousands of variants.
"""

RENDITION_SPECS = {
    "thumbnail": "fill-480x320",
    "medium": "max-960x720",
    "large": "width-1600",
}


def rendition_specs(names=None):
    """The filter specs for the given size names (all sizes by default)."""
    return [RENDITION_SPECS[name] for name in (names or RENDITION_SPECS)]


def image_representation(image, names=None):
    """A JSON-ready description of an image: text alternatives and rendition URLs."""
    if image is None:
        return None
    specs = dict(zip(names or RENDITION_SPECS, rendition_specs(names), strict=True))
    renditions = image.get_renditions(*specs.values())
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.default_alt_text,
        "credit": getattr(image, "credit", ""),
        "renditions": {
            name: {
                "url": renditions[spec].url,
                "width": renditions[spec].width,
                "height": renditions[spec].height,
            }
            for name, spec in specs.items()
        },
    }
