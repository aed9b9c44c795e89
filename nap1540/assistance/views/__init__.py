"""Assistance pages, split by topic: requests (and their workflow), offers, public and gaps."""
