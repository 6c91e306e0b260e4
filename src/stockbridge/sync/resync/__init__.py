"""Resync: the hub's products not yet on a channel (a pick list) and adding the chosen ones
to the channel as drafts through "Publish listings"."""
