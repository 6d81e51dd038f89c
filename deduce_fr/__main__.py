"""``python -m deduce_fr evaluate CASES.json``."""

from deduce_fr.cli import main

raise SystemExit(main())
