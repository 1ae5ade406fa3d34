"""The public site: what a visitor may see (live, public pages), listings that query
once, their filter forms, countries and the world map, and the image sizes handed out.

Below ``network.models``: page models build their listings with these helpers, so
nothing here imports a page model.
"""
