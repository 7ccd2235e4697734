"""``python -m callmarkup``: the same command line as ``callmarkup``."""

from callmarkup._cli import console_main

console_main()
