"""The shop's settings: the setup screen a new database opens on, and the administrator's
"Shop settings" afterwards. One form for both; the services validate (shop_setup.save_shop,
the same function as `tui-sms shop set`), and the first person to save a new shop becomes
its administrator.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from tui_sms.domain.regions import COUNTRIES, proposed_time_zone
from tui_sms.services import employees, setup_view, shop_setup
from tui_sms.services.setup_view import ShopForm
from tui_sms.store.models import Staff
from tui_sms.ui import i18n
from tui_sms.ui.base import ShopNode, after_typed_keys
from tui_sms.ui.i18n import _, sentence
from tui_sms.ui.messages import ActionRefused
from tui_sms.ui.widgets.fitting_footer import FittingFooter
from tui_sms.ui.widgets.opening_hours_form import OpeningHoursForm, save_week

LANGUAGES = (("", "Automatic (French in Quebec)"), ("en", "English"), ("fr", "Français"))


class ShopSettings(ShopNode, Screen[bool]):
    """Dismisses with True once saved. `first_run`: the database has no shop yet."""

    DEFAULT_CSS = """
    ShopSettings #settings-form { padding: 0 1; }
    ShopSettings .field-label { margin-top: 1; }
    ShopSettings Horizontal.pair { height: auto; }
    ShopSettings Horizontal.pair > Select { width: 1fr; }
    ShopSettings TextArea { height: 5; }
    ShopSettings .segments { color: $text-muted; }
    ShopSettings #settings-error { color: $error; text-style: bold; margin-top: 1; }
    ShopSettings #settings-buttons { height: auto; margin-top: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save", priority=True),
        Binding("escape", "close", "Close", id="settings.close"),
    ]

    def __init__(self, *, first_run: bool = False) -> None:
        super().__init__()
        self.first_run = first_run
        self.form: ShopForm | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="settings-form"):
            title = _("Set up your shop") if self.first_run else _("Shop settings")
            yield Static(Text(title, style="bold"), markup=False)
            if self.first_run:
                yield Static(
                    Text(
                        _(
                            "Nothing is set up yet. Fill in the shop and press Ctrl+S: you "
                            "become its administrator, then the message center opens."
                        )
                    ),
                    markup=False,
                )
            yield Label(_("Shop name"), classes="field-label")
            yield Input(id="shop-name", placeholder=_("e.g. Garage Lavoie"))
            yield Label(_("Shop phone"), classes="field-label")
            yield Input(id="shop-phone", placeholder="(514) 555-0100")
            yield Label(_("Country, then province or state"), classes="field-label")
            with Horizontal(classes="pair"):
                yield Select(
                    [(_("Canada"), "CA"), (_("United States"), "US")],
                    id="shop-country",
                    allow_blank=False,
                    value="CA",
                )
                yield Select(_subdivisions("CA"), id="shop-province", prompt=_("Province or state"))
            yield Label(_("Time zone (proposed from the province)"), classes="field-label")
            yield Input(id="shop-time-zone", placeholder="America/Toronto")
            yield Label(_("Shop language (disclaimers, keyword answers)"), classes="field-label")
            yield Select(
                [(_(name), code) for code, name in LANGUAGES],
                id="shop-language",
                allow_blank=False,
                value="",
            )
            yield Label(_("Return e-mail for reply forwards"), classes="field-label")
            yield Input(id="shop-email", placeholder="atelier@garage.example")
            yield Label(_("Quiet hours (no texts between)"), classes="field-label")
            yield Input(id="shop-quiet", placeholder="21:00-08:00")
            yield Label(_("First-message disclaimer (English)"), classes="field-label")
            yield TextArea(id="disclaimer-en")
            yield Static(id="segments-en", classes="segments", markup=False)
            yield Label(_("First-message disclaimer (French)"), classes="field-label")
            yield TextArea(id="disclaimer-fr")
            yield Static(id="segments-fr", classes="segments", markup=False)
            yield OpeningHoursForm(load=not self.first_run, id="shop-hours")
            yield Static(id="settings-error", markup=False)
            with Horizontal(id="settings-buttons"):
                yield Button(_("Save (Ctrl+S)"), variant="primary", id="settings-save")
        yield FittingFooter()

    def on_mount(self) -> None:
        # The name first: the scrolling form would otherwise take the focus, and the keys.
        self.query_one("#shop-name", Input).focus()
        self.run_service(
            lambda: setup_view.shop_form(self.engine), group="settings", then=self._fill
        )

    def _fill(self, form: ShopForm) -> None:
        self.form = form
        # A clerk quicker than the database read keeps what they typed.
        for selector, value in (
            ("#shop-name", form.name),
            ("#shop-phone", form.phone),
        ):
            field = self.query_one(selector, Input)
            field.value = field.value or value
        self.query_one("#shop-country", Select).value = form.country
        province = self.query_one("#shop-province", Select)
        province.set_options(_subdivisions(form.country))
        if form.province:
            province.value = form.province
        self.query_one("#shop-time-zone", Input).value = form.time_zone
        self.query_one("#shop-language", Select).value = form.language
        self.query_one("#shop-email", Input).value = form.email
        self.query_one("#shop-quiet", Input).value = form.quiet_hours
        self.query_one("#disclaimer-en", TextArea).text = form.disclaimer_en
        self.query_one("#disclaimer-fr", TextArea).text = form.disclaimer_fr

    @on(Select.Changed, "#shop-country")
    def _country_changed(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str):
            return
        province = self.query_one("#shop-province", Select)
        keep = province.value
        province.set_options(_subdivisions(event.value))
        if isinstance(keep, str) and keep in COUNTRIES[event.value]:
            province.value = keep

    @on(Select.Changed, "#shop-province")
    def _province_changed(self, event: Select.Changed) -> None:
        country = self.query_one("#shop-country", Select).value
        if isinstance(event.value, str) and isinstance(country, str):
            zone = proposed_time_zone(country, event.value)
            self.query_one("#shop-time-zone", Input).value = zone

    @on(TextArea.Changed)
    @on(Input.Changed, "#shop-name")
    def _update_segments(self) -> None:
        name = self.query_one("#shop-name", Input).value.strip()
        for language in ("en", "fr"):
            text = self.query_one(f"#disclaimer-{language}", TextArea).text
            shown, count = shop_setup.disclaimer_preview(language, name, text)
            self.query_one(f"#segments-{language}", Static).update(
                Text(_("Customers see: {shown}  ({count})", shown=shown, count=sentence(count)))
            )

    def _changes(self) -> shop_setup.ShopChanges:
        def value(selector: str) -> str:
            return self.query_one(selector, Input).value

        def chosen(selector: str) -> str:
            picked = self.query_one(selector, Select).value
            return picked if isinstance(picked, str) else ""

        return shop_setup.ShopChanges(
            name=value("#shop-name"),
            phone=value("#shop-phone"),
            country=chosen("#shop-country"),
            province=chosen("#shop-province"),
            time_zone=value("#shop-time-zone") or None,
            language=chosen("#shop-language"),
            email=value("#shop-email"),
            quiet_hours=value("#shop-quiet") or "21:00-08:00",
            disclaimer_en=self.query_one("#disclaimer-en", TextArea).text,
            disclaimer_fr=self.query_one("#disclaimer-fr", TextArea).text,
        )

    @on(Button.Pressed, "#settings-save")
    def action_save(self) -> None:
        after_typed_keys(self, self._save)

    def _save(self) -> None:
        changes = self._changes()
        week = self.query_one(OpeningHoursForm).week()
        login = self.me.login
        language = i18n.language()
        first_run = self.first_run

        def save() -> Staff:
            def work(session) -> None:
                shop_setup.save_shop(session, login, changes)
                save_week(session, login, week)
                if first_run:
                    # The first administrator keeps the language the setup was done in.
                    employees.save_staff(session, login, create=False, language=language)

            self.perform(work)
            return self.runtime.staff()

        self.query_one("#settings-error", Static).update("")
        self.run_service(save, group="settings-save", exclusive=True, then=self._saved)

    def _saved(self, member: Staff) -> None:
        self.dismiss(True)
        self.shop_app.shop_saved(member, first_run=self.first_run)

    @on(ActionRefused)
    def _refused(self, event: ActionRefused) -> None:
        event.stop()  # said under the form, where the clerk is looking
        self.query_one("#settings-error", Static).update(Text(event.sentence))
        self.notify(event.sentence, severity="error", markup=False)

    def action_close(self) -> None:
        if self.first_run:
            self.notify(_("Set the shop up first (Ctrl+S saves), or quit with Ctrl+Q."))
            return
        self.dismiss(False)


def _subdivisions(country: str) -> list[tuple[str, str]]:
    return [(code, code) for code in sorted(COUNTRIES.get(country, ()))]
