"""web backoffice."""
