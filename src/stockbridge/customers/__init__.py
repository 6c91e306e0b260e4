"""Customers: retail and wholesale customers, addresses, account codes."""
