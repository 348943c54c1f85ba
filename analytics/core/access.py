"""Who may do what: roles, the mapping of an identity provider's groups to roles, and each role's permissions.

Pure Python (no Streamlit): the sign-in glue (``ui/signin.py``) reads the signed-in user's claims or the
trusted headers and asks this module for the role and whether an action is allowed.

Roles, each allowed what the ones before it are:

    viewer    the figures, the observations (read only) and the downloads
    author    also adds, edits, closes and reopens observations and development actions
    steward   also imports, replaces and undoes data tables, and sees the server's paths (data folder,
              observation database) and the import log
    admin     also sees who may do what (the role mapping) on the data page

Modes (and, apart from them, a public read-only deployment: ``OMAVALVONTA_PUBLIC=1``, see ``public_mode``):

    open      no configuration: everyone may do everything, as on a laptop (the sidebar says so)
    oidc      sign-in through an OpenID Connect provider (Streamlit's ``st.login``; ``[auth]`` in secrets.toml)
    header    a reverse proxy in front signs users in and passes the user (and groups) in trusted headers

The configuration is a TOML file named by ``OMAVALVONTA_ACCESS`` (or the ``[access]`` section of Streamlit's
secrets), for example::

    mode = "oidc"                 # or "header"; left out: "header" if there is a [header] section, else "oidc"
    groups_claim = "groups"       # the ID token's claim that lists the user's groups (Entra ID: "groups")
    provider = ""                 # the provider's name in [auth.<name>] of secrets.toml ("" = [auth] itself)
    default_role = "viewer"       # the role of a signed-in user in none of the groups below ("" = none)
    anonymous_role = ""           # the role of a visitor who has not signed in ("" = must sign in first)

    [roles]                       # group (Entra ID: the group's object id) → role; the highest role wins
    viewer = ["…"]
    author = ["…"]
    steward = ["…"]
    admin = ["…"]

    [header]                      # header mode only: the headers the proxy sets (and strips from clients)
    user = "X-Forwarded-User"
    groups = "X-Forwarded-Groups" # optional; groups separated by `separator`
    name = "X-Forwarded-Name"     # optional
    email = "X-Forwarded-Email"   # optional
    separator = ","
"""
from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ACCESS_ENV = "OMAVALVONTA_ACCESS"
"""Names the TOML file of the sign-in mode and the role mapping."""
PUBLIC_ENV = "OMAVALVONTA_PUBLIC"
"""``1`` for a public read-only deployment: the brief's pages only, for everyone, without sign-in (``public_mode``)."""

ROLES: tuple[str, ...] = ("viewer", "author", "steward", "admin")
"""From the fewest permissions to the most; each role may do what the ones before it may."""
MODES: tuple[str, ...] = ("open", "oidc", "header")

VIEW = "view"
"""See the figures, observations (read only) and downloads."""
WRITE_OBSERVATIONS = "write_observations"
"""Add, edit, close and reopen observations and development actions."""
MANAGE_DATA = "manage_data"
"""Import, replace and undo data tables; see the server's paths and the import log."""
MANAGE_ACCESS = "manage_access"
"""See the role mapping."""

PERMISSIONS: dict[str, str] = {
    VIEW: "viewer",
    WRITE_OBSERVATIONS: "author",
    MANAGE_DATA: "steward",
    MANAGE_ACCESS: "admin",
}
"""Each permission → the lowest role that has it."""

MAX_LABEL = 80
"""The longest name an observation records (``observations.MAX_NAME``)."""


class AccessError(ValueError):
    """A sign-in configuration that cannot be used; ``code`` and ``values`` let a page say it in its own
    language (``access.error.<code>``)."""

    def __init__(self, message: str, code: str, **values: object):
        super().__init__(message)
        self.code = code
        self.values = values


def role_rank(role: str | None) -> int:
    """0 for no role, then 1 (viewer) … 4 (admin)."""
    return ROLES.index(role) + 1 if role in ROLES else 0


def allows(role: str | None, permission: str) -> bool:
    """Whether ``role`` (None: no role) has ``permission``."""
    if permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")
    return role_rank(role) >= role_rank(PERMISSIONS[permission])


def permissions_of(role: str | None) -> tuple[str, ...]:
    """The permissions ``role`` has, in the order of ``PERMISSIONS``."""
    return tuple(p for p in PERMISSIONS if allows(role, p))


@dataclass(frozen=True)
class HeaderNames:
    """The request headers a trusted reverse proxy sets (header mode)."""

    user: str = "X-Forwarded-User"
    groups: str = ""
    name: str = ""
    email: str = ""
    separator: str = ","


@dataclass(frozen=True)
class AccessConfig:
    """The sign-in mode and the role mapping."""

    mode: str = "open"
    roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """role → the groups that give it."""
    default_role: str | None = "viewer"
    anonymous_role: str | None = None
    groups_claim: str = "groups"
    header: HeaderNames = field(default_factory=HeaderNames)
    provider: str = ""
    """The provider's name in ``[auth.<name>]`` of secrets.toml; "" for the one configured in ``[auth]`` itself."""
    source: str = ""
    """Where the configuration came from (a file, or Streamlit's secrets), for messages."""

    def role_for(self, groups: Iterable[str]) -> str | None:
        """The highest role any of ``groups`` gives (compared without case and surrounding spaces, as Entra ID
        object ids may be written either way), else the default role of a signed-in user."""
        have = {g.strip().lower() for g in groups if isinstance(g, str)}
        best: str | None = None
        for role in ROLES:
            if have & {g.strip().lower() for g in self.roles.get(role, ())}:
                best = role
        return best if best is not None else self.default_role


OPEN = AccessConfig()
"""No configuration: the app as on a laptop."""


def _role_value(value: object, key: str, source: str) -> str | None:
    if value in (None, ""):
        return None
    if value not in ROLES:
        raise AccessError(f"{source}: {key} = {value!r} is not a role; use one of {', '.join(ROLES)} or \"\".",
                          "role", source=source, key=key, value=value, roles=", ".join(ROLES))
    return str(value)


def config_from_dict(data: Mapping, source: str = "") -> AccessConfig:
    """The configuration from parsed TOML (a file, or the ``[access]`` section of Streamlit's secrets)."""
    known = {"mode", "roles", "default_role", "anonymous_role", "groups_claim", "header", "provider"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise AccessError(f"{source}: unknown setting {unknown[0]!r}; the settings are {', '.join(sorted(known))}.",
                          "setting", source=source, key=unknown[0], known=", ".join(sorted(known)))
    header_data = data.get("header") or {}
    mode = data.get("mode") or ("header" if header_data else "oidc")
    if mode not in MODES:
        raise AccessError(f"{source}: mode = {mode!r}; use one of {', '.join(MODES)}.", "mode", source=source,
                          value=mode, modes=", ".join(MODES))
    roles: dict[str, tuple[str, ...]] = {}
    for role, groups in (data.get("roles") or {}).items():
        _role_value(role, "[roles]", source)
        if isinstance(groups, str):
            groups = [groups]
        if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
            raise AccessError(f"{source}: [roles] {role} must be a list of group names or ids.", "groups",
                              source=source, role=role)
        roles[role] = tuple(g for g in groups if g.strip())
    if mode == "header":
        names = {k: str(v) for k, v in header_data.items() if k in HeaderNames.__dataclass_fields__}
        header = HeaderNames(**names)
        if not header.user.strip():
            raise AccessError(f"{source}: header mode needs [header] user, the header that names the user.",
                              "header", source=source)
    else:
        header = HeaderNames()
    return AccessConfig(mode=mode, roles=roles,
                        default_role=_role_value(data.get("default_role", "viewer"), "default_role", source),
                        anonymous_role=_role_value(data.get("anonymous_role", ""), "anonymous_role", source),
                        groups_claim=str(data.get("groups_claim") or "groups"), header=header,
                        provider=str(data.get("provider") or ""), source=source)


def read_config(path: str | Path) -> AccessConfig:
    """The configuration in the TOML file ``path``."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AccessError(f"{path}: cannot be read ({exc.strerror or exc}).", "unreadable", source=str(path),
                          reason=exc.strerror or str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise AccessError(f"{path}: not valid TOML ({exc}).", "unreadable", source=str(path), reason=str(exc)) from None
    return config_from_dict(data, str(path))


def configured_path(environ: Mapping[str, str] | None = None) -> str | None:
    """The configuration file ``OMAVALVONTA_ACCESS`` names, if any."""
    value = (os.environ if environ is None else environ).get(ACCESS_ENV, "").strip()
    return value or None


@dataclass(frozen=True)
class Identity:
    """Who is using the app and with which role (None: no role, must sign in)."""

    mode: str
    role: str | None
    signed_in: bool = False
    subject: str = ""
    name: str = ""
    email: str = ""
    groups: tuple[str, ...] = ()

    def may(self, permission: str) -> bool:
        return allows(self.role, permission)

    @property
    def label(self) -> str:
        """The name an observation records: "Name (e-mail)", else whichever there is, at most 80 characters."""
        name, email = self.name.strip(), self.email.strip()
        both = f"{name} ({email})" if name and email and name != email else ""
        for candidate in (both, name, email, self.subject.strip()):
            if candidate and len(candidate) <= MAX_LABEL:
                return candidate
        return (name or email or self.subject)[:MAX_LABEL]


def public_mode() -> bool:
    """Is this a public read-only deployment (``OMAVALVONTA_PUBLIC=1``): only the pages marked public (the
    condensed brief), the whole county's figures only, nothing to edit, no data page, no unit-level view,
    whatever the address asks for; nobody signs in."""
    return os.environ.get(PUBLIC_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def public_identity() -> Identity:
    """Everyone in a public deployment: a viewer, never signed in."""
    return Identity(mode="public", role=ROLES[0])


def open_identity() -> Identity:
    """Everyone in open mode: all permissions, no sign-in."""
    return Identity(mode="open", role=ROLES[-1])


def _groups_of(value: object, separator: str = ",") -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(g.strip() for g in value.split(separator) if g.strip())
    if isinstance(value, (list, tuple)):
        return tuple(str(g).strip() for g in value if str(g).strip())
    return ()


def identity_from_claims(config: AccessConfig, claims: Mapping | None) -> Identity:
    """The identity of an OpenID Connect user from the ID token's claims (``st.user``); not signed in when
    ``claims`` is empty or says so."""
    if not claims or claims.get("is_logged_in") is not True or not (claims.get("sub") or claims.get("email")):
        return Identity(mode="oidc", role=config.anonymous_role)
    groups = _groups_of(claims.get(config.groups_claim))
    name = str(claims.get("name") or "")
    email = str(claims.get("email") or claims.get("preferred_username") or "")
    return Identity(mode="oidc", role=config.role_for(groups), signed_in=True, subject=str(claims.get("sub") or ""),
                    name=name, email=email, groups=groups)


def identity_from_headers(config: AccessConfig, headers: Mapping[str, str] | None) -> Identity:
    """The identity a trusted reverse proxy passed in request headers (matched without case)."""
    lowered = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
    names = config.header

    def value(header: str) -> str:
        return lowered.get(header.lower(), "").strip() if header else ""

    user = value(names.user)
    if not user:
        return Identity(mode="header", role=config.anonymous_role)
    groups = _groups_of(value(names.groups), names.separator or ",")
    email = value(names.email) or (user if "@" in user else "")
    return Identity(mode="header", role=config.role_for(groups), signed_in=True, subject=user,
                    name=value(names.name) or user, email=email, groups=groups)


def hide_paths(text: str, paths: Iterable[str | Path]) -> str:
    """``text`` with each of ``paths`` (a folder or a file) cut out, so that a message names a file by its own
    name (``incidents.parquet``) without telling where on the server it is."""
    for path in sorted({str(p) for p in paths if str(p) not in ("", ".")}, key=len, reverse=True):
        folder = path.rstrip("/\\")
        text = text.replace(folder + "/", "").replace(folder + "\\", "").replace(folder, Path(folder).name or "…")
    return text
