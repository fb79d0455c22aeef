"""What the install tests' check scripts share: a check is a function of the script's
command-line arguments that returns the problems it found, as sentences. run() prints them,
one a line, and exits 1 if there are any, else 0; with the wrong number of arguments it
prints the script's usage (its docstring) and exits 1."""

import sys


def run(check, usage, argument_count):
    if len(sys.argv) != argument_count + 1:
        sys.exit(usage)
    problems = check(*sys.argv[1:])
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)
