"""The yearly report printed on A4 as a coordinator sends it: chromium's own PDF, read back with
poppler (pdfinfo, pdftoppm, pdftotext, pdfimages)."""

from __future__ import annotations

import base64
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Organisation
from tests.browser.desk import sign_in_at_desk
from tests.helpers import demo_served, local_today

# One group: its tests share one served demo, built once on one worker of `make test`.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("demo_year")]

A4_HEIGHT_PT = 841.89
MARGIN_PT = 16 / 25.4 * 72  # desk/annual_print.css: 16 mm above and below


def _png(width: int = 40, height: int = 20) -> bytes:
    """A small blue rectangle as a PNG file (the organisation's logo)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x0b\x3d\x91" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def demo_year(tmp_path_factory):
    """The demo as `make run` loads it (last year and this one), with a logo, served on loopback."""
    folder = tmp_path_factory.mktemp("print")

    def add_logo():
        organisation = db.session.scalar(select(Organisation))
        organisation.logo, organisation.logo_type = _png(), "image/png"
        db.session.commit()

    with demo_served(folder / "print.db", days=None, prepare=add_logo) as (url, _application):
        yield url, folder


def _print(browser, base: str, query: str, target: Path) -> Path:
    sign_in_at_desk(browser, base)
    browser.get(f"{base}/reports/annual?{query}")
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
    target.write_bytes(base64.b64decode(pdf["data"]))
    return target


def _demo_year() -> int:
    """This year, unless it is too young to hold a month of the demo's activity."""
    today = local_today()
    return today.year if today.timetuple().tm_yday > 31 else today.year - 1


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(page, xMin, yMin, xMax, yMax, text) of every word, in points."""
    from xml.etree import ElementTree

    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = []
    root = ElementTree.fromstring(xhtml.replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    for number, page in enumerate(root.iter("page"), start=1):
        for word in page.iter("word"):
            box = [float(word.get(key)) for key in ("xMin", "yMin", "xMax", "yMax")]
            words.append((number, *box, word.text or ""))
    return words


def test_the_demo_year_prints_as_a_report_to_send(browser, demo_year):
    base, folder = demo_year
    pdf = _print(browser, base, f"year={_demo_year()}", folder / "report.pdf")
    words = _words(pdf)
    pages = _pages(pdf)
    # The synthesis on page 1, then one page per partner: five partners, one of them with two
    # missions on pages of their own (tram and bus): 8 pages, where the first version had 12.
    assert pages == 8
    text_of = {page: " ".join(word[5] for word in words if word[0] == page) for page in range(1, pages + 1)}
    assert "Synthèse" in text_of[1] and "Profil type d’une intervention, par partenaire" in text_of[1]
    assert "Activité par mission" in text_of[1]
    for page in range(1, pages + 1):
        body = [word for word in words if word[0] == page and MARGIN_PT < word[2] < A4_HEIGHT_PT - MARGIN_PT]
        footer = [word for word in words if word[0] == page and word[2] >= A4_HEIGHT_PT - MARGIN_PT]
        header = [word for word in words if word[0] == page and word[4] <= MARGIN_PT]
        # Header and footer on every page: organisation, page n / N, the date it was printed.
        assert "Dijon" in " ".join(word[5] for word in header)
        assert f"{page} / {pages}" in " ".join(word[5] for word in footer)
        assert local_today().strftime("%d/%m/%Y") in " ".join(word[5] for word in footer)
        # No page more than half empty: the text goes past the middle of the printable height.
        lowest = max(word[4] for word in body)
        assert (lowest - MARGIN_PT) / (A4_HEIGHT_PT - 2 * MARGIN_PT) > 0.5, f"page {page} is half empty"
        # Nothing clipped at the right edge: every word ends inside the right margin.
        assert max(word[3] for word in body) < 595.28 - 14 / 25.4 * 72 + 1
    # Legible: no word under 8 pt (a word's box is at least as tall as its font size).
    assert min(word[4] - word[2] for word in words) >= 8
    # Values are never cut: "7 882 (32,2 %)" is printed whole, with its closing bracket.
    assert all(word[5].count("(") <= word[5].count(")") for word in words if word[5].endswith("%"))
    # The uploaded logo is on the first page.
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert any(line.split()[0] == "1" for line in images.splitlines()[2:])


def test_a_partners_report_prints_alone(browser, demo_year):
    base, folder = demo_year
    pdf = _print(browser, base, f"year={_demo_year()}&partner=La Poste", folder / "la-poste.pdf")
    assert _pages(pdf) == 1
    text = " ".join(word[5] for word in _words(pdf))
    assert "La Poste" in text and "Synthèse" not in text and "Divia" not in text
