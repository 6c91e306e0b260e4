"""Back office pages beyond the admin: dashboard (HTMX pages grow here)."""
