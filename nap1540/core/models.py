"""Core's models live in the modules of their topic; Django finds them here."""

from nap1540.core.audit import AuditEvent
from nap1540.core.jobs import JobLock
from nap1540.core.visibility import Share

__all__ = ["AuditEvent", "JobLock", "Share"]
