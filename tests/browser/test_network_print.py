"""The network's national report of a partner printed on A4 by chromium (Page.printToPDF), read
back with poppler; and its dashboard as the network's account sees it, under axe."""

from __future__ import annotations

import base64
import subprocess

import pytest

from tests.browser.desk import sign_in_at_desk
from tests.browser.test_app_quality import _violations
from tests.helpers import demo_served
from tests.network_world import DEMO_NETWORK_ACCOUNT, demo_network

# One group: its tests share one served demo, built once on one worker of `make test`.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("network_demo")]

A4_WIDTH_PT, A4_HEIGHT_PT = 595.28, 841.89
MARGIN_PT = 16 / 25.4 * 72  # desk/annual_print.css: 16 mm above and below


@pytest.fixture(scope="module")
def demo_network_served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("network")
    with demo_served(folder / "network.db", days=40, prepare=demo_network) as (url, _application):
        yield url, folder


def test_the_national_report_of_la_poste_prints_on_a4(browser, demo_network_served):
    base, folder = demo_network_served
    sign_in_at_desk(browser, base, DEMO_NETWORK_ACCOUNT, lands_on="/network/dashboard")
    browser.get(f"{base}/network/report?partner=La+Poste")
    pdf = folder / "national.pdf"
    printed = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
    pdf.write_bytes(base64.b64decode(printed["data"]))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "pts (A4)" in info
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # The running header names the network and the report, the footer counts the pages.
    assert text.count("Union nationale des PIMMS — Rapport national") == pages
    assert f"Page {pages} / {pages}" in text
    # Every member of the year with its figures, the national motif table; no filter, no link.
    for member in ("PIMMS de Besançon", "PIMMS de Dijon", "PIMMS de Lille", "PIMMS de Marseille"):
        assert member in text
    assert "Tableau national des motifs, par code" in text and "opening_hours" in text
    assert "Afficher" not in text and "CSV Excel" not in text
    # La Poste's missions ask no gender nor age: no table of "Non renseigné" alone.
    assert "Genre" not in text and "Tranche d’âge" not in text and "Bureau de poste" in text
    # Nothing past the right margin (14 mm).
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    right_edges = [float(part.split('"')[1]) for part in boxes.split("xMax=")[1:]]
    assert max(right_edges) < A4_WIDTH_PT - 14 / 25.4 * 72 + 1


def test_the_network_pages_pass_axe(browser, demo_network_served):
    base, _folder = demo_network_served
    sign_in_at_desk(browser, base, DEMO_NETWORK_ACCOUNT, lands_on="/network/dashboard")
    found = {}
    for path in ("/network/dashboard", "/network/report?partner=La+Poste", "/network/dashboard?partner=Nulle+part"):
        browser.get(f"{base}{path}")
        found[path] = _violations(browser)
    assert {path: violations for path, violations in found.items() if violations} == {}
