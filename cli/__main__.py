"""``python -m cli …`` is ``ehelse …``."""

import sys

from cli import main

sys.exit(main())
