"""Publishing products to BigCommerce (the port's `Publisher`): drafts as v3 catalog bodies,
what the store holds read back, and the create-or-update flow."""
