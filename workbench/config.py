"""Settings from flags, environment and an optional workbench.toml, in that order of precedence."""

from __future__ import annotations

import base64
import os
import re
import tomllib
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import WorkbenchError

DEFAULT_DB = Path("db") / "workbench.db"
CONFIG_NAME = "workbench.toml"


def project_root(start: Path | None = None) -> Path | None:
    """The project a command runs in, found the way git finds a repository: the nearest folder, from
    the current one upwards, that holds a workbench.toml or a db/workbench.db (None when none does)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file() or (folder / DEFAULT_DB).is_file():
            return folder
    return None


def db_path(flag: str | os.PathLike | None = None) -> Path:
    """The database to use: --db, then WORKBENCH_DB, then the project's db/workbench.db (see
    `project_root`), else db/workbench.db in the current folder."""
    if flag:
        return Path(flag)
    env = os.environ.get("WORKBENCH_DB")
    if env:
        return Path(env)
    root = project_root()
    return root / DEFAULT_DB if root is not None and root != Path.cwd().resolve() else DEFAULT_DB


def is_default_db(path: Path) -> bool:
    """The database is where workbench puts it by default (its db/ folder is ours to make)."""
    root = project_root()
    return path == DEFAULT_DB or (root is not None and path == root / DEFAULT_DB)


def config_path() -> Path:
    """workbench.toml: WORKBENCH_CONFIG, else the project's (see `project_root`), else the current folder's."""
    env = os.environ.get("WORKBENCH_CONFIG")
    if env:
        return Path(env)
    root = project_root()
    return root / CONFIG_NAME if root is not None else Path(CONFIG_NAME)


def load_toml(path: Path | None = None) -> dict:
    """Read workbench.toml (WORKBENCH_CONFIG, else the project's) if there is one."""
    path = path or config_path()
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        try:
            return tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise WorkbenchError(f"{path}: not valid TOML ({exc})") from None


@dataclass
class SegmentationSettings:
    """How paragraphs are cut into sentences."""

    break_on_semicolon: bool = False


@dataclass
class MqmSettings:
    """`[mqm]` in workbench.toml: penalty points per severity and the pass threshold of the MQM score
    (score = 100 − penalty points per 100 target words; a document passes at or above the threshold)."""

    minor: float = 1.0
    major: float = 5.0
    critical: float = 25.0
    pass_threshold: float = 90.0

    @classmethod
    def load(cls, raw: dict | None = None) -> MqmSettings:
        raw = (load_toml() if raw is None else raw).get("mqm", {})
        out = cls()
        for name in ("minor", "major", "critical", "pass_threshold"):
            if name in raw:
                value = raw[name]
                points = name != "pass_threshold"  # a score may go below zero, penalty points may not
                if isinstance(value, bool) or not isinstance(value, (int, float)) or (points and value < 0):
                    raise WorkbenchError(f"workbench.toml: [mqm] {name} must be a number{' ≥ 0' if points else ''}, "
                                         f"not {value!r}")
                setattr(out, name, float(value))
        return out

    @property
    def penalties(self) -> dict[str, float]:
        return {"minor": self.minor, "major": self.major, "critical": self.critical}


@dataclass
class Settings:
    segmentation: SegmentationSettings = field(default_factory=SegmentationSettings)
    raw: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        raw = load_toml(path)
        seg = raw.get("segmentation", {})
        semicolon = seg.get("break_on_semicolon", False)
        if not isinstance(semicolon, bool):  # "false" in quotes would otherwise count as true
            raise WorkbenchError(f"workbench.toml: [segmentation] break_on_semicolon must be true or false, "
                                 f"not {semicolon!r}")
        return cls(segmentation=SegmentationSettings(break_on_semicolon=semicolon), raw=raw)


# ---------------------------------------------------------------------------------------------
# Drafting endpoint: flags > environment > workbench.toml [draft] > defaults.
# The API key is read from the environment only (OPENAI_API_KEY, or the variable named by
# [draft] api_key_env), never from workbench.toml, so it cannot end up in a versioned file.

NO_KEY = "no-key-configured"  # the SDK insists on some string; a local server ignores it
DEFAULT_BASE_URL = "https://api.openai.com/v1"

# user:password@ after the scheme (up to the last @ before any query: a password may hold an unescaped /)
_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*:)?//(?P<userinfo>[^?#]*)@")
# query parameters that carry a secret by their name (?api_key=…, &token=…, &sig=…)
_SECRET_QUERY = re.compile(r"([?&])([^=&#]*(?:key|token|secret|pass|sig|auth|cred)[^=&#]*)=([^&#]*)", re.I)


def safe_url(url: str) -> str:
    """A URL as it may be shown, logged or stored: no user name or password, no secret query values.

    Every message, dry run, cache key and table that names an endpoint goes through this one function.
    Works on malformed URLs too, since those end up in error messages.
    """
    return _SECRET_QUERY.sub(lambda m: f"{m.group(1)}{m.group(2)}=[hidden]", _without_userinfo(str(url)))


def _without_userinfo(url: str) -> str:
    return _USERINFO.sub(lambda m: (m.group("scheme") or "") + "//", url, count=1)


def url_secrets(url: str | None) -> list[str]:
    """The secret parts of a URL (user name, password, secret query values), for scrubbing messages."""
    if not url:
        return []
    out = []
    m = _USERINFO.match(url)
    if m:
        user, _, password = m.group("userinfo").partition(":")
        out += [x for x in (password, urllib.parse.unquote(password)) if len(x) >= 4]
        out += [x for x in (user, urllib.parse.unquote(user)) if len(x) >= 8]  # a token as the user name
    out += [v for v in (q.group(3) for q in _SECRET_QUERY.finditer(url)) if len(v) >= 4]
    return sorted(set(out), key=len, reverse=True)


@dataclass
class DraftSettings:
    base_url: str | None = None
    model: str = "gpt-4o-mini"
    batch_size: int = 20
    concurrency: int = 8
    timeout: float = 60.0
    max_retries: int = 2
    price_in: float | None = None  # per million prompt tokens
    price_out: float | None = None  # per million completion tokens
    api_key: str | None = field(default=None, repr=False)
    # one line for stderr when workbench.toml decides where the key goes (see draft_settings)
    notice: str | None = field(default=None, repr=False)

    @property
    def priced(self) -> bool:
        """A price is configured, so costs can be given (without one they are unknown, not zero)."""
        return self.price_in is not None or self.price_out is not None

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float | None:
        """What these tokens cost at the configured prices (per million), or None without a price."""
        if not self.priced:
            return None
        return (prompt_tokens * (self.price_in or 0) + completion_tokens * (self.price_out or 0)) / 1_000_000

    @property
    def configured(self) -> bool:
        return bool(self.api_key or self.base_url)

    @property
    def endpoint(self) -> str:
        """How the endpoint is shown and remembered (messages, dry run, the `endpoints` table): the base
        URL without credentials, never the key."""
        return safe_url((self.base_url or DEFAULT_BASE_URL).rstrip("/"))

    def key_for_sdk(self) -> str:
        return self.api_key or NO_KEY

    def sdk_base_url(self) -> str:
        """The base URL handed to the SDK: without user:password, which would otherwise appear in the
        HTTP client's log lines and error messages (they travel as a header instead: `sdk_headers`)."""
        return _without_userinfo(self.base_url or DEFAULT_BASE_URL)

    def sdk_headers(self) -> dict[str, str] | None:
        """user:password from the base URL as HTTP Basic auth, as the HTTP client would have sent it."""
        m = _USERINFO.match(self.base_url or "")
        if not m:
            return None
        user, _, password = (urllib.parse.unquote(x) for x in m.group("userinfo").partition(":"))
        return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")}

    def secrets(self) -> list[str]:
        """Everything that must never be shown: the key and the base URL's credentials."""
        return [x for x in [self.api_key, *url_secrets(self.base_url)] if x]

    def require_endpoint(self) -> None:
        if not self.configured:
            raise WorkbenchError(
                "no drafting endpoint configured: set OPENAI_API_KEY (and WORKBENCH_MODEL) for OpenAI, or "
                "OPENAI_BASE_URL (or --base-url) for a local or other OpenAI-compatible server; "
                "`workbench demo` runs offline"
            )


def check_base_url(url, source: str = "base URL") -> None:
    """Refuse a base URL the HTTP client cannot use, with one line naming where it came from.

    Checked before anything is stored: a malformed URL would otherwise fail deep inside the HTTP
    stack mid-run (a long traceback) instead of being reported as the input mistake it is.
    """
    if not isinstance(url, str):
        raise WorkbenchError(f"{source} must be a URL in quotes, not {url!r}")
    shown = safe_url(url)
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError as exc:
        raise WorkbenchError(f"{source} {shown!r} is not a valid URL ({exc})") from None
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise WorkbenchError(f"{source} {shown!r} is not a valid URL: the port must be a number from 1 to 65535")
    if parts.scheme not in ("http", "https"):
        raise WorkbenchError(f"{source} {shown!r} is not a valid URL: it must start with http:// or https://")
    host = parts.hostname or ""
    if not host or any(c.isspace() for c in host):
        raise WorkbenchError(f"{source} {shown!r} is not a valid URL: no valid host name")
    if ":" not in host:  # not an IPv6 literal: the name must be encodable as DNS labels
        try:
            host.encode("idna")
        except UnicodeError:
            raise WorkbenchError(f"{source} {shown!r} is not a valid URL: no valid host name") from None


def draft_settings(flags: dict | None = None, raw: dict | None = None) -> DraftSettings:
    """Resolve the drafting endpoint; `flags` holds command-line values (None = not given)."""
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    toml = (raw if raw is not None else load_toml()).get("draft", {})
    s = DraftSettings()
    key_from = _key_variable(toml)
    s.api_key = os.environ.get(key_from) or None
    s.base_url, source = _base_url(flags, toml)
    if s.base_url is not None:
        check_base_url(s.base_url, source)
    base_from_toml = source == _TOML_BASE_URL
    if base_from_toml or key_from != "OPENAI_API_KEY":
        s.notice = _toml_notice(s, base_from_toml, key_from)
    s.model = flags.get("model") or os.environ.get("WORKBENCH_MODEL") or toml.get("model") or s.model
    _set_numbers(s, flags, toml)
    if s.batch_size < 1 or s.concurrency < 1 or s.timeout <= 0:
        raise WorkbenchError("batch size, concurrency and timeout must be positive")
    return s


def _key_variable(toml: dict) -> str:
    """Where the API key is read from: the variable workbench.toml's api_key_env names when it is set, else OPENAI_API_KEY."""
    key_env = toml.get("api_key_env", "OPENAI_API_KEY")
    if not isinstance(key_env, str) or not key_env:
        raise WorkbenchError(f"workbench.toml: [draft] api_key_env must name an environment variable, not {key_env!r}")
    return key_env if os.environ.get(key_env) else "OPENAI_API_KEY"


_TOML_BASE_URL = "workbench.toml [draft] base_url"


def _base_url(flags: dict, toml: dict) -> tuple[str | None, str | None]:
    """The base URL and the setting it came from (named in messages): the first given of --base-url,
    OPENAI_BASE_URL and workbench.toml; (None, None) for OpenAI's own endpoint."""
    for value, source in ((flags.get("base_url"), "--base-url"), (os.environ.get("OPENAI_BASE_URL"), "OPENAI_BASE_URL"),
                          (toml.get("base_url"), _TOML_BASE_URL)):
        if value:
            return value, source
    return None, None


# The numeric settings and their types; each from the command line, else WORKBENCH_<NAME>, else workbench.toml.
_NUMBERS = (("batch_size", int), ("concurrency", int), ("timeout", float), ("max_retries", int),
            ("price_in", float), ("price_out", float))


def _set_numbers(s: DraftSettings, flags: dict, toml: dict) -> None:
    for name, cast in _NUMBERS:
        value = flags.get(name, os.environ.get(f"WORKBENCH_{name.upper()}", toml.get(name)))
        if value is not None:
            try:
                setattr(s, name, cast(value))
            except (TypeError, ValueError):
                raise WorkbenchError(f"{name} must be a number, not {value!r}") from None


def _toml_notice(s: DraftSettings, base_from_toml: bool, key_from: str) -> str:
    """Say that workbench.toml, not the environment, decides where the key is sent: a folder cloned from
    someone else could otherwise send your key to its server. Names only, never the key."""
    path = os.environ.get("WORKBENCH_CONFIG", "workbench.toml")
    chosen = []
    if base_from_toml:
        chosen.append(f"base_url = {s.endpoint} (OPENAI_BASE_URL is not set)")
    if key_from != "OPENAI_API_KEY":
        chosen.append(f"api_key_env = {key_from} (not OPENAI_API_KEY)")
    sent = f"the key in ${key_from} is sent to {s.endpoint}" if s.api_key else f"no key is sent to {s.endpoint}"
    return f"note: {path} sets {' and '.join(chosen)}: {sent}"


# The least fuzzy-match percentage offered (matches, review, drafts): --minimum > workbench.toml
# [memory] minimum > 75. Checked (1–100) where it is used: workbench.memory.matches.check_minimum.
DEFAULT_MEMORY_MINIMUM = 75


def memory_minimum(flag: int | None = None, raw: dict | None = None) -> int:
    if flag is not None:
        return flag
    section = (raw if raw is not None else load_toml()).get("memory", {})
    return section.get("minimum", DEFAULT_MEMORY_MINIMUM) if isinstance(section, dict) else DEFAULT_MEMORY_MINIMUM
