"""Shift review at scale: the true total, every page, the flag filter and counts over the whole period."""

import re
from datetime import date

from tests.helpers import add_month_of_shifts, local_today


def _month() -> date:
    # A past month: its open shift is long forgotten, and no other test's shift lies in it.
    today = local_today()
    return date(today.year - 1, 11, 1)


def _shift_links(page: str) -> list[str]:
    return re.findall(r'href="/desk/shifts/([0-9a-f-]{36})"', page)


def test_a_month_of_1200_shifts_is_counted_paged_and_filtered_in_full(login_as, make_user, org):
    coordinator, _ = login_as("coordinator")
    mediators = [make_user(name=f"Médiateur {number}").id for number in range(10)]
    forgotten = add_month_of_shifts(org.organisation.id, mediators, org.tram.id, _month(), 1200)
    month = "from=2025-11-01&to=2025-11-30".replace("2025", str(_month().year))

    page = coordinator.get(f"/desk/shifts?{month}")
    assert page.status_code == 200
    assert "1201 vacations du 01/11/" in page.text and "Page 1 sur 13" in page.text
    # The legend says, in words, what each flag means and how many shifts of the period carry it.
    legend = page.text.split('class="legend"')[1].split("</section>")[0]
    assert 'Jamais terminée</span></a> <span class="count">1 vacation</span>' in legend
    assert "Vacation ouverte depuis plus de 12 heures." in legend
    english = coordinator.get(f"/desk/shifts?{month}&lang=en").text
    assert "1201 shifts from 01/11/" in english and "Page 1 of 13" in english
    assert 'Synchro tardive</span></a> <span class="count">0 vacations</span>' in legend

    # Every shift once, page after page, at the size asked.
    seen = []
    for number in range(1, 8):
        listed = coordinator.get(f"/desk/shifts?{month}&size=200&page={number}")
        seen += _shift_links(listed.text.split("<tbody>")[1])
    assert len(seen) == len(set(seen)) == 1201 and str(forgotten) in seen
    # The pager keeps the filters.
    assert f"/desk/shifts?from={_month().year}-11-01&amp;to={_month().year}-11-30&amp;size=200&amp;page=2" in (
        coordinator.get(f"/desk/shifts?{month}&size=200").text
    )

    # The flag is looked for before paging: the shift of the 2nd, among 1,201, on the first page.
    only = coordinator.get(f"/desk/shifts?{month}&flag=never_ended").text
    assert _shift_links(only.split("<tbody>")[1]) == [str(forgotten)]
    assert "1 vacation du 01/11/" in only

    # A page beyond the last shows the last; a size not offered is refused.
    assert _shift_links(coordinator.get(f"/desk/shifts?{month}&page=99").text.split("<tbody>")[1])
    assert coordinator.get(f"/desk/shifts?{month}&size=7").status_code == 400
    assert coordinator.get(f"/desk/shifts?{month}&page=0").status_code == 400


def test_the_counts_follow_the_other_filters_and_stay_within_the_organisation(login_as, make_user, make_org, org):
    coordinator, _ = login_as("coordinator")
    mediator = make_user(name="Julie Seule").id
    add_month_of_shifts(org.organisation.id, [mediator], org.tram.id, _month(), 30)
    other = make_org("PIMMS de Lyon")
    stranger = make_user(organisation=other.organisation).id
    add_month_of_shifts(other.organisation.id, [stranger], other.tram.id, _month(), 50)
    month = f"from={_month().year}-11-01&to={_month().year}-11-30"

    assert "31 vacations du" in coordinator.get(f"/desk/shifts?{month}").text
    post = coordinator.get(f"/desk/shifts?{month}&mission=post").text
    assert "0 vacations du" in post and 'Jamais terminée</span></a> <span class="count">0 vacations</span>' in post
    assert "Aucune vacation pour ces critères." in coordinator.get(f"/desk/shifts?{month}&flag=rejected").text
