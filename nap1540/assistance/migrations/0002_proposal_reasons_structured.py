"""Proposals keep their reasons as codes and values, written in the reader's language on read.

Rows stored before reasons had codes hold English sentences that cannot be parsed back into
values reliably: each becomes a ``legacy`` reason that keeps its sentence (shown marked as
English) until the item's proposals are ranked again. The stored explanation, a join of the
same English sentences, goes: it is written from the reasons at read time now.
"""

from typing import Any

from django.db import migrations, models


def _legacy(reason: dict[str, Any]) -> dict[str, Any]:
    if reason.get("code"):
        return reason
    return {
        "criterion": reason.get("criterion", "text"),
        "code": "legacy",
        "params": {"text": reason.get("text", "")},
        "points": reason.get("points", 0.0),
    }


def to_codes(apps: Any, schema_editor: Any) -> None:
    Proposal = apps.get_model("assistance", "Proposal")
    for proposal in Proposal.objects.all().iterator():
        reasons = [_legacy(r) for r in proposal.reasons or []]
        if not reasons and proposal.explanation:
            reasons = [_legacy({"criterion": "text", "text": proposal.explanation})]
        if reasons != proposal.reasons:
            proposal.reasons = reasons
            proposal.save(update_fields=["reasons"])


def to_sentences(apps: Any, schema_editor: Any) -> None:
    Proposal = apps.get_model("assistance", "Proposal")
    for proposal in Proposal.objects.all().iterator():
        texts = [(r.get("params") or {}).get("text") or r.get("code") for r in proposal.reasons]
        proposal.explanation = "; ".join(t for t in texts if t) or "ranked by the matching engine"
        proposal.save(update_fields=["explanation"])


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="proposal",
            name="proposal_has_reasons",
        ),
        migrations.RunPython(to_codes, to_sentences),
        # A default, so that going back can add the column again before filling it.
        migrations.AlterField(
            model_name="proposal",
            name="explanation",
            field=models.TextField(default="", verbose_name="why"),
        ),
        migrations.RemoveField(
            model_name="proposal",
            name="explanation",
        ),
    ]
