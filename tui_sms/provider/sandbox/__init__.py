"""A local server that answers Twilio's Messages API, for demo mode, tests and benchmarks."""

from tui_sms.provider.sandbox.app import create_app
from tui_sms.provider.sandbox.server import SandboxServer, serve
from tui_sms.provider.sandbox.state import SandboxState

__all__ = ["SandboxServer", "SandboxState", "create_app", "serve"]
