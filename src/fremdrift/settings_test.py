"""Settings for the test suite: the production settings with a test key and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else")
# The test suite is never a production run: it reads the local .env like other local work.
os.environ.setdefault("FREMDRIFT_ENV", "development")

from fremdrift.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
WHITENOISE_AUTOREFRESH = True

# Tasks run at once, inside the call that enqueues them (django-tasks' immediate backend),
# unless a test is about the queue: those use the database backend and a real worker
# (FREMDRIFT_TASK_BACKEND in a worker's environment, or the ``database_tasks`` fixture).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("FREMDRIFT_TASK_BACKEND")
        or "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}

# The tests' cache is the process's memory, whatever CACHE_URL the environment names.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
