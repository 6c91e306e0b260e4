"""Test settings: the real settings with test defaults (immediate queue, a scratch data dir)."""

import os
from pathlib import Path

os.environ.setdefault("STOCKBRIDGE_QUEUE", "immediate")
os.environ.setdefault("STOCKBRIDGE_DATA_DIR", str(Path(__file__).parent.parent / ".test-data"))

from stockbridge.platform.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
