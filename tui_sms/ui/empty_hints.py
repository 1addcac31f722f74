"""What an empty thread list says: a blank pane on a shop's first day reads as "broken".

Each view says why it is empty and what brings conversations into it, in the clerk's words.
"""

from __future__ import annotations

from tui_sms.ui.i18n import _


def empty_hint(view: str, search_term: str = "") -> str:
    if view == "search":
        return _("No conversation matches “{term}”. Esc goes back to the list.").format(
            term=search_term
        )
    hints = {
        "all": _(
            "No conversation yet. Press w to text a customer; "
            "customers' texts to the shop's numbers appear here."
        ),
        "mine": _("No open conversation is assigned to you. Press c on one to claim it."),
        "unassigned": _("Every open conversation has someone on it."),
        "resolved": _("No resolved conversation. Press x on one when it is done."),
        "failed": _("No text failed."),
        "snoozed": _("No snoozed conversation. Press z on one to put it aside until later."),
    }
    return hints.get(view, "")
