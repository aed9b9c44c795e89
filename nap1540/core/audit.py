"""Who did what to which record, and when: one event model for every app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    """Who did what to which record, and when; written in the same transaction."""

    action = models.CharField(max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=300, blank=True)
    state = models.ForeignKey("registry.State", null=True, blank=True, on_delete=models.SET_NULL)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    @classmethod
    def record(
        cls,
        action: str,
        *,
        target: models.Model,
        by: Any = None,
        data: dict[str, Any] | None = None,
    ) -> AuditEvent:
        actor = by if by is not None and getattr(by, "is_authenticated", False) else None
        state_id = getattr(target, "state_id", None)
        if target._meta.model_name == "state":
            state_id = target.pk
        return cls.objects.create(
            action=action,
            actor=actor,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            target_repr=str(target)[:300],
            state_id=state_id,
            data=data or {},
        )

    @classmethod
    def for_target(cls, target: models.Model) -> models.QuerySet[AuditEvent]:
        return cls.objects.filter(
            target_type=target._meta.label_lower, target_id=str(target.pk)
        ).select_related("actor")
