"""Imported once by the race harness's fork server, before it forks any racing process: sets
Django up from the environment the server inherited from the pytest process
(`DJANGO_SETTINGS_MODULE`, `STOCKBRIDGE_TEST_RUN`, `STOCKBRIDGE_DATA_DIR`), on this run's test
databases as `tests/settings.py` names them (the `.test` file on SQLite, `test_<name>_<run>` on
PostgreSQL). The server has one thread, so forking it is safe, and each child starts with
Django ready instead of importing it again. It opens no database connection.
"""

from __future__ import annotations

import os

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
for _database in settings.DATABASES.values():
    if _database.get("TEST", {}).get("NAME"):
        _database["NAME"] = _database["TEST"]["NAME"]
django.setup()
