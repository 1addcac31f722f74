import sys

from tui_sms.cli import main

sys.exit(main())
