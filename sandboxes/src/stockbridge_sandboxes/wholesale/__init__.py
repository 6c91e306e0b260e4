"""A NuORDER-style B2B wholesale portal sandbox (see sandboxes/docs/wholesale.md)."""

from stockbridge_sandboxes.wholesale.app import PortalApp

__all__ = ["PortalApp"]
