"""`python -m stockbridge_sandboxes`."""

import sys

from stockbridge_sandboxes.cli import main

sys.exit(main())
