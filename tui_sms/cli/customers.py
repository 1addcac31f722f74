"""`tui-sms customer add|edit|list|contact`: customers and their contacts, each contact with
its own mobile number (and so its own consent, `customer consent …`)."""

from __future__ import annotations

import argparse

from tui_sms.config import Settings


def add_parsers(customer_sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Adds to the `customer` group, whose consent commands live in cli/consent.py."""
    for action in ("add", "edit"):
        one = customer_sub.add_parser(action, parents=[common], help=f"{action} a customer")
        if action == "edit":
            one.add_argument("id", type=int, help="the customer's number, from customer list")
        one.add_argument("--name", required=action == "add")
        one.add_argument("--language", choices=["en", "fr"])
        one.add_argument("--type", dest="customer_type")
        one.add_argument("--class", dest="customer_class")
        if action == "add":
            one.add_argument("--mobile", metavar="NUMBER", help="the customer's own cell number")
        one.set_defaults(handler=customer_command)
    listing = customer_sub.add_parser("list", parents=[common], help="customers and contacts")
    listing.add_argument("--search", default="", metavar="TEXT", help="part of the name")
    listing.set_defaults(handler=customer_command)
    contact = customer_sub.add_parser("contact", parents=[common], help="add a contact")
    contact_sub = contact.add_subparsers(dest="contact_action", required=True)
    add = contact_sub.add_parser("add", parents=[common], help="add a contact to a customer")
    add.add_argument("id", type=int, help="the customer's number, from customer list")
    add.add_argument("--name", required=True)
    add.add_argument("--mobile", required=True, metavar="NUMBER")
    add.set_defaults(handler=customer_command)


def customer_command(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.cli.language import open_runtime
    from tui_sms.domain.phone import format_national
    from tui_sms.services import customers
    from tui_sms.services.customers import CustomerChanges
    from tui_sms.store.engine import session_scope

    runtime = open_runtime(settings)
    action = args.customer_command
    with session_scope(runtime.engine) as session:
        if action == "list":
            found = customers.find_customers(session, args.search, limit=200)
        elif action == "contact":
            customers.add_contact(session, args.id, args.name, args.mobile)
            found = [customers.customer_by_id(session, args.id)]
        else:
            changes = CustomerChanges(
                name=args.name,
                language=args.language,
                customer_type=args.customer_type,
                customer_class=args.customer_class,
            )
            if action == "add":
                mobile = [(args.name, args.mobile)] if args.mobile else []
                found = [customers.add_customer(session, changes, mobile)]
            else:
                found = [customers.edit_customer(session, args.id, changes)]
        for customer in found:
            print(f"{customer.id:>5}  {customer.name} ({customer.language})")
            for contact in customers.contacts_of(session, customer.id or 0):
                print(f"       {format_national(contact.number):<16} {contact.name}")
    return 0
