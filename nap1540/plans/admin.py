"""The admin site keeps reference data and accounts only.

A State's plans, tasks and reviews are confidential records: they are edited through the
platform's own pages and API, which apply who-may-see-what and keep the history. The admin site
shows every row to every administrator, so it does not list them
(docs/decisions/001-visibility.md).
"""
