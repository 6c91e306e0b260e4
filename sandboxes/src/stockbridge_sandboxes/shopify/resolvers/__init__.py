"""Resolvers by domain; `resolvers.registered` imports them all, which registers them."""
