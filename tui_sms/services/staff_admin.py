"""Staff as administrators manage them: add, change, deactivate, and give or take the admin
role. Every action is checked here, so a staff member who is not an admin is refused the
same way from the app and from the command line.
"""

from __future__ import annotations

from sqlmodel import Session

from tui_sms.domain.errors import NotAllowed
from tui_sms.services import employees, roles
from tui_sms.store.models import Role, Staff

MANAGE = "add or change staff members"


def check_role(raw: str) -> str:
    if raw not in (Role.ADMIN, Role.STAFF):
        raise NotAllowed(f"“{raw}” is not a role: use admin or staff.")
    return raw


def add_staff(
    session: Session, actor: str, login: str, *, name: str, role: str = Role.STAFF, **details: str
) -> Staff:
    """Add a staff member; `details` are employees.save_staff's (sms, email, carrier …)."""
    roles.require_admin(session, actor, MANAGE)
    member = employees.save_staff(session, login, create=True, name=name, **details)
    member.role = check_role(role)
    session.add(member)
    session.flush()
    return member


def change_staff(
    session: Session,
    actor: str,
    login: str,
    *,
    role: str | None = None,
    active: bool | None = None,
    **details: str,
) -> Staff:
    """Change a staff member; the shop always keeps at least one active administrator."""
    roles.require_admin(session, actor, MANAGE)
    member = employees.save_staff(session, login, create=False, **details)
    leaves_admins = (role is not None and role != Role.ADMIN) or active is False
    if leaves_admins and member.role == Role.ADMIN:
        others = [admin for admin in roles.admins(session) if admin.login != login]
        if not others:
            raise NotAllowed(
                f"{member.display_name} is the shop's last administrator: make someone else "
                "an administrator first."
            )
    if role is not None:
        member.role = check_role(role)
    if active is not None:
        member.active = active
    session.add(member)
    session.flush()
    return member
