"""`python -m book ...`: the command line."""
import sys

from book.cli import main

sys.exit(main())
