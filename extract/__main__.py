"""`python -m vnfacts` runs the command line, like the `vnfacts` script."""
from vnfacts.cli import main

main()
