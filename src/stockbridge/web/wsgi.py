"""WSGI entry point for external servers (`gunicorn stockbridge.web.wsgi:application`)."""

from stockbridge.bootstrap import wsgi_application

application = wsgi_application()
