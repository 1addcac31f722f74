"""The palette's commands for running a shop: its settings, the provider account and
numbers, staff and customers. The administrator's screens open through the role check."""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import App, SystemCommand

from tui_sms.services import sender_numbers, staff_admin
from tui_sms.ui.admin_gate import open_for_admins
from tui_sms.ui.i18n import _
from tui_sms.ui.screens.customers import ContactDialog, CustomerDialog, CustomersScreen
from tui_sms.ui.screens.link_customer import LinkCustomer
from tui_sms.ui.screens.provider import ProviderScreen
from tui_sms.ui.screens.staff import StaffDialog, StaffScreen

# Their binding descriptions follow the interface's language (app.translated_classes).
FIRST_DAY_SCREENS = (
    ProviderScreen,
    StaffScreen,
    StaffDialog,
    CustomersScreen,
    CustomerDialog,
    ContactDialog,
    LinkCustomer,
)


def first_day_commands(app: App[None]) -> Iterator[SystemCommand]:
    yield SystemCommand(
        _("Shop settings"),
        _("Name, region, time zone, language, quiet hours, disclaimers (administrators)"),
        lambda: open_shop_settings(app),
    )
    yield SystemCommand(
        _("Provider and numbers"),
        _("Check the Twilio account and put its numbers in a pool (administrators)"),
        lambda: open_provider(app),
    )
    yield SystemCommand(
        _("Staff"),
        _("Add staff, change their language, SMS number and role (administrators)"),
        lambda: open_staff(app),
    )
    yield SystemCommand(
        _("Customers"),
        _("Add and change customers and their contacts, each with its own consent"),
        lambda: open_customers(app),
    )


def open_shop_settings(app: App[None]) -> None:
    from tui_sms.ui.screens.shop_settings import ShopSettings

    open_for_admins(app, ShopSettings, "change the shop's settings")


def open_provider(app: App[None]) -> None:
    open_for_admins(app, ProviderScreen, sender_numbers.MANAGE)


def open_staff(app: App[None]) -> None:
    open_for_admins(app, StaffScreen, staff_admin.MANAGE)


def open_customers(app: App[None]) -> None:
    app.push_screen(CustomersScreen())
