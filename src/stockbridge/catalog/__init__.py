"""Catalog: products, variants, attributes, seasons, images, prices."""
