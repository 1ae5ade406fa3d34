"""Point the default Site at the address where the portal answers.

    python manage.py set_site_url          # from PORTAL_BASE_URL (or WAGTAILADMIN_BASE_URL)
    python manage.py set_site_url https://michelin-cities.org

Wagtail builds every absolute URL (the API's ``url`` fields, feeds, the sitemap,
webhook payloads, moderation emails) from the Site's hostname and port, so `make run`
and `make serve-prod` run this before serving. Idempotent.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_base_url(url):
    """(hostname, port) of an ``http(s)://host[:port]`` URL; CommandError otherwise."""
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError as error:
        raise CommandError(f"{url!r}: the port is not a number from 1 to 65535.") from error
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise CommandError(f"{url!r} is not an address like https://portal.example.org[:port].")
    return parts.hostname, port or DEFAULT_PORTS[parts.scheme]


class Command(BaseCommand):
    help = "Set the default Site's hostname and port from PORTAL_BASE_URL or the given URL."

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="default: PORTAL_BASE_URL")

    def handle(self, *args, url=None, **options):
        hostname, port = parse_base_url(url or settings.PORTAL_BASE_URL)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("No default Site yet: run `manage.py setup_portal` first.")
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            site.save()  # clears Wagtail's cached site root paths
        if options["verbosity"]:
            self.stdout.write(f"The portal's address: {site.root_url}/")
