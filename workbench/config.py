"""Settings from flags, environment and an optional workbench.toml, in that order of precedence."""

from __future__ import annotations

import os
import tomllib
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from workbench.errors import WorkbenchError

DEFAULT_DB = Path("db") / "workbench.db"


def db_path(flag: str | os.PathLike | None = None) -> Path:
    """The database to use: --db, then WORKBENCH_DB, then db/workbench.db."""
    if flag:
        return Path(flag)
    env = os.environ.get("WORKBENCH_DB")
    if env:
        return Path(env)
    return DEFAULT_DB


def load_toml(path: Path | None = None) -> dict:
    """Read workbench.toml (current folder, or WORKBENCH_CONFIG) if there is one."""
    path = path or Path(os.environ.get("WORKBENCH_CONFIG", "workbench.toml"))
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
class Settings:
    segmentation: SegmentationSettings = field(default_factory=SegmentationSettings)
    raw: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> "Settings":
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
        """How the endpoint is remembered (the `endpoints` table): the base URL, never the key."""
        return (self.base_url or "https://api.openai.com/v1").rstrip("/")

    def key_for_sdk(self) -> str:
        return self.api_key or NO_KEY

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
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError as exc:
        raise WorkbenchError(f"{source} {url!r} is not a valid URL ({exc})") from None
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        raise WorkbenchError(f"{source} {url!r} is not a valid URL: the port must be a number from 1 to 65535")
    if parts.scheme not in ("http", "https"):
        raise WorkbenchError(f"{source} {url!r} is not a valid URL: it must start with http:// or https://")
    host = parts.hostname or ""
    if not host or any(c.isspace() for c in host):
        raise WorkbenchError(f"{source} {url!r} is not a valid URL: no valid host name")
    if ":" not in host:  # not an IPv6 literal: the name must be encodable as DNS labels
        try:
            host.encode("idna")
        except UnicodeError:
            raise WorkbenchError(f"{source} {url!r} is not a valid URL: no valid host name") from None


def draft_settings(flags: dict | None = None, raw: dict | None = None) -> DraftSettings:
    """Resolve the drafting endpoint; `flags` holds command-line values (None = not given)."""
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    toml = (raw if raw is not None else load_toml()).get("draft", {})
    env = os.environ
    key_env = toml.get("api_key_env", "OPENAI_API_KEY")
    s = DraftSettings()
    s.api_key = env.get(key_env) or env.get("OPENAI_API_KEY") or None
    s.base_url = flags.get("base_url") or env.get("OPENAI_BASE_URL") or toml.get("base_url") or None
    if s.base_url is not None:
        source = ("--base-url" if flags.get("base_url") else "OPENAI_BASE_URL" if env.get("OPENAI_BASE_URL")
                  else "workbench.toml [draft] base_url")
        check_base_url(s.base_url, source)
    s.model = flags.get("model") or env.get("WORKBENCH_MODEL") or toml.get("model") or s.model
    for name, cast in (("batch_size", int), ("concurrency", int), ("timeout", float), ("max_retries", int),
                       ("price_in", float), ("price_out", float)):
        value = flags.get(name, env.get(f"WORKBENCH_{name.upper()}", toml.get(name)))
        if value is not None:
            try:
                setattr(s, name, cast(value))
            except (TypeError, ValueError):
                raise WorkbenchError(f"{name} must be a number, not {value!r}") from None
    if s.batch_size < 1 or s.concurrency < 1 or s.timeout <= 0:
        raise WorkbenchError("batch size, concurrency and timeout must be positive")
    return s
