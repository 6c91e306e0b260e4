"""The REST API (django-ninja): one router per domain, mounted on one versioned NinjaAPI."""
