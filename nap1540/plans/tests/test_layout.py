"""Layout guards for pages that overflowed at 1280 px and on a tablet (820 px)."""

from pathlib import Path

CSS = (Path(__file__).resolve().parents[1] / "static" / "plans" / "plans.css").read_text()


def test_draft_from_gaps_inputs_fit_the_table(personas, plan, matrix_with_gaps):
    page = personas.client("coordinator").get(f"/plans/{plan.pk}/draft/").content.decode()
    assert '<table class="data draft">' in page
    assert 'size="50"' not in page
    assert "table.draft select" in CSS and "table.draft input[type=text]" in CSS


def test_task_filters_and_review_notes_shrink_on_a_tablet():
    assert ".filters select { max-width: min(100%, 24rem); }" in CSS
    assert "table.review textarea" in CSS and "width: 16rem" not in CSS
