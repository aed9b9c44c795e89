"""No database constraint's name reaches a person: each says in plain words what to fix."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db.models import BaseConstraint
from django.utils import translation

CONSTRAINTS = [
    (model, constraint)
    for model in apps.get_models()
    if model.__module__.startswith("nap1540.")
    for constraint in model._meta.constraints
]


def test_the_project_has_constraints_to_check():
    assert len(CONSTRAINTS) >= 40


@pytest.mark.parametrize(
    ("model", "constraint"), CONSTRAINTS, ids=[c.name for _m, c in CONSTRAINTS]
)
def test_constraint_has_a_plain_translated_message(model, constraint):
    assert constraint.violation_error_message != BaseConstraint.default_violation_error_message
    message = str(constraint.get_violation_error_message())
    assert constraint.name not in message
    assert "constraint" not in message.lower()
    with translation.override("fr"):
        assert str(constraint.get_violation_error_message()) != message, "not translated"
