"""The template editor: one template per job type, language and kind, with field codes from a
list, a live preview for a real job, its segments and cost, and the job type's auto-send."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Checkbox, Header, Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from tui_sms.domain.segments import estimate
from tui_sms.domain.templates import FIELD_CODES, Language, TemplateError, render
from tui_sms.domain.text import one_line
from tui_sms.services import reminder_view, review
from tui_sms.services.reminder_view import TemplateView
from tui_sms.services.review import PreviewContext
from tui_sms.store.models import utcnow
from tui_sms.ui.base import ShopNode, after_typed_keys
from tui_sms.ui.format import money
from tui_sms.ui.i18n import _, language, n_, sentence
from tui_sms.ui.screens.consent import ConfirmScreen
from tui_sms.ui.widgets.fitting_footer import FittingFooter
from tui_sms.ui.widgets.keyed_lists import KeyedOptions

KINDS = (
    ("Reminder", "reminder"),
    ("Confirmation", "confirmation"),
    ("Work completed", "completed"),
)
# Each language named in itself, as every language picker of the app does.
LANGUAGES: tuple[tuple[str, Language], ...] = (("English", "en"), ("Français", "fr"))


def _interface_language() -> Language:
    return "fr" if language() == "fr" else "en"


class EditorFields(NamedTuple):
    body: str
    auto_send: bool
    days: str


class TemplateEditor(ShopNode, Screen[bool]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="editor.save", priority=True),
        Binding("f2", "focus_codes", "Field codes", id="editor.codes"),
        Binding("escape", "close", "Back", id="editor.close"),
    ]

    def __init__(self, job_type_id: int | None = None, language: Language | None = None) -> None:
        super().__init__()
        self.job_type_id = job_type_id
        # From the palette (no customer in view), the clerk's own language comes first.
        self.language: Language = language or _interface_language()
        self.kind = "reminder"
        self.context: PreviewContext | None = None
        self.saved = False
        # The fields as loaded or last saved: anything else is an edit Esc asks about.
        self.kept: EditorFields | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="editor-settings"):
            yield Select[int]([], prompt=_("Job type"), id="editor-job-type")
            yield Select[str](
                [(_(name), code) for name, code in LANGUAGES],
                value=self.language,
                allow_blank=False,
                id="editor-language",
            )
            yield Select[str](
                [(_(name), kind) for name, kind in KINDS],
                value="reminder",
                allow_blank=False,
                id="editor-kind",
            )
            yield Checkbox(_("Auto-send"), id="editor-auto-send")
            yield Input(type="integer", placeholder=_("days"), id="editor-days")
            yield Static(_("days before the job"), id="editor-days-label")
        with Horizontal(id="editor-main"):
            with Vertical(id="editor-left"):
                yield TextArea(id="editor-body", soft_wrap=True)
                yield Static(id="editor-preview", markup=False)
                yield Static(id="editor-cost", markup=False)
            french = language() == "fr"
            codes = [
                Option(
                    Text.assemble((code, "bold"), "\n", (about.fr if french else about.en, "dim")),
                    id=code,
                )
                for code, about in FIELD_CODES.items()
            ]
            yield KeyedOptions(*codes, id="editor-codes")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = _("Reminder templates")
        # The clerk came to write: the text has the focus, read-only until it is loaded so
        # nothing typed is replaced by the loaded template.
        body = self.query_one("#editor-body", TextArea)
        body.read_only = True
        body.focus()
        self.load_job_types()

    # --- loading -----------------------------------------------------------------------

    def load_job_types(self) -> None:
        self.run_service(
            lambda: reminder_view.job_types(self.engine),
            group="editor-types",
            exclusive=True,
            then=self._show_job_types,
        )

    def _show_job_types(self, types: list[tuple[str, int]]) -> None:
        if not types:
            self.query_one("#editor-preview", Static).update(
                Text(_("There are no job types yet: import jobs first (tui-sms import jobs)."))
            )
            return
        select = self.query_one("#editor-job-type", Select)
        select.set_options((Text(one_line(name, 30)), type_id) for name, type_id in types)
        wanted = self.job_type_id if self.job_type_id in {i for _, i in types} else types[0][1]
        select.value = wanted
        self.job_type_id = wanted
        self.load_template()

    def load_template(self) -> None:
        job_type_id = self.job_type_id
        if job_type_id is None:
            return
        language, kind = self.language, self.kind
        self.run_service(
            lambda: reminder_view.template(self.engine, job_type_id, language, kind),
            group="editor-load",
            exclusive=True,
            then=self._show_template,
        )

    def _show_template(self, shown: TemplateView) -> None:
        draft, context = shown.draft, shown.context
        self.context = context
        self.query_one("#editor-auto-send", Checkbox).value = draft.job_type.auto_send
        self.query_one("#editor-days", Input).value = str(draft.job_type.days_ahead)
        body = self.query_one("#editor-body", TextArea)
        body.text = draft.body
        if not draft.saved:
            self.notify(
                _("Not saved yet: this is the suggested text. Edit it, then save (ctrl+s)."),
                markup=False,
            )
        self.update_preview()
        self.kept = self.fields()
        body.read_only = False
        body.move_cursor(body.document.end)
        body.focus()

    def fields(self) -> EditorFields:
        return EditorFields(
            self.query_one("#editor-body", TextArea).text,
            self.query_one("#editor-auto-send", Checkbox).value,
            self.query_one("#editor-days", Input).value.strip(),
        )

    @property
    def edited(self) -> bool:
        return self.kept is not None and self.fields() != self.kept

    # --- preview -----------------------------------------------------------------------

    def update_preview(self) -> None:
        context = self.context
        if context is None:
            return
        body = self.query_one("#editor-body", TextArea).text
        preview = self.query_one("#editor-preview", Static)
        cost_line = self.query_one("#editor-cost", Static)
        try:
            text = render(body, context.fields)
        except TemplateError as problem:
            preview.update(Text(sentence(problem.sentence), style="bold red"))
            cost_line.update(Text(""))
            return
        whom = one_line(sentence(context.for_whom), 40)
        shown = Text(_("Preview for {whom}:", whom=whom) + "\n", style="dim")
        shown.append(text)
        preview.update(shown)
        found = estimate(text)
        cost = context.segment_price * found.segments
        segments = n_("{count} segment", "{count} segments", found.segments)
        each = _("{cost} a text", cost=money(cost, context.currency))
        line = Text(f"{segments} · {found.encoding} · {each}")
        if found.encoding == "UCS-2":
            line.append(
                "\n"
                + _(
                    "Not GSM-7 because of {characters}: a segment holds 70 characters instead "
                    "of 160, so each text can cost up to three times as much.",
                    characters=" ".join(found.unicode_chars[:8]),
                ),
                style="bold yellow",
            )
        cost_line.update(line)

    @on(TextArea.Changed, "#editor-body")
    def _body_changed(self) -> None:
        self.update_preview()

    @on(Select.Changed)
    def _choice_changed(self, event: Select.Changed) -> None:
        value = event.value
        wanted = (self.job_type_id, self.language, self.kind)
        if event.select.id == "editor-job-type" and isinstance(value, int):
            if value == self.job_type_id and self.context is not None:
                return
            wanted = (value, self.language, self.kind)
        elif event.select.id == "editor-language" and value in ("en", "fr"):
            wanted = (self.job_type_id, "fr" if value == "fr" else "en", self.kind)
        elif event.select.id == "editor-kind" and isinstance(value, str):
            wanted = (self.job_type_id, self.language, value)
        if wanted == (self.job_type_id, self.language, self.kind):
            return
        # Another template replaces the text: unsaved edits are not thrown away unasked.
        self.unless_kept(lambda: self._open_template(*wanted), self._show_choices)

    def _open_template(self, job_type_id: int | None, language: Language, kind: str) -> None:
        self.job_type_id, self.language, self.kind = job_type_id, language, kind
        self.load_template()

    def _show_choices(self) -> None:
        """The choices back on the template being edited (the clerk kept editing)."""
        self.query_one("#editor-job-type", Select).value = self.job_type_id or Select.BLANK
        self.query_one("#editor-language", Select).value = self.language
        self.query_one("#editor-kind", Select).value = self.kind
        self.query_one("#editor-body", TextArea).focus()

    def unless_kept(self, discard: Callable[[], None], keep: Callable[[], None]) -> None:
        """`discard()` when nothing was edited or the clerk agrees to lose the edits."""
        if not self.edited:
            discard()
            return
        question = ConfirmScreen(
            _("Discard your changes?"), yes=_("Discard (y)"), no=_("Keep editing (n)")
        )
        self.app.push_screen(question, lambda yes: discard() if yes else keep())

    @on(OptionList.OptionSelected, "#editor-codes")
    def _insert_code(self, event: OptionList.OptionSelected) -> None:
        body = self.query_one("#editor-body", TextArea)
        body.insert(event.option.id or "")
        body.focus()

    # --- actions -----------------------------------------------------------------------

    def action_focus_codes(self) -> None:
        self.query_one("#editor-codes", OptionList).focus()

    def action_save(self) -> None:
        after_typed_keys(self, self._save)

    def _save(self) -> None:
        if self.job_type_id is None:
            return
        typed = self.query_one("#editor-days", Input).value.strip()
        self.saving = self.fields()
        self.save(
            self.job_type_id,
            self.language,
            self.kind,
            self.query_one("#editor-body", TextArea).text,
            self.query_one("#editor-auto-send", Checkbox).value,
            int(typed) if typed.lstrip("-").isdigit() else 0,
        )

    def save(
        self,
        job_type_id: int,
        language: Language,
        kind: str,
        body: str,
        auto_send: bool,
        days: int,
    ) -> None:
        login = self.me.login

        def saved(_done: object) -> None:
            self.kept = self.saving
            self.saved = True
            self.notify(_("Template saved."), markup=False)

        self.run_service(
            lambda: self.perform(
                lambda s: review.save_template(
                    s,
                    job_type_id,
                    language,
                    kind,
                    body,
                    auto_send=auto_send,
                    days_ahead=days,
                    now=utcnow(),
                    by=login,
                )
            ),
            group="editor-save",
            exclusive=True,
            then=saved,
        )

    saving: EditorFields | None = None

    def action_close(self) -> None:
        self.unless_kept(
            lambda: self.dismiss(self.saved),
            lambda: self.query_one("#editor-body", TextArea).focus(),
        )
