"""Roles and permissions (analytics.core.access), and the app's gate by role under AppTest: open mode says it runs
without sign-in; a signed-in viewer reads and an author writes observations under their own name; a broken
configuration lets nobody in. The real sign-in flow in a browser is in test_signin.py."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import observations as obs
from analytics.core import access
from analytics.core.access import (
    AccessConfig,
    AccessError,
    config_from_dict,
    hide_paths,
    identity_from_claims,
    identity_from_headers,
)

APP = str(Path(__file__).resolve().parent.parent / "app.py")
MAPPING = {"roles": {"viewer": ["katselijat"], "author": ["kirjoittajat"], "steward": ["aineisto"],
                     "admin": ["yllapito"]}}


# --- the library ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "allowed"), [
    (None, set()),
    ("viewer", {access.VIEW}),
    ("author", {access.VIEW, access.WRITE_OBSERVATIONS}),
    ("steward", {access.VIEW, access.WRITE_OBSERVATIONS, access.MANAGE_DATA}),
    ("admin", {access.VIEW, access.WRITE_OBSERVATIONS, access.MANAGE_DATA, access.MANAGE_ACCESS}),
])
def test_each_role_may_what_the_roles_below_it_may(role, allowed):
    assert {p for p in access.PERMISSIONS if access.allows(role, p)} == allowed
    assert set(access.permissions_of(role)) == allowed


def test_groups_give_the_highest_mapped_role_else_the_default():
    config = config_from_dict(MAPPING)
    assert config.mode == "oidc"
    assert config.role_for(["kaikki", "katselijat"]) == "viewer"
    assert config.role_for(["katselijat", "AINEISTO "]) == "steward", "the highest wins; case and spaces ignored"
    assert config.role_for(["yllapito", "katselijat"]) == "admin"
    assert config.role_for(["muut"]) == "viewer", "a signed-in user in no mapped group is a viewer by default"
    assert config_from_dict({**MAPPING, "default_role": ""}).role_for(["muut"]) is None
    assert config.anonymous_role is None, "by default a visitor must sign in"


def test_a_single_group_may_be_written_as_a_string_and_the_mode_follows_the_header_section():
    config = config_from_dict({"roles": {"steward": "aineisto"}, "header": {"user": "X-User", "groups": "X-Groups"}})
    assert config.mode == "header" and config.roles["steward"] == ("aineisto",)
    assert config.header.user == "X-User" and config.header.groups == "X-Groups"


@pytest.mark.parametrize(("data", "code"), [
    ({"mode": "saml"}, "mode"),
    ({"roles": {"superuser": ["x"]}}, "role"),
    ({"default_role": "owner"}, "role"),
    ({"roles": {"viewer": [1, 2]}}, "groups"),
    ({"rolse": {}}, "setting"),
    ({"mode": "header", "header": {"user": " "}}, "header"),
])
def test_a_configuration_that_cannot_be_used_is_refused_with_a_reason(data, code):
    with pytest.raises(AccessError) as caught:
        config_from_dict(data, "access.toml")
    assert caught.value.code == code and "access.toml" in str(caught.value)


def test_the_configuration_file(tmp_path):
    path = tmp_path / "access.toml"
    path.write_text('mode = "oidc"\ngroups_claim = "roles"\n[roles]\nsteward = ["Data.Steward"]\n', encoding="utf-8")
    config = access.read_config(path)
    assert config.groups_claim == "roles" and config.role_for(["data.steward"]) == "steward"
    assert access.configured_path({access.ACCESS_ENV: str(path)}) == str(path)
    assert access.configured_path({}) is None
    path.write_text("mode = ", encoding="utf-8")
    with pytest.raises(AccessError) as caught:
        access.read_config(path)
    assert caught.value.code == "unreadable"
    with pytest.raises(AccessError):
        access.read_config(tmp_path / "missing.toml")


def test_identity_from_an_id_tokens_claims():
    config = config_from_dict(MAPPING)
    claims = {"is_logged_in": True, "sub": "abc", "name": "Aino Kirjoittaja", "email": "aino@example.fi",
              "groups": ["kirjoittajat"]}
    who = identity_from_claims(config, claims)
    assert who.signed_in and who.role == "author" and who.may(access.WRITE_OBSERVATIONS)
    assert not who.may(access.MANAGE_DATA)
    assert who.label == "Aino Kirjoittaja (aino@example.fi)"
    assert not identity_from_claims(config, {"is_logged_in": False}).signed_in
    assert identity_from_claims(config, {}).role is None
    assert identity_from_claims(config, {"email": "x@example.fi"}).role is None, "only a real sign-in counts"
    long_name = identity_from_claims(config, {**claims, "name": "N" * 70})
    assert long_name.label == "N" * 70, "an observation keeps at most 80 characters: the name without the e-mail"


def test_identity_from_trusted_headers():
    config = config_from_dict({**MAPPING, "header": {"user": "X-Forwarded-User", "groups": "X-Forwarded-Groups",
                                                     "email": "X-Forwarded-Email"}})
    who = identity_from_headers(config, {"x-forwarded-user": "sami", "X-Forwarded-Groups": "muut, aineisto",
                                         "X-Forwarded-Email": "sami@example.fi"})
    assert who.mode == "header" and who.signed_in and who.role == "steward" and who.label == "sami (sami@example.fi)"
    assert identity_from_headers(config, {"X-Forwarded-Groups": "yllapito"}).role is None, "no user, no role"


def test_open_mode_may_do_everything():
    who = access.open_identity()
    assert who.mode == "open" and not who.signed_in and all(who.may(p) for p in access.PERMISSIONS)
    assert access.OPEN == AccessConfig()


def test_paths_are_cut_out_of_a_message():
    message = "/srv/omavalvonta/data/incidents.parquet: file is missing; /srv/omavalvonta/data: the data directory"
    assert hide_paths(message, ["/srv/omavalvonta/data"]) == "incidents.parquet: file is missing; data: the data directory"


# --- the app (AppTest) ---------------------------------------------------------------------------------------

@pytest.fixture
def database(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "observations.sqlite3"
    monkeypatch.setenv(obs.DATABASE_ENV, str(path))
    monkeypatch.delenv(access.ACCESS_ENV, raising=False)
    return path


AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "a-secret-of-the-tests-0123456789",
        "client_id": "omavalvonta", "client_secret": "x", "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def plain(text: str) -> str:
    """Text without the invisible word joiners ``md_text`` puts into e-mail addresses (so they stay text)."""
    return text.replace("\u2060", "")


def app_as(user: dict | None, page: str = "app_pages/incidents.py", secrets: dict | None = None) -> AppTest:
    """The app run as ``user`` (the claims st.user holds; None: not signed in) under OIDC with ``MAPPING``."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets.update(secrets if secrets is not None else {"auth": AUTH, "access": MAPPING})
    at.user = {"is_logged_in": True, **user} if user else {"is_logged_in": False}
    at.query_params["period"] = "5-8/2024"
    at.run()
    if page and not at.exception and at.get("selectbox"):
        at.switch_page(page).run()
    return at


def test_open_mode_says_it_runs_without_sign_in_and_keeps_the_typed_name(database):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["period"] = "5-8/2024"
    at.run().switch_page("app_pages/incidents.py").run()
    assert not at.exception
    assert any("Sovellus toimii ilman kirjautumista" in i.value for i in at.sidebar.info)
    assert at.text_input(key="obs_add_trend_author"), "in open mode the form asks for a name"


def test_a_visitor_who_has_not_signed_in_sees_only_the_sign_in_page(database):
    at = app_as(None, page="")
    assert not at.exception
    assert [t.value for t in at.title] == ["Kirjaudu sisään"]
    assert at.button(key="signin_gate_in").label == "Kirjaudu sisään"
    assert not at.get("selectbox") and not at.get("metric"), "no filters, no figures"


def test_a_viewer_reads_observations_but_cannot_write_them(database):
    author = app_as({"sub": "a", "name": "Aino Kirjoittaja", "email": "aino@example.fi", "groups": ["kirjoittajat"]})
    assert not author.exception
    assert any("Aino Kirjoittaja (aino@example.fi) · kirjoittaja" in plain(c.value) for c in author.sidebar.caption)
    assert not [i for i in author.sidebar.info if "ilman kirjautumista" in i.value]
    assert any(plain(c.value) == "Tallennetaan nimellä Aino Kirjoittaja (aino@example.fi)." for c in author.caption)
    with pytest.raises(KeyError):
        author.text_input(key="obs_add_trend_author")  # a signed-in author types no name
    author.text_area(key="obs_add_trend_text").input("Kaatumiset lisääntyivät")
    [save] = [b for b in author.button if (b.key or "").startswith("obs_add_trend_save")]
    save.click().run()
    assert not author.exception and [s.value for s in author.success] == ["Havainto tallennettu."]
    [saved] = obs.Notebook(str(database)).of_period("Päijät-Hämeen hyvinvointialue", "5-8/2024")
    assert saved.author == "Aino Kirjoittaja (aino@example.fi)", "the signed-in identity, not a typed name"

    viewer = app_as({"sub": "v", "name": "Ville Katselija", "groups": ["katselijat"]})
    assert not viewer.exception
    assert any("Kaatumiset lisääntyivät" in m.value for m in viewer.markdown), "viewers read observations"
    assert not [b for b in viewer.button if (b.key or "").startswith("obs_")], "no form, no editor"
    with pytest.raises(KeyError):
        viewer.text_area(key="obs_add_trend_text")


def test_a_viewer_opening_the_data_page_script_itself_is_refused(database):
    at = app_as({"sub": "v", "name": "Ville Katselija", "groups": ["katselijat"]}, page="")
    assert not at.exception
    with pytest.raises(ValueError):
        at.switch_page("app_pages/data.py")  # the navigation does not hold the data page for a viewer
    steward = app_as({"sub": "s", "name": "Sami", "groups": ["aineisto"]}, page="app_pages/data.py")
    assert not steward.exception
    assert steward.get("file_uploader"), "a data steward gets the import"
    assert "5. Kuka saa tehdä mitä?" not in [h.value for h in steward.header], "the role mapping is for admins"
    admin = app_as({"sub": "y", "name": "Ylli", "groups": ["yllapito"]}, page="app_pages/data.py")
    assert "5. Kuka saa tehdä mitä?" in [h.value for h in admin.header]


def test_the_data_page_checks_the_role_itself(database):
    from analytics.core.scope import Scope
    from ui.context import Context

    at = AppTest.from_file(str(Path(APP).parent / "app_pages" / "data.py"), default_timeout=60)
    at.secrets.update({"auth": AUTH, "access": MAPPING})
    at.user = {"is_logged_in": True, "sub": "v", "name": "Ville", "groups": ["katselijat"]}
    at.session_state["_context"] = Context("fi", None, (), Scope(), None, ())
    at.run()
    assert not at.exception
    assert "vaatii roolin aineistovastaava" in at.warning[0].value
    assert not at.get("file_uploader") and not at.get("button") and not at.caption, "nothing of the page, no path"


def test_a_broken_configuration_lets_nobody_in(database):
    at = app_as({"sub": "y", "groups": ["yllapito"]}, page="", secrets={"auth": AUTH, "access": {"mode": "saml"}})
    assert not at.exception
    assert "mode = saml" in at.error[0].value and "Kukaan ei pääse" in at.error[0].value
    assert not at.get("selectbox")
