"""Who may change the shop: admins keep its settings, numbers, bundles, templates and staff.

The check lives here, in services, so a hidden button or a command typed by hand meet the
same refusal. Until the shop has an administrator (a brand-new database), whoever finishes
the setup is allowed, and becomes the first one.
"""

from __future__ import annotations

from sqlmodel import Session, select

from tui_sms.domain.errors import NotAllowed
from tui_sms.store.models import Role, Staff


def admins(session: Session) -> list[Staff]:
    query = select(Staff).where(Staff.role == Role.ADMIN, Staff.active).order_by(Staff.login)
    return list(session.exec(query))


def require_admin(session: Session, login: str, what: str) -> Staff | None:
    """The admin asking, or None while the shop has no admin yet; NotAllowed otherwise.

    `what` finishes the sentence "Only an administrator can …", e.g. "change the shop's
    settings".
    """
    keepers = admins(session)
    if not keepers:
        return None
    for member in keepers:
        if member.login == login:
            return member
    names = ", ".join(member.display_name for member in keepers[:3])
    raise NotAllowed(f"Only an administrator can {what}: ask {names}.")


def make_first_admin(session: Session, login: str) -> Staff:
    """The person who finished setting up a shop with no admin becomes its administrator."""
    member = session.exec(select(Staff).where(Staff.login == login)).first()
    if member is None:
        member = Staff(login=login, display_name=login)
    member.role = Role.ADMIN
    member.active = True
    session.add(member)
    session.flush()
    return member
