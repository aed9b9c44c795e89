"""The reports read plans, events and requests: they use the events tests' fixtures."""

from nap1540.events.tests.conftest import plan

__all__ = ["plan"]
