"""Reach beyond the portal (issue 17): link previews and structured data on every public
page, the network in numbers, and the network's public data as open data files.

- ``social``: Open Graph and Twitter card tags of a page (``includes/social_meta.html``);
- ``structured_data``: schema.org JSON-LD, one builder per page type in a registry;
- ``public``: what counts as public here, and the page-level cache keyed by the API's
  content generation (``network.api.caching``), so publishing invalidates everything;
- ``network_data``: the network's published public facts, read in a fixed number of
  queries from the source language's content (the same in every language);
- ``numbers`` and ``charts``: the figures and bar charts of ``/<lang>/numbers/``;
- ``opendata``: the files of ``/opendata/`` (CSV, JSON, GeoJSON, iCalendar) and their
  data dictionary;
- ``views`` and ``urls``: the routes.
"""
