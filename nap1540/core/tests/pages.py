"""Checks of rendered pages shared by the apps' tests."""

import re


def chart_figures(page: str) -> list[str]:
    """Each chart of a page: the <figure> around it must hold the SVG and a caption."""
    svgs = re.findall(r"<svg\b[^>]*>", page)
    figures = re.findall(r'<figure class="[^"]*\bchart\b[^"]*">(.*?)</figure>', page, re.S)
    assert len(figures) == len(svgs), "a chart outside a <figure>"
    for figure in figures:
        root = re.search(r"<svg\b[^>]*>", figure)
        assert root is not None
        assert 'role="img"' in root[0] and "viewBox=" in root[0] and 'width="100%"' in root[0]
        assert re.search(r'\sheight="', root[0]) is None
        assert re.search(r"<desc [^>]*>[^<]+</desc>", figure), "a chart without its summary"
        assert re.search(r"<figcaption>\s*\S", figure), "a chart without a caption"
    return figures
