"""`python -m mkdocs_paperdiary`: the same as the `paperdiary` command."""

import sys

from mkdocs_paperdiary.cli.main import main

sys.exit(main())
