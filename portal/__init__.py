"""The Django project: settings, URLs, the one API instance, WSGI/ASGI entry points."""
