"""Inventory: locations, stock levels, movement ledger, reservations, allocation, transfers."""
