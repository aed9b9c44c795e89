"""Writes that touch several rows of the assistance procedure, one module a topic:

- `history`: who may make a step; transitions and the moves that follow from a match
- `conflicts`: concurrent edits merged under the lock, or refused naming who
- `requests`: requests and their items, items from plan tasks
- `distribution`: the providers a request is sent to
- `offers`: offers and loading the offer catalogue
- `proposals`: ranked offers, an expert's decision, the provider's answer
- `matches`: delivery and feedback

Import a service from the module that owns it. The procedure's step table (`workflow.py`)
stands on these modules, never the other way round.
"""
