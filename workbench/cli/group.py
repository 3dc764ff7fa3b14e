"""The `workbench` command group's machinery, kept light so `workbench --help` starts fast: the area
modules (cli/documents.py, cli/drafting.py, …) and the library they import load only when one of their
commands runs. The group lists every command from COMMANDS without importing them (a test checks that
COMMANDS says what the commands' own help says)."""

from __future__ import annotations

import errno
import importlib
import inspect
import re
import sys

import click

from workbench.display import visible
from workbench.storage import discard_if_blank

# command → (area module under workbench.cli, the first sentence of its help), in the order of the
# workflow (the order `workbench --help` lists them in). A command an area adds without a line here
# still runs (every area is then loaded to find it); tests/cli/test_group.py fails until it is listed.
COMMANDS: dict[str, tuple[str, str]] = {
    "import": ("documents", (
        "Import Chinese text or Markdown files (UTF-8, UTF-8 with BOM, GB18030/GBK, Big5/HKSCS, UTF-16 with BOM), saved "
        "web pages (.html: their main text), Word files (.docx), XLIFF 1.2/2.0 and TMX."
    )),
    "documents": ("documents", (
        "List the documents with where each stands: segments, drafted, failed drafts, reviewed, flagged, QA errors and "
        "the last activity (import, draft or review; times in UTC); --json also says how many segments are left out of "
        "the excerpt. With DOC: show (or, with --set, change) that document's metadata."
    )),
    "segments": ("documents", (
        "Show a document's segments: position, status, source, draft, target, jieba words, glossary hits, alternative "
        "drafts and the risk that the current text is wrong (with its reasons)."
    )),
    "info": ("documents", "Where the database is and what it holds, and how drafting is configured (the key masked)."),
    "delete": ("documents", "Delete DOCUMENT (id, title or file name) with its segments, drafts, reviews and history."),
    "glossary": ("glossary", "Keep the glossary: import, list, add and export terms."),
    "tm": ("memory", (
        "The translation memory: every reviewed segment of every document, plus named memories imported from TMX files."
    )),
    "matches": ("memory", (
        "The translation memory's best matches for one segment: score (101 context, 100 exact, else fuzzy), where each "
        "comes from, and what differs in its source ([brackets])."
    )),
    "concordance": ("memory", (
        "Find a word or phrase in the sources and targets of every document and memory, each hit in its sentence with "
        "the translation beside it."
    )),
    "draft": ("drafting", "Draft English for documents' segments through an OpenAI-compatible endpoint."),
    "serve-loopback": ("drafting", "Run the loopback OpenAI-compatible test server (fake, deterministic \"translations\") until Ctrl-C."),
    "assess": ("assess", (
        "Ask the endpoint for an MQM annotation of each segment's current draft: error spans with a category, a "
        "severity and an explanation (stored per draft; an empty answer means no error found)."
    )),
    "annotate": ("assess", (
        "Mark an error span of your own on segment POSITION (MQM category and severity); it counts in the report's MQM "
        "score and is recorded in the segment's history."
    )),
    "review": ("review", "Open the review session on DOCUMENT (id, title or file name) in the terminal."),
    "accept": ("review", "Accept the draft of segment POSITION as its target (status reviewed), or save --text as the target."),
    "flag": ("review", "Flag segment POSITION of DOCUMENT with a note (status flagged; the target is kept)."),
    "undo": ("review", "Undo the last decision on segment POSITION (restored from the revision history)."),
    "signoff": ("review", "Sign off the reviewed segments of DOCUMENT: their status becomes final (XLIFF 2.0)."),
    "exclude": ("excerpts", (
        "Leave segments of DOC out of the published excerpt: they are not drafted, checked or counted as unreviewed, "
        "and an md export shows a left-out run as one \"[…]\" paragraph. Recorded in the history."
    )),
    "include": ("excerpts", "Take left-out segments of DOC back into the excerpt (their decisions were kept)."),
    "note": ("excerpts", (
        "Attach the editor's note to segment POSITION of DOC: a footnote of the English article (md export and compiled "
        "post) and an XLIFF <note>. A note on a left-out segment is published only while the segment is included."
    )),
    "check": ("qa", (
        "Check each segment's current text (the reviewed target, else the draft): glossary terms, numbers, untranslated "
        "Chinese, punctuation, consistency and length; as warnings, source words and names with no counterpart in the "
        "English and, with alternative drafts, where the models disagree (coverage-missing, name-missing, "
        "models-disagree)."
    )),
    "export": ("publish", (
        "Export document DOC (id or title) as Markdown, bilingual Markdown/HTML, TMX 1.4, XLIFF 2.0 or 1.2, JSONL or "
        "Word (docx), or compile several documents into one post (--compile)."
    )),
    "report": ("publish", (
        "Progress, post-editing effort (sacrebleu BLEU/chrF/TER of draft against final), term accuracy, QA issues in "
        "drafts and final text, and review pace of document DOC."
    )),
    "score": ("publish", "Score a test set: corpus BLEU, chrF and TER of HYP against REF (sacrebleu), and term accuracy."),
    "demo": ("demo", (
        "Try the workbench offline on a bundled sample: a Chinese commentary on the H200 export decision, the seed "
        "glossary and recorded drafts (prepared for the demo, not a model run), some with typical machine-translation "
        "faults for the QA checks to catch."
    )),
}
AREAS = ("documents", "glossary", "memory", "drafting", "assess", "review", "excerpts", "qa", "publish", "demo")


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Every line the CLI prints: file names, titles, sources, drafts, terms and messages may hold
    escape sequences (from a file, or injected by a model), so control characters are shown visibly."""
    click.echo(visible(text, tabs=True), err=err, nl=nl)


def keep_examples(text: str | None) -> str | None:
    """Click rewraps help paragraphs; the lines after "Example:" are commands to copy, so mark each
    of their paragraphs with click's no-rewrap marker (\\b) to keep them as written."""
    if not text or "Example:" not in text:
        return text
    head, tail = inspect.cleandoc(text).split("Example:", 1)
    paragraphs = [p.rstrip() for p in re.split(r"\n[ \t]*\n", tail) if p.strip()]
    return head + "Example:\n\n" + "\n\n".join(p if p.lstrip().startswith("\b") else "\b\n" + p for p in paragraphs)


class WorkbenchCommand(click.Command):
    """A command whose examples keep their lines."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.help = keep_examples(self.help)


# A database this process created for the current command: removed again if the command fails
# before storing anything, so bad input leaves no stray empty database behind.
_created: list = []


class WorkbenchGroup(click.Group):
    """Lists commands in the order they were added (the order of the workflow); its commands keep
    their examples' lines. Usage mistakes are one line, like every other error."""

    command_class = WorkbenchCommand

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.help = keep_examples(self.help)

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        _created.clear()
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None else ""
            echo(f"Error: {exc.format_message()}{hint}", err=True)
            _discard_created()
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            echo(f"Error: {exc.format_message()}", err=True)
            _discard_created()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except MemoryError:
            # Whatever was being written is rolled back (transactions) or never renamed into place (outputs).
            _fail("out of memory: the command stopped and nothing was saved (the database is as it was)")
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                raise
            _fail(f"the disk is full{_where(exc)}: the command stopped and nothing was saved (the database is as it was)")
        except SystemExit as exc:
            if exc.code not in (0, None):
                _discard_created()
            raise
        sys.exit(code if isinstance(code, int) else 0)

    def list_commands(self, ctx):
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx, cmd_name):
        if cmd_name not in self.commands:
            area = COMMANDS.get(cmd_name, (None,))[0]
            for module in [area] if area else AREAS:
                importlib.import_module(f"workbench.cli.{module}")
        return self.commands.get(cmd_name)

    def format_commands(self, ctx, formatter):
        """The command list from COMMANDS, as click would write it, without loading the areas."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            help_ = (loaded or click.Command(name, help=COMMANDS[name][1])).get_short_help_str(limit)
            rows.append((name, help_))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _fail(message: str) -> None:
    """One line on stderr for a fault of the machine (memory, disk), exit status 1."""
    try:
        echo(f"Error: {message}", err=True)
    finally:
        _discard_created()
        sys.exit(1)


def _where(exc: OSError) -> str:
    return f" ({visible(str(exc.filename))})" if exc.filename else ""


def _discard_created() -> None:
    while _created:
        discard_if_blank(_created.pop())


