"""WSGI entry point: ``gunicorn fremdrift.wsgi``.

The web server runs in production unless ``FREMDRIFT_ENV=development`` is set in its
environment: then the local ``.env`` is not read and DEBUG must be off. A configuration
error stops it with one line instead of a traceback.
"""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fremdrift.settings")
os.environ.setdefault("FREMDRIFT_ENV", "production")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    sys.stderr.write(f"fremdrift: configuration error: {exc}\n")
    raise SystemExit(1) from None
