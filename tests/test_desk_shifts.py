"""Shift review: the list, its flags, a shift's page, and who may see them."""

from datetime import UTC, datetime, timedelta

from tests.helpers import intervention_record, now_iso, shift_record


def _ago(**delta) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat()


def _sync_with_clock(phone, skew: timedelta, shifts=(), interventions=()):
    envelope = {
        "device_id": "phone-1",
        "client_time": (datetime.now(UTC) + skew).isoformat(),
        "shifts": list(shifts),
        "interventions": list(interventions),
    }
    return phone.post("/api/sync", json=envelope)


def _row(page: str, name: str) -> str:
    """The table row of the shift list that names this mediator."""
    return next(row for row in page.split("<tbody>")[1].split("<tr") if name in row)


def test_each_flag_shows_on_the_shift_it_concerns(login_as):
    coordinator, _ = login_as("coordinator")
    tidy, tidy_user = login_as("mediator", name="Alice Tidy")
    forgot, forgot_user = login_as("mediator", name="Bruno Forgot")
    late, late_user = login_as("mediator", name="Chloé Late")
    clock, clock_user = login_as("mediator", name="David Clock")
    empty, empty_user = login_as("mediator", name="Emma Empty")
    rejected, rejected_user = login_as("mediator", name="Farid Rejected")

    ok = shift_record(started_at=_ago(hours=3), ended_at=_ago(hours=1), updated_at=_ago(hours=1))
    tidy.sync(shifts=[ok], interventions=[intervention_record(ok["id"], occurred_at=_ago(hours=2))])
    open_shift = shift_record(started_at=_ago(hours=13), updated_at=_ago(hours=13))
    forgot.sync(shifts=[open_shift], interventions=[intervention_record(open_shift["id"], occurred_at=_ago(hours=12))])
    # Logged on the tram the day before yesterday, sent only now.
    old = shift_record(started_at=_ago(hours=30), ended_at=_ago(hours=27), updated_at=_ago(hours=27))
    late.sync(shifts=[old], interventions=[intervention_record(old["id"], occurred_at=_ago(hours=28))])
    skewed = shift_record(started_at=_ago(hours=3), ended_at=_ago(hours=1), updated_at=_ago(hours=1))
    _sync_with_clock(
        clock, timedelta(minutes=-7), [skewed], [intervention_record(skewed["id"], occurred_at=_ago(hours=2))]
    )
    nothing = shift_record(started_at=_ago(hours=3), ended_at=_ago(hours=2), updated_at=_ago(hours=2))
    empty.sync(shifts=[nothing])
    bad = shift_record(started_at=_ago(hours=3), ended_at=_ago(hours=1), updated_at=_ago(hours=1))
    response = rejected.sync(
        shifts=[bad],
        interventions=[
            intervention_record(bad["id"], occurred_at=_ago(hours=2)),
            intervention_record(bad["id"], occurred_at=_ago(hours=2), types=["no_such_type"]),
        ],
    )
    assert [result["status"] for result in response.json["results"]] == ["created", "created", "invalid"]

    today = datetime.now(UTC).date()
    page = coordinator.get(f"/desk/shifts?from={today - timedelta(days=2)}&to={today}")
    assert page.status_code == 200
    expected = {
        "Alice Tidy": set(),
        "Bruno Forgot": {"Jamais terminée"},
        "Chloé Late": {"Synchro tardive"},
        "David Clock": {"Horloge décalée"},
        "Emma Empty": {"Aucune intervention"},
        "Farid Rejected": {"Saisies refusées"},
    }
    all_flags = {"Jamais terminée", "Synchro tardive", "Horloge décalée", "Aucune intervention", "Saisies refusées"}
    for name, flags in expected.items():
        row = _row(page.text, name)
        assert {flag for flag in all_flags if f">{flag}</span>" in row} == flags, name

    # Filtering by a flag keeps only the shifts that have it.
    only_late = coordinator.get(f"/desk/shifts?from={today - timedelta(days=2)}&to={today}&flag=late_sync").text
    assert "Chloé Late</a>" in only_late and "Alice Tidy</a>" not in only_late

    # The shift's page says what the server refused, and the phone's clock in its sync history.
    detail = coordinator.get(f"/desk/shifts/{bad['id']}").text
    assert "Saisies refusées par le serveur" in detail and "no_such_type" in detail
    clock_page = coordinator.get(f"/desk/shifts/{skewed['id']}").text
    assert "horloge décalée" in clock_page


def test_list_defaults_to_yesterday_and_today_and_filters(login_as):
    coordinator, _ = login_as("coordinator")
    phone, mediator = login_as("mediator", name="Gilles Tram")
    other_phone, _ = login_as("mediator", name="Hélène Poste")
    recent = shift_record(started_at=_ago(hours=2), updated_at=_ago(hours=2))
    long_ago = shift_record(started_at=_ago(days=5), ended_at=_ago(days=5, hours=-3), updated_at=_ago(days=5))
    phone.sync(shifts=[recent, long_ago])
    post = shift_record(mission="post", site="grangier", started_at=_ago(hours=1), updated_at=_ago(hours=1))
    other_phone.sync(shifts=[post])

    page = coordinator.get("/desk/shifts").text
    assert page.count("Gilles Tram</a>") == 1 and "Hélène Poste</a>" in page
    assert "Gilles Tram</a>" not in coordinator.get("/desk/shifts?mission=post").text
    assert "Hélène Poste</a>" not in coordinator.get(f"/desk/shifts?mediator={mediator.id}").text
    assert "Hélène Poste</a>" in coordinator.get("/desk/shifts?site=grangier").text
    bad = coordinator.get("/desk/shifts?from=2026-02-01&to=2026-01-01")
    assert bad.status_code == 400 and "La fin ne peut pas précéder le début." in bad.text


def test_shift_page_shows_every_field_and_the_sync_history(login_as):
    coordinator, _ = login_as("coordinator")
    phone, _ = login_as("mediator", name="Inès Mask")
    shift = shift_record(started_at=_ago(hours=2), updated_at=_ago(hours=2))
    record = intervention_record(
        shift["id"],
        types=["mask_reminder"],
        gender="male",
        age_band="over_60",
        people=3,
        duration="long",
        mask_reminder=True,
        mask_outcome="complied",
        note="Groupe de retraités",
        occurred_at=now_iso(timedelta(minutes=-30)),
    )
    phone.sync(shifts=[shift], interventions=[record])
    page = coordinator.get(f"/desk/shifts/{shift['id']}").text
    for text in ("Rappel port du masque", "Homme", "Plus de 60 ans", "À bord", "Longue", "Porte le masque"):
        assert text in page
    assert "Groupe de retraités" in page and "created : 2" in page


def test_another_organisation_gets_404_and_mediators_403(login_as, make_org):
    phone, _ = login_as("mediator")
    shift = shift_record()
    record = intervention_record(shift["id"])
    phone.sync(shifts=[shift], interventions=[record])
    stranger, _ = login_as("coordinator", organisation=make_org("PIMMS de Lyon").organisation)
    for url in (
        f"/desk/shifts/{shift['id']}",
        f"/desk/shifts/{shift['id']}/edit",
        f"/desk/interventions/{record['id']}/edit",
    ):
        assert stranger.get(url).status_code == 404, url
    response = stranger.submit(f"/desk/interventions/{record['id']}/delete", {"reason": "Pas à moi"})
    assert response.status_code == 404
    assert "Médiateur" not in stranger.get("/desk/shifts").text.split("<tbody>")[1]
    assert phone.get("/desk/shifts").status_code == 403
    assert phone.get("/desk/dashboard").status_code == 403
