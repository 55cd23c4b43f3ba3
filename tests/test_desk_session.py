"""Signing in to the desk pages with a form (the phone uses the JSON API)."""

from tests.helpers import PASSWORD, form_token


def test_login_page_signs_in_and_redirects(app, database, make_user):
    user = make_user("coordinator")
    client = app.test_client()
    page = client.get("/login")
    assert page.status_code == 200
    assert 'lang="fr"' in page.text and "Connexion" in page.text
    token = form_token(page.text)
    response = client.post("/login?next=/desk", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/desk"


def test_login_page_shows_the_error_in_place(app, database, make_user):
    make_user("coordinator", email="c@example.org")
    client = app.test_client()
    token = form_token(client.get("/login").text)
    response = client.post("/login", data={"email": "c@example.org", "password": "wrong", "csrf_token": token})
    assert response.status_code == 401
    assert "Adresse e-mail ou mot de passe incorrect." in response.text
    assert 'value="c@example.org"' in response.text


def test_login_form_needs_its_csrf_token(app, database, make_user):
    user = make_user("coordinator")
    response = app.test_client().post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "jeton de sécurité" in response.text


def test_next_must_stay_on_site(app, database, make_user):
    user = make_user("coordinator")
    client = app.test_client()
    token = form_token(client.get("/login").text)
    response = client.post(
        "/login?next=//evil.example/x", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert "evil.example" not in response.headers["Location"]


def test_anonymous_desk_visit_goes_to_login(app, database):
    response = app.test_client().get("/desk")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_error_pages_are_readable_html(app, database):
    response = app.test_client().get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Introuvable." in response.text
    assert "Traceback" not in response.text


def test_pages_are_french_first_and_english_on_request(app, database):
    client = app.test_client()
    assert "Se connecter" in client.get("/login").text
    english = client.get("/language/en?next=/login", follow_redirects=True)
    assert 'lang="en"' in english.text and "Sign in" in english.text and "Password" in english.text
    assert "Sign in" in client.get("/login").text  # remembered for the browser
    assert "Se connecter" in client.get("/language/fr?next=/login", follow_redirects=True).text
