"""The desk's table of interventions: filters, keyset pages, links, and the export of what is kept."""

import re

from tests.helpers import intervention_record, page_text, post_office_record, post_office_shift, shift_record

DAY = "from=2026-03-02&to=2026-03-02"


def _ids(page: str) -> list[str]:
    return re.findall(r'href="/desk/interventions/([0-9a-f-]{36})/edit"', page)


def _logged(login_as):
    coordinator, _ = login_as("coordinator")
    phone, mediator = login_as("mediator", name="Karim Tram")
    shift = shift_record(started_at="2026-03-02T06:00:00+01:00", updated_at="2026-03-02T06:00:00+01:00")
    records = [
        intervention_record(
            shift["id"],
            occurred_at=f"2026-03-02T{7 + number // 60:02d}:{number % 60:02d}:00+01:00",
            gender="male" if number % 3 == 0 else "female",
            types=["fares"] if number % 5 == 0 else ["itinerary"],
        )
        for number in range(120)
    ]
    post_shift = post_office_shift(started_at="2026-03-02T08:00:00+01:00", updated_at="2026-03-02T08:00:00+01:00")
    post = post_office_record(post_shift["id"], occurred_at="2026-03-02T09:00:00+01:00")
    response = phone.sync(shifts=[shift, post_shift], interventions=[*records, post])
    assert {result["status"] for result in response.json["results"]} == {"created"}
    return coordinator, shift, records, post


def test_the_table_filters_pages_by_keyset_and_links_each_record(login_as):
    coordinator, shift, records, post = _logged(login_as)
    first = coordinator.get(f"/desk/interventions?{DAY}&size=50")
    assert first.status_code == 200
    assert "121 interventions du 02/03/2026 au 02/03/2026" in page_text(first)
    seen, page = [], first.text
    for _ in range(5):
        seen += _ids(page)
        following = re.search(r'href="(/desk/interventions\?[^"]*after=[^"]*)" rel="next"', page)
        if not following:
            break
        page = coordinator.get(following.group(1).replace("&amp;", "&")).text
    assert len(seen) == len(set(seen)) == 121
    # Newest first unless asked; oldest first on demand.
    assert seen[:2] == [post["id"], records[-1]["id"]]
    assert _ids(coordinator.get(f"/desk/interventions?{DAY}&order=oldest").text)[0] == records[0]["id"]
    assert f'href="/desk/shifts/{shift["id"]}"' in first.text

    assert _ids(coordinator.get(f"/desk/interventions?{DAY}&mission=post").text) == [post["id"]]
    males = _ids(coordinator.get(f"/desk/interventions?{DAY}&gender=male&size=200").text)
    assert len(males) == 40
    fares = _ids(coordinator.get(f"/desk/interventions?{DAY}&kind=fares&gender=male&size=200").text)
    assert len(fares) == 8
    assert _ids(coordinator.get(f"/desk/interventions?{DAY}&site=grangier").text) == [post["id"]]
    assert coordinator.get(f"/desk/interventions?{DAY}&gender=robot").status_code == 400

    # Deleted records leave the default table and make their own.
    assert coordinator.submit(f"/desk/interventions/{post['id']}/delete", {"reason": "Doublon"}).status_code == 302
    assert post["id"] not in _ids(coordinator.get(f"/desk/interventions?{DAY}&mission=post").text)
    assert _ids(coordinator.get(f"/desk/interventions?{DAY}&state=deleted").text) == [post["id"]]
    assert _ids(coordinator.get(f"/desk/interventions?{DAY}&state=corrected").text) == [post["id"]]


def test_the_export_holds_exactly_what_is_filtered_and_is_audited(login_as, make_org):
    coordinator, _, records, _ = _logged(login_as)
    table = coordinator.get(f"/desk/interventions?{DAY}&gender=male&kind=fares&size=50")
    link = re.search(r'formaction="(/desk/interventions/export\?[^"]*format=csv[^"]*)"', table.text).group(1)
    exported = coordinator.post(link.replace("&amp;", "&"))
    assert exported.status_code == 200
    lines = exported.data.decode("utf-8-sig").strip().splitlines()
    wanted = {record["id"] for number, record in enumerate(records) if number % 15 == 0}
    assert len(lines) == 1 + len(wanted) and {line.split(",")[0].split(";")[0] for line in lines[1:]} == wanted

    admin, _ = login_as("admin")
    trail = page_text(admin.get("/admin/audit"))
    assert "Interventions, du 02/03/2026 au 02/03/2026, toutes les missions, en CSV" in trail

    stranger, _ = login_as("coordinator", organisation=make_org("PIMMS de Lyon").organisation)
    assert _ids(stranger.get(f"/desk/interventions?{DAY}").text) == []
    mediator, _ = login_as("mediator")
    assert mediator.get(f"/desk/interventions?{DAY}").status_code == 403


def test_a_large_total_is_counted_up_to_a_bound(login_as, monkeypatch):
    from server.services import intervention_search

    coordinator, *_ = _logged(login_as)
    monkeypatch.setattr(intervention_search, "COUNT_LIMIT", 100)
    # Read from the per-day tallies, a total is exact whatever its size.
    page = page_text(coordinator.get(f"/desk/interventions?{DAY}"))
    assert "121 interventions du 02/03/2026 au 02/03/2026" in page and "Exporter ces 121 interventions :" in page
    # Two filters together are not in the tallies: not counted unless asked, then up to the bound.
    both = f"/desk/interventions?{DAY}&gender=female&kind=itinerary"
    page = page_text(coordinator.get(both))
    assert "Interventions du 02/03/2026 au 02/03/2026 (total non compté)" in page and len(_ids(page)) == 50
    assert "Exporter ces interventions :" in page and "Compter les interventions" in page
    monkeypatch.setattr(intervention_search, "COUNT_LIMIT", 60)
    counted = page_text(coordinator.get(f"{both}&count=y"))
    assert "Plus de 60 interventions du 02/03/2026 au 02/03/2026" in counted and len(_ids(counted)) == 50


def test_totals_from_the_tallies_equal_the_rows_the_table_lists(login_as):
    coordinator, _, records, post = _logged(login_as)
    expected = {
        "": 121,
        "&gender=male": 40,
        "&mission=tram&gender=male": 40,
        "&kind=fares": 24,
        "&mission=post&kind=fares": 0,
        "&site=grangier": 1,
        "&place=post_office": 1,
        "&kind=fares&gender=male": 8,
    }
    for filters, total in expected.items():
        url = f"/desk/interventions?{DAY}{filters}&size=200"
        page = page_text(coordinator.get(url))
        assert len(_ids(page)) == total, filters
        words = "Aucune intervention pour ces critères." if not total else f"{total} intervention"
        assert words in page and "total non compté" not in page, filters
    # A deleted record leaves the tallies and the table alike.
    assert (
        coordinator.submit(f"/desk/interventions/{records[0]['id']}/delete", {"reason": "Doublon"}).status_code == 302
    )
    assert "39 interventions du" in page_text(coordinator.get(f"/desk/interventions?{DAY}&gender=male"))
