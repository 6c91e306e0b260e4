"""web api."""
