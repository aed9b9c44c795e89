"""Plan pages, split by topic: plans, tasks (and the focal point's views), reviews."""
