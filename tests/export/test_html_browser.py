"""The HTML export as a browser renders it: escaped text, marked terms and issues, nothing run."""

from __future__ import annotations

import os
from pathlib import Path

from lxml import html as lxml_html

from tests.chromium import dump_dom, needs_chromium, screenshot
from tests.export.sample import DRAFTS, REVIEWS, build
from workbench import outputs
from workbench.export import export

pytestmark = needs_chromium


def _keep(png: Path) -> None:
    """WORKBENCH_SCREENSHOTS=<folder> keeps the screenshots for a person to look at."""
    folder = os.environ.get("WORKBENCH_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / png.name).write_bytes(png.read_bytes())


def test_export_html_renders_escaped_text_terms_and_issues(tmp_path):
    store, doc = build(tmp_path, reviewed=(1, 2, 3, 5, 6), flag={5: "is <b>this</b> right?"})
    page = tmp_path / "article.html"
    outputs.write_atomic(page, export(store, doc, "html", status="all", credit=True))
    dom = lxml_html.fromstring(dump_dom(page, tmp_path / "profile"))

    assert dom.xpath("//script") == [] and dom.xpath("//b[text()='this']") == []
    english = {int(s.get("data-position")): s.text_content() for s in dom.xpath("//td[@class='en']/span[contains(@class,'seg')]")}
    assert english[1] == REVIEWS[1] and english[2] == DRAFTS[2][0]
    assert english[7] == "draft" + DRAFTS[7][0]  # the badge, then the text, with <script> shown literally
    assert "<script>alert(1)</script>" in english[7]
    assert english[4].startswith("draft") and "flagged" in english[5]
    issues = [li.text_content() for li in dom.xpath("//ul[@class='issues']/li")]
    assert any(i.startswith("#4 term-missing") for i in issues)
    assert "#5 flag is <b>this</b> right?" in issues
    terms = {t.text_content() for t in dom.xpath("//td[@class='zh']//span[@class='term']")}
    assert {"英伟达", "华为", "昇腾", "发改委", "腾讯", "国泰海通"} <= terms
    assert dom.xpath("//p[@class='credit']")[0].text_content() == "Translated by model-a, model-b, tm, verified by alice."

    png = screenshot(page, tmp_path / "profile", tmp_path / "export-html.png")
    assert png.stat().st_size > 20_000  # a blank page is a few kilobytes
    _keep(png)
