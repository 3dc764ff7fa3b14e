"""A loopback OpenAI-compatible server for tests, benchmarks and offline trials (127.0.0.1 only).

Speaks enough of the protocol for the openai SDK: POST /v1/chat/completions, and for the batch path
POST /v1/files, GET /v1/files/{id}/content, POST /v1/batches, GET /v1/batches/{id}.

Assessment requests (task "mqm", see assess_prompt) get `assess(source, translation)`, as deterministic.

Its "translation" is deterministic and derivable from the source, so a test can check that every
draft landed on its own segment: `translate(source, terms)` = "EN[<sha1 of the source, 10 hex>]"
followed by the targets of the glossary terms (sent in the request) that occur in the source, and the
source's markup placeholders in order (an "x" inside each pair).

Faults are queued and each one is used by the next chat request: see FAULTS.
"""

from __future__ import annotations

import collections
import hashlib
import json
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from workbench.drafting.prompts import (
    estimate_prompt_tokens,
    estimate_tokens,
    request_key,
)
from workbench.markup import PLACEHOLDER
from workbench.mqm import CATEGORIES, SEVERITIES

FAULTS = (
    "429",  # Too Many Requests with Retry-After (seconds: `retry_after`)
    "500",  # Internal Server Error
    "hang",  # answer only after `hang_seconds` (past the client's timeout)
    "malformed",  # content is not JSON
    "merged",  # the first two segments merged into one entry
    "missing",  # the last entry left out
    "extra",  # one entry with an id that was not asked for
    "swapped",  # the first two ids swapped
    "duplicated",  # the first entry twice (and the last left out)
    "commentary",  # prose around the JSON
    "echo",  # the first segment's source copied back as its translation
    "chinese",  # Chinese left in the first translation
    "refusal",  # a refusal instead of translations
    "length",  # truncated JSON with finish_reason "length"
    # assessment requests only (a translation request ignores them):
    "span-missing",  # the first entry gains a span that is not in its translation
    "bad-category",  # … a span with a category outside the MQM typology
    "bad-severity",  # … a span with an unknown severity
    "markup-lost",  # the first translation drops its first markup placeholder
)


def translate(source: str, terms: list[dict] | None = None) -> str:
    tag = hashlib.sha1(source.encode("utf-8")).hexdigest()[:10]
    words = [t["target"] for t in (terms or []) if t["source"] in source]
    marks = "".join(m.group(0) + ("x" if not (m.group(1) or m.group(3)) else "") for m in PLACEHOLDER.finditer(source))
    return " ".join([f"EN[{tag}]", *words, *([marks] if marks else [])]) + "."


class Loopback:
    """Start with `.start()` (or as a context manager); `.url` is the base URL for the SDK."""

    def __init__(self, *, latency: float = 0.0, faults=(), retry_after: float = 1, hang_seconds: float = 2.0,
                 reject_json_schema: bool = False, reject_json_object: bool = False, models: set | None = None,
                 api_key: str | None = None, omit_terms: bool = False, echo_always=(), merge_always: bool = False,
                 port: int = 0, reply_model: str | None = None, omit_model: bool = False):
        self.latency = latency
        self.faults: collections.deque = collections.deque(faults)
        self.retry_after = retry_after
        self.hang_seconds = hang_seconds
        self.reject_json_schema = reject_json_schema
        self.reject_json_object = reject_json_object
        self.reject_status = 500  # how a rejected response_format is answered: 500, or 400 naming the model
        self.models = models
        self.api_key = api_key
        self.omit_terms = omit_terms  # leave glossary targets out unless the request is a repair
        self.echo_always = set(echo_always)  # sources always copied back (a segment that never drafts)
        self.merge_always = merge_always  # any request with 2+ segments gets two of them merged
        self.reply_model = reply_model  # the model a reply names (None: the one requested, as most servers do)
        self.omit_model = omit_model  # replies name no model at all
        self.gate = threading.Event()  # see hold()
        self._hold_left = 0
        self.paid: collections.Counter = collections.Counter()  # request key → replies with HTTP 200
        self.log: list[dict] = []  # every chat request: time, key, fault, status, ids
        self.authorizations: collections.Counter = collections.Counter()  # Authorization header → HTTP requests
        self.inflight = 0
        self.max_inflight = 0
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict] = {}
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", port), _handler(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> Loopback:
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.gate.set()  # let held requests go
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def hold(self, n: int) -> threading.Event:
        """Keep the next n chat requests in flight until the returned event is set; later ones pass."""
        with self._lock:
            self.gate.clear()
            self._hold_left = n
        return self.gate

    def add_faults(self, *faults: str) -> None:
        for f in faults:
            assert f in FAULTS, f
            self.faults.append(f)

    @property
    def chat_requests(self) -> list[dict]:
        return [e for e in self.log if e["status"] == 200]

    # -- chat completions ----------------------------------------------------------------------

    def chat(self, body: dict, auth: str | None) -> tuple[int, dict, dict]:
        """(status, headers, JSON body) for one chat request."""
        key = request_key(body)
        refused = self._refusal(body, auth, key)
        if refused is not None:
            return refused
        with self._lock:
            fault = self.faults.popleft() if self.faults else None
        payload = json.loads(body["messages"][-1]["content"])
        if fault is None and self.merge_always and len(payload["segments"]) > 1:
            fault = "merged"
        failed = self._server_fault(fault, key)
        if failed is not None:
            return failed
        segments = payload["segments"]
        if payload.get("task") == "mqm":
            answers = [{"id": x["id"], "errors": assess(x["source"], x["translation"])} for x in segments]
            content, finish = _apply_fault(fault, answers, segments, "assessments")
        else:
            content, finish = _apply_fault(fault, self._translations(payload), segments)
        prompt = estimate_prompt_tokens(body)
        if fault != "hang":
            self._record(key, fault, 200, [s["id"] for s in segments], payload)
            with self._lock:
                self.paid[key] += 1
        return 200, {}, self._completion(body, key, content, finish, prompt, fault)

    def _refusal(self, body: dict, auth: str | None, key: str) -> tuple[int, dict, dict] | None:
        """The error reply for a request the endpoint refuses before any work: key, model, response_format."""
        if self.api_key is not None and auth != f"Bearer {self.api_key}":
            given = (auth or "").removeprefix("Bearer ")
            masked = given[:3] + "*" * 10 + given[-4:] if len(given) > 8 else "***"
            return 401, {}, _error(f"Incorrect API key provided: {masked}. You can find your API key at "
                                   "https://platform.openai.com/account/api-keys.", "invalid_api_key")
        if self.models is not None and body.get("model") not in self.models:
            return 404, {}, _error(f"The model `{body.get('model')}` does not exist or you do not have access "
                                   "to it.", "model_not_found")
        fmt = (body.get("response_format") or {}).get("type")
        if (fmt == "json_schema" and self.reject_json_schema) or (fmt == "json_object" and self.reject_json_object):
            self._record(key, None, self.reject_status, [])
            if self.reject_status == 400:
                return 400, {}, _error(f"response_format {fmt} is not supported by this model", "invalid_request_error")
            return 500, {}, _error("Internal error while processing response_format", "server_error")
        return None

    def _server_fault(self, fault: str | None, key: str) -> tuple[int, dict, dict] | None:
        """The error reply of a 429 or 500 fault; a hang sleeps here, then answers like any request."""
        if fault == "429":
            self._record(key, fault, 429, [])
            return 429, {"Retry-After": f"{self.retry_after:g}"}, _error("Rate limit reached", "rate_limit_exceeded")
        if fault == "500":
            self._record(key, fault, 500, [])
            return 500, {}, _error("The server had an error while processing your request.", "server_error")
        if fault == "hang":  # logged now; its late answer goes to a client that gave up: not paid
            self._record(key, fault, 0, [])
            time.sleep(self.hang_seconds)
        return None

    def _translations(self, payload: dict) -> list[dict]:
        """The correct answer: each segment's derivable translation (its source, for those in `echo_always`)."""
        terms = payload.get("terms", [])
        if self.omit_terms and "repair" not in payload:
            terms = []
        return [{"id": s["id"], "text": s["source"] if s["source"] in self.echo_always else translate(s["source"], terms)}
                for s in payload["segments"]]

    def _completion(self, body: dict, key: str, content: str, finish: str, prompt: int, fault: str | None) -> dict:
        """The chat.completion object around the reply's content."""
        message = {"role": "assistant", "content": content, "refusal": None}
        if fault == "refusal":
            message = {"role": "assistant", "content": None, "refusal": "I'm sorry, I can't help with that."}
        reply = {
            "id": f"chatcmpl-{key[:12]}", "object": "chat.completion", "created": int(time.time()),
            "model": self.reply_model or body.get("model"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": estimate_tokens(content or ""),
                      "total_tokens": prompt + estimate_tokens(content or "")},
        }
        if self.omit_model:
            del reply["model"]
        return reply

    def _record(self, key, fault, status, ids, payload=None) -> None:
        with self._lock:
            self.log.append({"at": time.monotonic(), "key": key, "fault": fault, "status": status, "ids": ids,
                             "payload": payload})

    # -- files and batches (processed at once, so a poll finds them completed) -------------------

    def create_file(self, data: bytes, purpose: str) -> dict:
        with self._lock:
            fid = f"file-{len(self.files) + 1}"
            self.files[fid] = data
        return {"id": fid, "object": "file", "bytes": len(data), "created_at": int(time.time()),
                "filename": "batch.jsonl", "purpose": purpose, "status": "processed"}

    def create_batch(self, body: dict) -> dict:
        lines_out = []
        for raw in self.files[body["input_file_id"]].decode("utf-8").splitlines():
            if not raw.strip():
                continue
            line = json.loads(raw)
            status, _, reply = self.chat(line["body"], f"Bearer {self.api_key}" if self.api_key else None)
            lines_out.append({"id": f"batch_req_{len(lines_out) + 1}", "custom_id": line["custom_id"],
                              "response": {"status_code": status, "request_id": "req", "body": reply},
                              "error": None})
        out = self.create_file("\n".join(json.dumps(x, ensure_ascii=False) for x in lines_out).encode(), "batch_output")
        with self._lock:
            bid = f"batch_{len(self.batches) + 1}"
            self.batches[bid] = {
                "id": bid, "object": "batch", "endpoint": body["endpoint"], "input_file_id": body["input_file_id"],
                "completion_window": body.get("completion_window", "24h"), "status": "completed",
                "output_file_id": out["id"], "error_file_id": None, "created_at": int(time.time()),
                "request_counts": {"total": len(lines_out), "completed": len(lines_out), "failed": 0},
            }
        return self.batches[bid]


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # the default backlog of 5 drops SYNs when many clients connect at once (1 s stall)


def _error(message: str, code: str) -> dict:
    return {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": code}}


def _apply_fault(fault: str | None, items: list[dict], segments: list[dict], key: str = "translations"
                 ) -> tuple[str, str]:
    """The reply's content for the correct `items` (translations, or assessments) spoiled by `fault`."""
    finish = "stop"
    if key == "translations":
        items = _spoil_translations(fault, items, segments)
    else:
        items = _spoil_assessments(fault, items)
    content = json.dumps({key: items}, ensure_ascii=False)
    if fault == "malformed":
        content = "{" + key + ": [" + content[len(key) + 6:]
    elif fault == "commentary":
        content = f"Here are the {key} you asked for:\n" + content + "\nLet me know if you need more."
    elif fault == "length":
        content, finish = content[: len(content) // 2], "length"
    return content, finish


def _misalign(fault: str | None, items: list[dict], merge, extra: dict) -> list[dict] | None:
    """The faults that break the id list (the same for every kind of request); None for other faults."""
    if fault == "merged" and len(items) > 1:
        return [merge(items[0], items[1]), *items[2:]]
    if fault == "missing":
        return items[:-1]
    if fault == "extra":
        return [*items, extra]
    if fault == "swapped" and len(items) > 1:
        return [{**items[0], "id": items[1]["id"]}, {**items[1], "id": items[0]["id"]}, *items[2:]]
    if fault == "duplicated":
        return [items[0], *items[:-1]]
    return None


def _spoil_translations(fault: str | None, items: list[dict], segments: list[dict]) -> list[dict]:
    merged = _misalign(fault, items, lambda a, b: {"id": a["id"], "text": a["text"] + " " + b["text"]},
                       {"id": 987654321, "text": "An extra sentence."})
    if merged is not None:
        return merged
    if fault == "echo":
        return [{"id": items[0]["id"], "text": segments[0]["source"]}, *items[1:]]
    if fault == "chinese":
        return [{"id": items[0]["id"], "text": items[0]["text"] + " 经济"}, *items[1:]]
    if fault == "markup-lost":
        return [{"id": items[0]["id"], "text": PLACEHOLDER.sub("", items[0]["text"], count=1)}, *items[1:]]
    return items


_BAD_SPAN = {"span-missing": {"span": "words that are not in the translation"},
             "bad-category": {"category": "accuracy"}, "bad-severity": {"severity": "severe"}}


def _spoil_assessments(fault: str | None, items: list[dict]) -> list[dict]:
    merged = _misalign(fault, items, lambda a, b: {"id": a["id"], "errors": a["errors"] + b["errors"]},
                       {"id": 987654321, "errors": []})
    if merged is not None:
        return merged
    if fault in _BAD_SPAN:
        bad = {"span": "EN", "category": "style", "severity": "minor", "explanation": "loopback fault",
               **_BAD_SPAN[fault]}
        return [{"id": items[0]["id"], "errors": [*items[0]["errors"], bad]}, *items[1:]]
    return items


def assess(source: str, translation: str) -> list[dict]:
    """The loopback's MQM "assessment": derived from the texts alone (a hash), so a test can predict it.
    A third of the translations get no error; the others one span (a word of the translation) and, now
    and then, an omission (the first two characters of the source). Not a judgement of anything."""
    h = int(hashlib.sha1(f"{source}\n{translation}".encode()).hexdigest(), 16)
    words = translation.split()
    if h % 3 == 0 or not words:
        return []
    targets = [c for c in CATEGORIES if c != "accuracy/omission"]
    category = targets[(h >> 8) % len(targets)]
    severity = SEVERITIES[(h >> 16) % len(SEVERITIES)]
    out = [{"span": words[(h >> 24) % len(words)], "category": category, "severity": severity,
            "explanation": f"loopback {category}"}]
    if h % 5 == 0 and len(source) >= 2:
        out.append({"span": source[:2], "category": "accuracy/omission", "severity": "major",
                    "explanation": "loopback omission"})
    return out


def _handler(server: Loopback):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stall

        def log_message(self, *args):  # quiet: tests read the server's own log instead
            pass

        def _send(self, status: int, body, headers: dict | None = None, raw: bytes | None = None):
            data = raw if raw is not None else json.dumps(body, ensure_ascii=False).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json" if raw is None else "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a hung request past its timeout)

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _count_authorization(self):
            with server._lock:
                server.authorizations[self.headers.get("Authorization")] += 1

        def do_POST(self):
            self._count_authorization()
            data = self._body()
            path = self.path.split("?")[0].rstrip("/")
            if path.endswith("/chat/completions"):
                with server._lock:
                    server.inflight += 1
                    server.max_inflight = max(server.max_inflight, server.inflight)
                    held = server._hold_left > 0
                    server._hold_left -= held
                try:
                    if held:
                        server.gate.wait()
                    if server.latency:
                        time.sleep(server.latency)
                    status, headers, body = server.chat(json.loads(data), self.headers.get("Authorization"))
                finally:
                    with server._lock:
                        server.inflight -= 1
                self._send(status, body, headers)
            elif path.endswith("/files"):
                content, purpose = _multipart(self.headers.get("Content-Type", ""), data)
                self._send(200, server.create_file(content, purpose))
            elif path.endswith("/batches"):
                self._send(200, server.create_batch(json.loads(data)))
            else:
                self._send(404, _error(f"no route {path}", "not_found"))

        def do_GET(self):
            self._count_authorization()
            parts = self.path.split("?")[0].rstrip("/").split("/")
            if len(parts) >= 3 and parts[-3] == "files" and parts[-1] == "content":
                self._send(200, None, raw=server.files.get(parts[-2], b""))
            elif len(parts) >= 2 and parts[-2] == "batches" and parts[-1] in server.batches:
                self._send(200, server.batches[parts[-1]])
            else:
                self._send(404, _error(f"no route {self.path}", "not_found"))

    return Handler


def _multipart(content_type: str, data: bytes) -> tuple[bytes, str]:
    """(file bytes, purpose) from a multipart/form-data upload."""
    msg = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + data)
    content, purpose = b"", "batch"
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name == "file":
            content = part.get_payload(decode=True) or b""
        elif name == "purpose":
            purpose = (part.get_payload(decode=True) or b"batch").decode()
    return content, purpose

