"""`tui-sms doctor`: settings, database and migrations, provider credentials, the sender,
mail and file permissions, one line each with what to do; exit 1 when one fails."""

from __future__ import annotations

import argparse

from tui_sms.config import Settings


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    doctor = sub.add_parser(
        "doctor", parents=[common], help="check this installation, each line with what to do"
    )
    doctor.set_defaults(handler=run_doctor)


def run_doctor(args: argparse.Namespace, settings: Settings) -> int:
    from tui_sms.services.doctor import FAIL, diagnose
    from tui_sms.ui.i18n import _, sentence

    findings = diagnose(settings, getattr(args, "config", None))
    width = max([9, *(len(_(finding.topic)) for finding in findings)])
    for finding in findings:
        # The level stays as is (ok / warn / FAIL): scripts grep for it.
        topic = _(finding.topic)
        print(f"{finding.level:<4}  {topic:<{width}} {sentence(finding.sentence)}")
    return 1 if any(finding.level == FAIL for finding in findings) else 0
