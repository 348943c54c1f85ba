"""A small OpenID Connect provider for the sign-in tests: the authorisation code flow with PKCE, RS256-signed ID
tokens carrying a ``groups`` claim (as Microsoft Entra ID's), on 127.0.0.1 in a thread of the test process.

    /.well-known/openid-configuration   the discovery document
    /choose?user=NAME                    remembers (in a cookie) who the next sign-in of this browser is
    /authorize                           approves at once, as the chosen user, and redirects back with a code
    /token                               the code (and the client's secret, and the PKCE verifier) for tokens
    /jwks                                the public key
    /userinfo                            the user's claims for a bearer access token
    /logout                              the end-session endpoint: redirects to post_logout_redirect_uri

Users are ``USERS``: name → claims. Nothing is persisted; codes are single use.
"""
from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "omavalvonta-tests"
CLIENT_SECRET = "not-a-real-secret-but-long-enough"
USER_COOKIE = "oidc_test_login_as"
GROUPS = {"viewer": "omavalvonta-katselijat", "author": "omavalvonta-kirjoittajat",
          "steward": "omavalvonta-aineistovastaavat", "admin": "omavalvonta-yllapito"}
"""The groups the tests map to roles (in Entra ID these would be the groups' object ids)."""
USERS = {
    "viewer": {"sub": "u-viewer", "name": "Ville Katselija", "email": "ville.katselija@example.fi",
               "groups": ["kaikki-tyontekijat", GROUPS["viewer"]]},
    "author": {"sub": "u-author", "name": "Aino Kirjoittaja", "email": "aino.kirjoittaja@example.fi",
               "groups": [GROUPS["viewer"], GROUPS["author"]]},
    "steward": {"sub": "u-steward", "name": "Sami Aineistovastaava", "email": "sami.aineisto@example.fi",
                "groups": [GROUPS["steward"]]},
    "outsider": {"sub": "u-outsider", "name": "Olli Ulkopuolinen", "email": "olli@example.org", "groups": []},
}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class Provider:
    """The provider's state: its key, the codes and tokens it has issued, and its server."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig", "alg": "RS256"})
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.default_user = "viewer"
        self.sign_ins: list[str] = []
        """The users signed in, in order (the tests check that the flow really went through here)."""
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="oidc-provider", daemon=True)

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "name", "email", "groups"],
        }

    def id_token(self, user: str, nonce: str | None) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "nbf": now, "exp": now + 3600, **USERS[user]}
        if nonce:
            claims["nonce"] = nonce
        return jwt.encode({"alg": "RS256", "kid": self.key.kid, "typ": "JWT"}, claims, self.key)

    def start(self) -> Provider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler_for(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _send(self, status: int, body: dict | str = "", headers: dict | None = None) -> None:
            data = json.dumps(body).encode() if isinstance(body, dict) else body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if isinstance(body, dict) else "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _redirect(self, location: str, headers: dict | None = None) -> None:
            self._send(302, "", {"Location": location, **(headers or {})})

        def do_GET(self) -> None:  # noqa: N802
            url = urlparse(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._send(200, provider.metadata())
            elif url.path == "/jwks":
                self._send(200, {"keys": [provider.key.as_dict(private=False)]})
            elif url.path == "/choose":
                user = query.get("user", "")
                if user not in USERS:
                    self._send(400, f"unknown user {user!r}")
                    return
                self._send(200, f"next sign-in: {user}", {"Set-Cookie": f"{USER_COOKIE}={user}; Path=/; SameSite=Lax"})
            elif url.path == "/authorize":
                self._authorize(query)
            elif url.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ").strip()
                with provider.lock:
                    user = provider.access_tokens.get(token)
                if user is None:
                    self._send(401, {"error": "invalid_token"})
                else:
                    self._send(200, USERS[user["user"]])
            elif url.path == "/logout":
                self._redirect(query.get("post_logout_redirect_uri") or "/")
            else:
                self._send(404, "not found")

        def _authorize(self, query: dict) -> None:
            if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                self._send(400, "bad client_id or response_type")
                return
            if "openid" not in query.get("scope", "").split():
                self._send(400, "the scope must include openid")
                return
            cookie = SimpleCookie(self.headers.get("Cookie", ""))
            user = cookie[USER_COOKIE].value if USER_COOKIE in cookie else provider.default_user
            code = secrets.token_urlsafe(24)
            with provider.lock:
                provider.codes[code] = {"user": user, "nonce": query.get("nonce"), "redirect_uri": query.get("redirect_uri"),
                                        "challenge": query.get("code_challenge"),
                                        "method": query.get("code_challenge_method")}
            back = {"code": code}
            if "state" in query:
                back["state"] = query["state"]
            separator = "&" if "?" in query["redirect_uri"] else "?"
            self._redirect(query["redirect_uri"] + separator + urlencode(back))

        def do_POST(self) -> None:  # noqa: N802
            if urlparse(self.path).path != "/token":
                self._send(404, "not found")
                return
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            client_id, client_secret = form.get("client_id"), form.get("client_secret")
            basic = self.headers.get("Authorization", "")
            if basic.startswith("Basic "):
                from urllib.parse import unquote
                pair = base64.b64decode(basic[6:]).decode()
                client_id, _, client_secret = (unquote(x) for x in pair.partition(":"))
            if client_id != CLIENT_ID or client_secret != CLIENT_SECRET:
                self._send(401, {"error": "invalid_client"})
                return
            if form.get("grant_type") != "authorization_code":
                self._send(400, {"error": "unsupported_grant_type"})
                return
            with provider.lock:
                grant = provider.codes.pop(form.get("code", ""), None)
            if grant is None or grant["redirect_uri"] != form.get("redirect_uri"):
                self._send(400, {"error": "invalid_grant"})
                return
            if grant["challenge"]:
                verifier = form.get("code_verifier", "")
                if grant["method"] != "S256" or _b64(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]:
                    self._send(400, {"error": "invalid_grant", "error_description": "PKCE verification failed"})
                    return
            access_token = secrets.token_urlsafe(24)
            with provider.lock:
                provider.access_tokens[access_token] = {"user": grant["user"]}
                provider.sign_ins.append(grant["user"])
            self._send(200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 3600,
                             "id_token": provider.id_token(grant["user"], grant["nonce"]), "scope": "openid email profile"})

    return Handler
