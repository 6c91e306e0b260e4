"""Encryption at rest for secrets such as channel tokens (Fernet, key from the environment)."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken

from stockbridge.platform.errors import StockbridgeError


class DecryptionFailed(StockbridgeError):
    """A stored secret cannot be read with the configured key (wrong or rotated key)."""


class SecretBox:
    """Encrypts and decrypts short secrets with one Fernet key."""

    def __init__(self, key: str) -> None:
        self._fernet = Fernet(key.encode())

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise DecryptionFailed("stored secret does not match the encryption key") from exc
