"""``python -m callmarkup``: the same command line as ``callmarkup``."""

from callmarkup._cli import main

raise SystemExit(main())
