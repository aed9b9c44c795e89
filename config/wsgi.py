import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Load every view now rather than on the first request, then move all these long-lived objects
# (modules, models, URL patterns, translation catalogues) out of the garbage collector's sight:
# otherwise each full collection walks them all again, which cost a worker about 3.5 ms per
# request (docs/decisions/044-serving-and-worker-model.md).
import config.urls  # noqa: E402, F401

gc.freeze()
