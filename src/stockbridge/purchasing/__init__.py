"""Purchasing: suppliers, purchase orders, receiving (feeds `incoming`)."""
