"""Talking to an OpenAI-compatible endpoint through the openai SDK, and what its errors mean for us.

The SDK does the transport work: retries with exponential back-off on 408/409/429/5xx and timeouts,
honouring Retry-After (and retry-after-ms). Here each remaining error becomes one of:
`Unsupported` (the endpoint rejects this response_format), `RequestFailed` (retry, split or give up
on these segments), or `Fatal` (stop the whole run: unreachable, key refused, model rejected).
The API key is only ever handed to the SDK; every message that leaves this module is scrubbed.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING

from workbench.config import DraftSettings, safe_url
from workbench.drafting.validate import shorten
from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    import openai


class Fatal(WorkbenchError):
    """The run cannot go on (nothing more will be stored); what was drafted stays."""


class RequestFailed(Exception):
    """This request did not produce a reply; the segments may be retried, split or marked failed.

    `splittable`: whether smaller requests may succeed where this one failed (a timeout: a long
    reply from a slow model), unlike an endpoint that answers with errors.
    """

    def __init__(self, message: str, splittable: bool = False):
        super().__init__(message)
        self.splittable = splittable


class Unsupported(Exception):
    """The endpoint answered a structured-output request with an error: try the next response mode."""


def sdk():
    """The openai package, imported the first time drafting or assessment needs it (it costs ~0.8 s of CPU,
    which `workbench --help`, `documents` and every other command do not pay)."""
    import openai  # noqa: PLC0415 - openai loads only where an endpoint is spoken to: the CLI starts fast

    return openai


def make_client(settings: DraftSettings) -> openai.AsyncOpenAI:
    return _made(sdk().AsyncOpenAI, settings)


def make_sync_client(settings: DraftSettings) -> openai.OpenAI:
    return _made(sdk().OpenAI, settings)


def _made(cls, settings: DraftSettings):
    try:
        return cls(api_key=settings.key_for_sdk(), base_url=settings.sdk_base_url(), timeout=settings.timeout,
                   max_retries=settings.max_retries, default_headers=settings.sdk_headers())
    except Exception as exc:  # noqa: BLE001 - the SDK refuses a base URL it cannot parse
        raise Fatal(f"the drafting endpoint {settings.endpoint!r} is not a usable URL: {scrub(exc, settings)}"
                    " (check OPENAI_BASE_URL / --base-url)") from None


_KEYLIKE = re.compile(r"\bsk-[A-Za-z0-9_\-\*\.]{3,}")
_MASKED = re.compile(r"\S*\*{3,}\S*")
_URL = re.compile(r"\b[A-Za-z][A-Za-z0-9+.\-]*://\S+")


def scrub(text: str, settings: DraftSettings | None = None) -> str:
    """Remove the API key, the base URL's credentials (and anything that looks like a key, even masked,
    or like user:password@ in any URL) from a message."""
    text = str(text)
    if settings:
        if settings.base_url:
            text = text.replace(settings.base_url, settings.endpoint)
        for secret in settings.secrets():
            text = text.replace(secret, "[key]")
        key = settings.api_key
        if key and len(key) > 8:  # servers echo keys partly masked: sk-ab***wxyz
            text = text.replace(key[:6], "[key]").replace(key[-4:], "[key]")
    text = _URL.sub(lambda m: safe_url(m.group(0)), text)
    text = _KEYLIKE.sub("[key]", text)
    return _MASKED.sub("[key]", text)


def _message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
        if isinstance(body.get("message"), str):
            return body["message"]
    return exc.message or f"HTTP {exc.status_code}"


def _reply(resp) -> dict:
    choice = resp.choices[0] if resp.choices else None
    message = choice.message if choice else None
    usage = resp.usage
    return {
        "content": (message.content if message else None) or "",
        "refusal": getattr(message, "refusal", None) if message else None,
        "finish_reason": choice.finish_reason if choice else None,
        "usage": {"prompt_tokens": getattr(usage, "prompt_tokens", 0) or 0,
                  "completion_tokens": getattr(usage, "completion_tokens", 0) or 0},
        "model": getattr(resp, "model", None) or None,  # absent from some servers' replies
    }


async def complete(client: openai.AsyncOpenAI, params: dict, settings: DraftSettings, *, probe: bool = False) -> dict:
    """One chat completion → {"content", "refusal", "finish_reason", "usage", "model"}."""
    caller = client.with_options(max_retries=0) if probe else client
    openai = sdk()
    attempts = 0
    while True:
        try:
            resp = await caller.chat.completions.create(**params)
        except openai.RateLimitError as exc:
            if probe and attempts < settings.max_retries + 3:
                # without SDK retries during a probe, wait as the endpoint asks and ask again
                attempts += 1
                await asyncio.sleep(_retry_after(exc))
                continue
            raise RequestFailed(f"rate limited by the endpoint (429) after {settings.max_retries} retries") from None
        except openai.APITimeoutError:
            raise RequestFailed(f"no reply within {settings.timeout:g} s", splittable=True) from None
        except openai.APIConnectionError as exc:
            raise Fatal(
                f"cannot reach the drafting endpoint {settings.endpoint}: {scrub(exc.__cause__ or exc, settings)}"
                " (check OPENAI_BASE_URL / --base-url; drafts already stored are kept and a rerun resumes)"
            ) from None
        except openai.APIStatusError as exc:
            raise _classify(exc, params, settings, probe) from None
        except openai.OpenAIError as exc:  # any other SDK error: this request failed, say why in one line
            raise RequestFailed(f"endpoint error: {shorten(scrub(exc, settings))}") from None
        except Exception as exc:  # noqa: BLE001
            # the HTTP stack lets some errors through unwrapped (a port out of range, a host name that is
            # not valid DNS): still the endpoint's address, so one line and a stopped run, not a traceback
            raise Fatal(f"cannot send requests to the drafting endpoint {settings.endpoint}: "
                        f"{scrub(exc, settings) or type(exc).__name__} (check OPENAI_BASE_URL / --base-url)") from None
        return _reply(resp)


def _classify(exc: openai.APIStatusError, params: dict, settings: DraftSettings, probe: bool) -> Exception:
    status = exc.status_code
    text = shorten(scrub(_message(exc), settings))
    if status in (401, 403):
        return Fatal(f"the endpoint refused the API key (HTTP {status}): {text} — check OPENAI_API_KEY")
    # while probing, a 400 that mentions the model may be about response_format ("not supported by this
    # model"): the plain-mode request then tells the two apart
    if status == 404 or (status == 400 and "model" in text.lower() and not probe):
        return Fatal(f"the endpoint rejected model {params['model']!r} (HTTP {status}): {text} — "
                     "set --model or WORKBENCH_MODEL")
    if probe:
        return Unsupported(f"HTTP {status}: {text}")
    return RequestFailed(f"endpoint error (HTTP {status}): {text}")


def _retry_after(exc: openai.APIStatusError) -> float:
    headers = exc.response.headers if exc.response is not None else {}
    try:
        if headers.get("retry-after-ms"):
            return min(float(headers["retry-after-ms"]) / 1000, 60)
        return min(float(headers.get("retry-after", 1)), 60)
    except ValueError:
        return 1.0
