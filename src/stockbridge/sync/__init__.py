"""Sync: jobs, runs, inbox (webhooks), outbox (changes to push), scheduler, housekeeping."""
