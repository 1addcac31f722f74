"""The shop account's `authorized_keys`: one line per staff key, forcing who that key is.

Each line is `command="PROGRAM --as LOGIN",restrict,pty KEYTYPE KEY tui-sms:LOGIN`: sshd runs
the message center as that staff member whatever the person asks for (`restrict` also
refuses port, agent and X11 forwarding; `pty` gives the terminal back). Other lines in the
file (an administrator's own key) are kept as they are.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import shlex
import struct
from dataclasses import dataclass
from pathlib import Path

from tui_sms.domain.errors import UserError

KEY_TYPES = (
    "ssh-ed25519",
    "sk-ssh-ed25519@openssh.com",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ecdsa-sha2-nistp256@openssh.com",
    "ssh-rsa",
)
MARK = "tui-sms:"
LOGIN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


@dataclass(frozen=True)
class StaffKey:
    login: str
    kind: str
    fingerprint: str


def default_path() -> Path:
    return Path.home() / ".ssh" / "authorized_keys"


def parse_public_key(text: str, source: str) -> tuple[str, bytes]:
    """(key type, key blob) of the one public key in `text`, or UserError naming `source`."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if len(lines) != 1:
        raise UserError(f"{source} must hold exactly one public key (the .pub file).")
    parts = lines[0].split()
    kind = next((part for part in parts if part in KEY_TYPES), None)
    if kind is None:
        raise UserError(
            f"{source} is not an SSH public key: give the .pub file, e.g. id_ed25519.pub."
        )
    encoded = parts[parts.index(kind) + 1] if parts.index(kind) + 1 < len(parts) else ""
    try:
        blob = base64.b64decode(encoded, validate=True)
        (length,) = struct.unpack(">I", blob[:4])
        named = blob[4 : 4 + length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError, ValueError):
        raise UserError(f"{source} holds a damaged SSH public key.") from None
    if named != kind:
        raise UserError(f"{source} holds a damaged SSH public key.")
    return kind, blob


def fingerprint(blob: bytes) -> str:
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    return f"SHA256:{digest}"


def authorized_line(program: str, login: str, kind: str, blob: bytes) -> str:
    if not LOGIN.match(login):
        raise UserError(
            f"The login {login!r} cannot be used over SSH: letters, digits, '.', '_' and '-' only."
        )
    command = f"{shlex.quote(program)} --as {login}"
    key = base64.b64encode(blob).decode()
    return f'command="{command}",restrict,pty {kind} {key} {MARK}{login}'


def add_key(path: Path, program: str, login: str, key_file: Path) -> StaffKey:
    """Give `login` the key in `key_file`; the same key may not stand for two people."""
    try:
        text = key_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"The key file {key_file} does not exist.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"The key file {key_file} cannot be read: {exc}.") from None
    kind, blob = parse_public_key(text, str(key_file))
    line = authorized_line(program, login, kind, blob)
    lines = _read_lines(path)
    encoded = base64.b64encode(blob).decode()
    for existing in lines:
        if f" {encoded}" in existing:
            owner = _login_of(existing)
            if owner == login:
                return StaffKey(login, kind, fingerprint(blob))
            who = f"the staff member {owner}" if owner else "another line of the file"
            raise UserError(f"This key already belongs to {who} in {path}.")
    _write_lines(path, [*lines, line])
    return StaffKey(login, kind, fingerprint(blob))


def staff_keys(path: Path) -> list[StaffKey]:
    keys = []
    for line in _read_lines(path):
        login = _login_of(line)
        if login is None:
            continue
        parts = line.split()
        kind = next((part for part in parts if part in KEY_TYPES), "")
        blob = base64.b64decode(parts[parts.index(kind) + 1]) if kind else b""
        keys.append(StaffKey(login, kind, fingerprint(blob)))
    return keys


def _login_of(line: str) -> str | None:
    last = line.split()[-1] if line.split() else ""
    return last.removeprefix(MARK) if last.startswith(MARK) else None


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path} cannot be read: {exc}.") from None


def _write_lines(path: Path, lines: list[str]) -> None:
    """Replace the file whole (sshd never reads half of it), private as sshd requires."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fresh = path.with_name(f".{path.name}.{os.getpid()}")
        descriptor = os.open(fresh, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
        os.replace(fresh, path)
    except OSError as exc:
        raise UserError(f"{path} cannot be written: {exc.strerror}.") from None
