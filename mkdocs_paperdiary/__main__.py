"""`python -m mkdocs_paperdiary`: the same as the `paperdiary` command."""

import sys

from .cli import main

sys.exit(main())
