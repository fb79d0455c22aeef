"""dmxp-msgc from Python: the message IDL compiler the wheel bundles (dmxp/bin/dmxp-msgc).

    python -m dmxp.msgc --lang python -o out my_msgs       # or the dmxp-msgc command

Forwards its arguments to the compiler, so every option of docs/messages.md works. The
standard packages' sources (std_msgs, geometry_msgs, ...) travel in the wheel beside it
(dmxp/share/dmxp/msgs), where the compiler looks first, so a type that uses them compiles with
no DMXP repository on the machine. dmxp.msg.load runs the same program.
"""

import os
import sys

from ._programs import bundled, find_program, is_program


class CompilerNotFoundError(FileNotFoundError):
    """No dmxp-msgc program: neither $DMXP_MSGC, nor the wheel's, nor one on PATH."""


def find_compiler():
    """The dmxp-msgc program: $DMXP_MSGC, else the one bundled in this package
    (dmxp/bin/dmxp-msgc), else the first on PATH (an installed DMXP); raises
    CompilerNotFoundError when none exists."""
    compiler = find_program("dmxp-msgc", "DMXP_MSGC")
    if compiler is None:
        raise CompilerNotFoundError(
            "dmxp-msgc not found: expected it in the dmxp wheel (" + bundled("dmxp-msgc") + "), on PATH (an "
            "installed DMXP), or named by $DMXP_MSGC")
    if os.environ.get("DMXP_MSGC") and not is_program(compiler):
        raise CompilerNotFoundError(f"$DMXP_MSGC is {compiler!r}, which is not an executable dmxp-msgc program")
    return compiler


def main(argv=None):
    """The dmxp-msgc console script and python -m dmxp.msgc: runs the compiler with argv."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        compiler = find_compiler()
    except CompilerNotFoundError as e:
        print(f"dmxp-msgc: {e}", file=sys.stderr)
        return 127
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(compiler, [compiler, *argv])


if __name__ == "__main__":
    sys.exit(main())
