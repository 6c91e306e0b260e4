"""Secrets kept in files under the data directory when the environment does not give them."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path


def load_or_create(path: Path, *, generate: str = "token") -> str:
    """Return the key stored at `path`, creating it (mode 0600) on first use.

    `generate` is ``token`` (URL-safe random text) or ``fernet`` (a Fernet key).
    Creation is race-free: a concurrent creator's key wins and is read back.
    """
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the data dir: owner only
    value = (
        base64.urlsafe_b64encode(os.urandom(32)).decode()
        if generate == "fernet"
        else secrets.token_urlsafe(50)
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value
