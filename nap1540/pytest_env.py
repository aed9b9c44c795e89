"""Environment for the test suite, loaded by pytest (`-p nap1540.pytest_env`) before Django.

Tests run with DEBUG off, as production does; only what a test machine cannot
provide (a secret, TLS) is relaxed here.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Each test process keeps rendered documents in its own, new cache directory: set, not
# defaulted, since pytest-xdist's workers inherit the environment of the process that
# started them, and a directory shared by two workers lets one's test empty the other's.
os.environ["DOCUMENT_CACHE_DIR"] = tempfile.mkdtemp(prefix="nap1540-documents-")
