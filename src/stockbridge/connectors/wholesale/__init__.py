"""The wholesale portal (NuORDER-style B2B ordering) as a channel kind: OAuth 1.0 out-of-band
onboarding, tagged products, wholesale accounts and stock by date pushed, approved orders
pulled. See `docs/wholesale.md`."""
