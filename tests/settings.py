"""Test settings: the real settings with test defaults (immediate queue, a scratch data dir).

Each pytest run gets its own data directory and its own PostgreSQL test database, so several
runs (and the processes a concurrency test spawns, which inherit the environment) never share
or clobber each other's databases.
"""

import os
from pathlib import Path

RUN_ID = os.environ.setdefault("STOCKBRIDGE_TEST_RUN", str(os.getpid()))
os.environ.setdefault("STOCKBRIDGE_QUEUE", "immediate")
os.environ.setdefault(
    "STOCKBRIDGE_DATA_DIR", str(Path(__file__).parent.parent / ".test-data" / f"run-{RUN_ID}")
)

from stockbridge.platform.settings import *  # noqa: E402, F403
from stockbridge.platform.settings import DATABASES  # noqa: E402

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{RUN_ID}"}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Channel tests talk to in-process sandbox stores at http://<name>.sandbox.test
STOCKBRIDGE_ALLOW_SANDBOX_CHANNELS = True
