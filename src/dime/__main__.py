"""``python -m dime`` runs the ``dime`` command."""

import sys

from dime._cli import main

sys.exit(main())
