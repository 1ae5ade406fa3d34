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
