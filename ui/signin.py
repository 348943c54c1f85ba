"""Sign-in glue: who is using the app and with which role, from Streamlit's OpenID Connect sign-in (``st.login``,
``st.user``) or from the headers of a trusted reverse proxy; the sidebar's sign-in block, the sign-in page and
the refusal shown in place of a page the role may not open. Not a page.

What each role may do, the group → role mapping and the modes live in ``analytics.core.access``; this module only
reads Streamlit's state and draws.
"""
from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit import config as streamlit_config
from streamlit.errors import StreamlitSecretNotFoundError

from analytics.core import access
from analytics.text.i18n import md_text, t

SECRETS_SECTION = "access"
"""The section of Streamlit's secrets that may hold the configuration instead of the ``OMAVALVONTA_ACCESS`` file."""


@st.cache_resource(max_entries=4, show_spinner=False)
def _read(path: str, modified: float) -> access.AccessConfig:
    """The configuration file, read again when it changes."""
    return access.read_config(path)


@functools.lru_cache(maxsize=1)
def _secrets_files() -> tuple[str, ...]:
    """Where Streamlit looks for secrets (its option is computed anew on every read)."""
    return tuple(os.path.expanduser(path) for path in streamlit_config.get_option("secrets.files"))


def _secrets() -> dict:
    """Streamlit's secrets as a plain dict (empty when there are none). Without a secrets file, Streamlit looks
    for one (and parses its paths) on every call, and every chart's observation form asks who is signing: look
    whether one exists first."""
    loaded = getattr(st.secrets, "_secrets", None) is not None  # parsed already (or given, as AppTest does)
    if not loaded and not any(os.path.exists(path) for path in _secrets_files()):
        return {}
    try:
        if hasattr(st.secrets, "load_if_toml_exists") and not st.secrets.load_if_toml_exists():
            return {}
        return {key: (value.to_dict() if hasattr(value, "to_dict") else value) for key, value in st.secrets.items()}
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        return {}


def config() -> access.AccessConfig:
    """The sign-in configuration: the file ``OMAVALVONTA_ACCESS`` names, else the ``[access]`` section of the
    secrets; with neither, an ``[auth]`` section alone means OpenID Connect with every signed-in user a viewer;
    with nothing, open mode. Raises ``AccessError`` for a configuration that cannot be used."""
    secrets = _secrets()
    path = access.configured_path()
    if path:
        try:
            modified = os.stat(path).st_mtime
        except OSError:
            modified = 0.0
        found = _read(path, modified)
    elif SECRETS_SECTION in secrets:
        found = access.config_from_dict(secrets[SECRETS_SECTION], f"secrets.toml [{SECRETS_SECTION}]")
    elif "auth" in secrets:
        found = access.config_from_dict({}, "secrets.toml [auth]")
    else:
        return access.OPEN
    if found.mode == "oidc" and "auth" not in secrets:
        raise access.AccessError(f"{found.source}: OpenID Connect sign-in needs an [auth] section in "
                                 ".streamlit/secrets.toml.", "no_auth", source=found.source)
    return found


def _trusted_headers(names: access.HeaderNames) -> dict[str, str]:
    """The configured headers of this session's request; a header that came more than once is not trusted."""
    headers = st.context.headers
    out = {}
    for name in (names.user, names.groups, names.name, names.email):
        if name:
            values = headers.get_all(name) if hasattr(headers, "get_all") else [headers.get(name)]
            values = [v for v in values if v is not None]
            out[name] = values[0] if len(values) == 1 else ""
    return out


def current() -> access.Identity:
    """Who is using the app now. Raises ``AccessError`` for a configuration that cannot be used."""
    if access.public_mode():
        return access.public_identity()
    found = config()
    if found.mode == "open":
        return access.open_identity()
    if found.mode == "header":
        return access.identity_from_headers(found, _trusted_headers(found.header))
    return access.identity_from_claims(found, st.user.to_dict() if hasattr(st.user, "to_dict") else dict(st.user))


def may(permission: str) -> bool:
    """Whether the current user has ``permission`` (nobody has any while the configuration is broken)."""
    try:
        return current().may(permission)
    except access.AccessError:
        return False


def author() -> str | None:
    """The name an observation records for a signed-in user; None in open mode (the form asks for a name)."""
    try:
        who = current()
    except access.AccessError:
        return None
    return who.label if who.signed_in else None


def role_name(role: str | None, lang: str) -> str:
    return t(f"role.{role}", lang) if role else t("role.none", lang)


def error_text(exc: access.AccessError, lang: str) -> str:
    """The configuration problem in the user's language (the file's path only for those who may see it:
    nobody can, while the configuration is broken, so it is named by its file name)."""
    folder = Path(str(exc.values.get("source", ""))).parent
    values = {k: access.hide_paths(str(v), [folder]) for k, v in exc.values.items()}
    return t(f"access.error.{exc.code}", lang, **values)


def identity(lang: str) -> access.Identity:
    """The current identity for app.py; a configuration that cannot be used stops the app with the reason
    (nobody gets in rather than everybody)."""
    try:
        return current()
    except access.AccessError as exc:
        st.navigation([st.Page(lambda: None, title=t("signin.title", lang), url_path="kirjaudu")], position="hidden")
        st.error(error_text(exc, lang), icon=":material/lock:")
        st.stop()


def _sign_in_button(found: access.AccessConfig, lang: str, key: str, primary: bool = False) -> None:
    if st.button(t("signin.sign_in", lang), key=key, icon=":material/login:",
                 type="primary" if primary else "secondary"):
        st.login(found.provider or None)


def gate(who: access.Identity, lang: str) -> None:
    """For a visitor without a role: a page that asks to sign in (or says that the role is missing), and
    nothing else: no figures, no filters, no other page. Stops the run."""
    def sign_in_page() -> None:
        st.title(t("signin.title", lang))
        found = config()
        if who.signed_in:
            st.warning(t("signin.no_role", lang, who=md_text(who.label)), icon=":material/lock:")
            if found.mode == "oidc":
                st.button(t("signin.sign_out", lang), key="signin_gate_out", icon=":material/logout:",
                          on_click=st.logout)
        elif found.mode == "header":
            st.warning(t("signin.proxy_missing", lang), icon=":material/lock:")
        else:
            st.info(t("signin.please", lang), icon=":material/lock:")
            _sign_in_button(found, lang, "signin_gate_in", primary=True)

    st.navigation([st.Page(sign_in_page, title=t("signin.title", lang), url_path="kirjaudu", default=True)],
                  position="hidden").run()
    st.stop()


def guarded(page: st.Page, who: access.Identity, permission: str, lang: str) -> st.Page:
    """``page`` if the user has ``permission``; else a page at the same address, not in the menu, that says
    which role it needs (so that opening the link by hand shows why, not the page)."""
    if who.may(permission):
        return page
    needed = access.PERMISSIONS[permission]

    def refused() -> None:
        st.title(page.title)
        st.warning(t("signin.needs_role", lang, role=role_name(needed, lang), current=role_name(who.role, lang)),
                   icon=":material/lock:")
        if who.mode == "oidc" and not who.signed_in:
            _sign_in_button(config(), lang, "signin_refused_in", primary=True)

    return st.Page(refused, title=page.title, icon=page.icon, url_path=page.url_path, visibility="hidden")


def require(permission: str, lang: str) -> None:
    """Stop the page here unless the user has ``permission`` (a page's own check, behind the navigation's)."""
    if not may(permission):
        st.warning(t("signin.needs_role", lang, role=role_name(access.PERMISSIONS[permission], lang),
                     current=role_name(_role_or_none(), lang)), icon=":material/lock:")
        st.stop()


def _role_or_none() -> str | None:
    try:
        return current().role
    except access.AccessError:
        return None


def sidebar(who: access.Identity, lang: str) -> None:
    """Who is signed in and with which role, and the sign-in or sign-out button; in open mode, a notice that the
    app runs without sign-in."""
    bar = st.sidebar
    if who.mode == "open":
        bar.info(t("signin.open_mode", lang), icon=":material/lock_open:")
        return
    if who.mode == "public":
        bar.caption(":material/public: " + t("public.notice", lang))
        return
    with bar.container(key="signin_box"):
        if who.signed_in:
            st.caption(f":material/person: {md_text(who.label)} · {role_name(who.role, lang)}")
            if who.mode == "oidc":
                st.button(t("signin.sign_out", lang), key="signin_out", icon=":material/logout:", on_click=st.logout)
        else:
            st.caption(f":material/person_off: {t('signin.anonymous', lang)} · {role_name(who.role, lang)}")
            if who.mode == "oidc":
                _sign_in_button(config(), lang, "signin_in")


def visible_paths(text: str, paths: Iterable[str | Path]) -> str:
    """``text`` as it is for those who may see the server's paths (data stewards, admins, open mode), else with
    ``paths`` cut out."""
    return text if may(access.MANAGE_DATA) else access.hide_paths(text, paths)


def access_table(lang: str) -> pd.DataFrame:
    """Who may do what: each role, the groups that give it and what it may do (for admins)."""
    found = config()
    rows = []
    for role in access.ROLES:
        groups = ", ".join(found.roles.get(role, ()))
        if role == found.default_role:
            groups = ", ".join(filter(None, [groups, t("signin.default_role", lang)]))
        rows.append({t("signin.col.role", lang): role_name(role, lang),
                     t("signin.col.groups", lang): groups or "–",
                     t("signin.col.may", lang): ", ".join(t(f"permission.{p}", lang)
                                                         for p in access.permissions_of(role))})
    return pd.DataFrame(rows)
