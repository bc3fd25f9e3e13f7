"""`python -m vnfacts.cli` runs the command line, like the `vnfacts` script."""
from vnfacts.cli import main

main()
