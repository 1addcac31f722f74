"""The manual of every command: a description and examples under `--help`, and a sentence
for each option or argument that has none where it is declared.

Kept in one table so `tui-sms X --help` reads like a man page for every X, and a test can
check that no command or option is left without words. `apply` runs on the built parser."""

from __future__ import annotations

import argparse

# command path → (what it does, examples)
MANUAL: dict[str, tuple[str, tuple[str, ...]]] = {
    "": (
        "SMS message center for auto-repair shops: the shared inbox (default), the worker "
        "that sends and polls, and the commands a shop's scripts use.",
        ("tui-sms --demo", "tui-sms --as marie", "tui-sms worker", "tui-sms shop show"),
    ),
    "run": (
        "Open the message center in the terminal (the same as no command at all).",
        ("tui-sms run --as marie", "tui-sms run --demo"),
    ),
    "shop": (
        "The shop's settings: name, region, quiet hours, disclaimers, opening hours.",
        ("tui-sms shop show",),
    ),
    "shop set": (
        "Set the shop up or change its settings (the same as the setup screen). Only the "
        "options given change.",
        (
            'tui-sms shop set --name "Garage Tremblay" --country CA --province QC',
            "tui-sms shop set --quiet-hours 21:00-08:00 --language fr",
        ),
    ),
    "shop show": ("Print the shop's settings.", ("tui-sms shop show",)),
    "provider": ("The SMS provider account (Twilio).", ("tui-sms provider check",)),
    "provider check": (
        "Check that the Twilio account opens with the configured credentials and list which "
        "of its numbers can text, with the rate each may send at.",
        ("tui-sms provider check",),
    ),
    "numbers": ("The shop's sender numbers and their pools.", ("tui-sms numbers list",)),
    "numbers add": (
        "Add a sender number to a pool (transactional: replies and reminders; promotional: "
        "promotions only).",
        (
            "tui-sms numbers add +14386013562 --queue transactional --rate 1",
            "tui-sms numbers add +14386013549 --queue promotional",
        ),
    ),
    "numbers set": (
        "Change a sender number's pool, rate or whether it is used.",
        (
            "tui-sms numbers set +14386013562 --rate 1",
            "tui-sms numbers set +14386013562 --active no",
        ),
    ),
    "numbers remove": ("Stop using a sender number.", ("tui-sms numbers remove +14386013562",)),
    "numbers list": ("List the sender numbers, their pools and rates.", ("tui-sms numbers list",)),
    "worker": (
        "Run the sender, the poller, the reminders and the mail outbox as one long-running "
        "service (one per database holds the sender seat); serves webhooks when configured.",
        ("tui-sms worker", "tui-sms worker --database postgresql+psycopg://sms@/shop"),
    ),
    "sandbox": (
        "Serve the sandbox provider: an HTTP server speaking Twilio's wire format, for trying "
        "the worker and the app without a Twilio account. It prints its account SID, auth "
        "token and control token.",
        (
            "tui-sms sandbox",
            "tui-sms sandbox --port 9000 --webhook-url http://127.0.0.1:8080/inbound",
        ),
    ),
    "send": (
        "Queue one text to a number through the same gate as a reply (consent, opt-out, "
        "quiet hours, balance); the worker sends it.",
        (
            'tui-sms send --to "514 236-1201" "Your car is ready."',
            "tui-sms send --to +15142361201 - < message.txt",
        ),
    ),
    "db": ("The database schema and backups.", ("tui-sms db upgrade", "tui-sms db current")),
    "db upgrade": (
        "Bring the database schema to this release's (run once after installing a new "
        "release on PostgreSQL; a SQLite file is upgraded by itself).",
        ("tui-sms db upgrade", "tui-sms db upgrade --database postgresql+psycopg://sms@/shop"),
    ),
    "db current": ("Print the schema revision the database is at.", ("tui-sms db current",)),
    "db backup": (
        "Copy the SQLite database to a file while staff keep working (a consistent copy, "
        "private to its owner).",
        ("tui-sms db backup /var/backups/sms-2026-12-01.db",),
    ),
    "demo": (
        "Load the demo shop into an empty database.",
        ("tui-sms demo --database sqlite:///demo.db",),
    ),
    "doctor": (
        "Check the installation: database, schema, provider, sender seat, mail, file "
        "permissions; one line per check and what to do.",
        ("tui-sms doctor",),
    ),
    "estimate": (
        "Count the segments and cost of a text before sending it.",
        ('tui-sms estimate "Votre véhicule est prêt."',),
    ),
    "balance": ("The prepaid balance of segments.", ("tui-sms balance",)),
    "balance buy": (
        "Record a bundle of segments bought.",
        ("tui-sms balance buy 2500 --price 37.50",),
    ),
    "balance allow-negative": (
        "Let the balance go below zero, down to a limit, so texts are not refused at once.",
        ("tui-sms balance allow-negative 500", "tui-sms balance allow-negative 0"),
    ),
    "import": (
        "Import customers, jobs or sales from a CSV file (docs/import.md gives the columns). "
        "Rows that cannot be imported are written to a file with the reason, and the others "
        "are kept.",
        (
            "tui-sms import customers customers.csv",
            "tui-sms import jobs jobs.csv --rejected /tmp/jobs-rejected.csv",
            "tui-sms import sales sales.csv",
        ),
    ),
    "notify": (
        "Text the customers of jobs about a work stage (e.g. work done).",
        ("tui-sms notify --job J-1042 --kind completed",),
    ),
    "job-text": (
        "Preview, edit or send a job's confirmation or work-stage text.",
        ("tui-sms job-text --job J-1042 --kind confirmation --preview",),
    ),
    "report": ("Reports of messages and usage, on screen or as CSV.", ("tui-sms report usage",)),
    "report messages": (
        "The messages of a period, with their status, cost and who sent them.",
        ("tui-sms report messages --date 2026-11-01 --to 2026-11-30 --csv nov.csv",),
    ),
    "report usage": (
        "Segments sent and received per day, and their cost.",
        ("tui-sms report usage",),
    ),
    "promote": (
        "Choose customers by criteria and send them a promotion as a named batch.",
        ('tui-sms promote --min-visits 2 --since 2026-01-01 --text "Winter tires -10%"',),
    ),
    "promote report": (
        "Who received a promotion, who did not and why.",
        ("tui-sms promote report winter-tires",),
    ),
    "customer": ("Customers, their contacts and their consent.", ("tui-sms customer list",)),
    "customer consent": (
        "Consent to be texted, per number.",
        ("tui-sms customer consent show --number +15142361201",),
    ),
    "customer consent record": (
        "Record that a number agreed to be texted: how and with what wording.",
        (
            "tui-sms customer consent record --number +15142361201 --method verbal "
            '--wording "OK to text"',
        ),
    ),
    "customer consent withdraw": (
        "Record that a number withdrew its consent.",
        ("tui-sms customer consent withdraw --number +15142361201",),
    ),
    "customer consent show": (
        "Show a number's consents and opt-out.",
        ("tui-sms customer consent show --number +15142361201",),
    ),
    "customer add": (
        "Add a customer.",
        ('tui-sms customer add --name "Jean Tremblay" --language fr',),
    ),
    "customer edit": ("Change a customer.", ("tui-sms customer edit 12 --language en",)),
    "customer list": ("List the customers.", ("tui-sms customer list",)),
    "customer contact": (
        "A customer's phone numbers.",
        ("tui-sms customer contact add 12 --name Jean --mobile 5142361201",),
    ),
    "customer contact add": (
        "Add a phone number to a customer.",
        ('tui-sms customer contact add 12 --name "Jean" --mobile "514 236-1201"',),
    ),
    "mail": ("E-mail: forwards of replies and texts to employees.", ("tui-sms mail status",)),
    "mail test": ("Send a test e-mail through the configured server.", ("tui-sms mail test",)),
    "mail status": ("Show the mail outbox: waiting, sent, failing.", ("tui-sms mail status",)),
    "mail forward": (
        "Set who receives customers' replies by e-mail, and in which language.",
        ("tui-sms mail forward --language fr",),
    ),
    "staff": ("The shop's staff: logins, roles, contact, SSH keys.", ("tui-sms staff list",)),
    "staff add": (
        "Add a staff member.",
        ('tui-sms staff add luc --name "Luc Bouchard" --language fr',),
    ),
    "staff set": ("Change a staff member.", ("tui-sms staff set luc --active no",)),
    "staff list": ("List the staff.", ("tui-sms staff list",)),
    "staff keys": (
        "The SSH keys that open the message center as a staff member.",
        ("tui-sms staff keys",),
    ),
    "staff carriers": (
        "The carriers' e-mail gateways for texting employees.",
        ("tui-sms staff carriers",),
    ),
    "text-employees": (
        "Text some or all employees.",
        ('tui-sms text-employees --to luc,marie "Closing at 3 PM today."',),
    ),
    "shop hours": ("", ()),  # described in cli/shop_hours.py
}

# (command path, option dest) → what the option does, where its declaration says nothing.
OPTIONS: dict[tuple[str, str], str] = {
    ("shop set", "name"): "the shop's name, as customers read it in texts",
    ("shop set", "phone"): "the shop's phone number, for {shop_phone} in templates",
    ("shop set", "language"): "the interface's default language; auto: French in Quebec",
    ("numbers add", "number"): "the sender number, E.164 (+14386013562) or national",
    ("numbers add", "queue"): "its pool: transactional (default) or promotional",
    ("numbers set", "number"): "the sender number to change",
    ("numbers set", "queue"): "move it to this pool",
    ("numbers set", "rate"): "segments per second the carrier allows it",
    ("numbers set", "active"): "yes: used to send; no: kept but not used",
    ("numbers remove", "number"): "the sender number to stop using",
    ("sandbox", "host"): "the address to listen on (default 127.0.0.1: this machine only)",
    ("sandbox", "port"): "the port to listen on (default 8787; 0: any free port)",
    ("send", "to"): "the customer's mobile number, E.164 (+15142361201) or national (514 236-1201)",
    ("send", "queue"): "transactional (default: replies, reminders) or promotional (needs "
    "a consent covering promotions)",
    ("db", "action"): "upgrade: bring the schema to this release; current: print its "
    "revision; backup: copy the SQLite file",
    ("import", "what"): "customers, jobs or sales: what the file holds (docs/import.md)",
    ("import", "file"): "the CSV file (comma or semicolon separated, UTF-8)",
    ("notify", "kind"): "which text: the work-stage kind (e.g. completed)",
    ("job-text", "kind"): "which text: confirmation or a work-stage kind",
    ("report messages", "status"): "only messages in this status",
    ("promote", "min_visits"): "customers with at least this many visits",
    ("promote", "min_spent"): "customers who spent at least this much",
    ("promote", "since"): "count visits from this day (YYYY-MM-DD)",
    ("promote", "until"): "count visits up to this day (YYYY-MM-DD)",
    ("promote", "exclude"): "leave these customers out (ids, repeatable)",
    ("promote report", "name"): "the promotion's name",
    ("customer consent record", "number"): "the number that agreed",
    ("customer consent record", "method"): "how: signed_paper, electronic or verbal",
    ("customer consent withdraw", "number"): "the number that withdrew",
    ("customer consent show", "number"): "the number to show",
    ("customer add", "name"): "the customer's or company's name",
    ("customer add", "language"): "en or fr: the language of their texts",
    ("customer add", "customer_type"): "a type of customer, free text (e.g. fleet)",
    ("customer add", "customer_class"): "a class of customer, free text (e.g. VIP)",
    ("customer edit", "name"): "the new name",
    ("customer edit", "language"): "en or fr",
    ("customer edit", "customer_type"): "a type of customer, free text",
    ("customer edit", "customer_class"): "a class of customer, free text",
    ("customer contact add", "name"): "who answers this number",
    ("customer contact add", "mobile"): "the mobile number",
    ("mail forward", "language"): "en or fr: the language of the forwarded e-mails",
    ("staff add", "login"): "the staff member's login (their OS login for --as)",
    ("staff add", "email"): "their e-mail address, for forwards",
    ("staff add", "language"): "en or fr: the interface's language for them",
    ("staff add", "active"): "yes or no: whether they may work",
    ("staff set", "login"): "the staff member to change",
    ("staff set", "email"): "their e-mail address",
    ("staff set", "language"): "en or fr",
    ("staff set", "active"): "yes or no: no keeps their history but closes their access",
}

_SUBCOMMAND_WORDS = "the command to run (see the list above)"


def apply(parser: argparse.ArgumentParser, path: str = "") -> None:
    """Give every parser under `parser` its manual page and every argument a sentence."""
    description, examples = MANUAL.get(path, ("", ()))
    if description and not parser.description:
        parser.description = description
    if examples and not parser.epilog:
        parser.epilog = "examples:\n" + "\n".join(f"  {line}" for line in examples)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            if not action.help:
                action.help = OPTIONS.get((path, action.dest), _SUBCOMMAND_WORDS)
            for name, child in action.choices.items():
                apply(child, f"{path} {name}".strip())
        elif not action.help:
            action.help = OPTIONS.get((path, action.dest), "")
