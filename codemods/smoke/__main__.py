"""`python -m codemods.smoke` is `automodel-smoke`."""

import sys

from codemods.smoke import main

sys.exit(main())
