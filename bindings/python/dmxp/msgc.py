"""dmxp-msgc from Python: the message IDL compiler the wheel bundles (dmxp/bin/dmxp-msgc).

    python -m dmxp.msgc --lang python -o out my_msgs       # or the dmxp-msgc command

Forwards its arguments to the compiler, so every option of docs/messages.md works. The
standard packages' sources (std_msgs, geometry_msgs, ...) travel in the wheel beside it
(dmxp/share/dmxp/msgs), where the compiler looks first, so a type that uses them compiles with
no DMXP repository on the machine. dmxp.msg.load runs the same program.
"""

import os
import sys


class CompilerNotFoundError(FileNotFoundError):
    """No dmxp-msgc program: neither $DMXP_MSGC, nor the wheel's, nor one on PATH."""


def _is_program(path):
    # An ELF executable, not a script: the console script named dmxp-msgc that pip puts on
    # PATH runs this module, and must not be taken for the compiler (it would call itself).
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF" and os.access(path, os.X_OK)
    except OSError:
        return False


def find_compiler():
    """The dmxp-msgc program: $DMXP_MSGC, else the one bundled in this package
    (dmxp/bin/dmxp-msgc), else the first on PATH (an installed DMXP); raises
    CompilerNotFoundError when none exists."""
    override = os.environ.get("DMXP_MSGC")
    if override:
        if not _is_program(override):
            raise CompilerNotFoundError(f"$DMXP_MSGC is {override!r}, which is not an executable dmxp-msgc program")
        return override
    bundled = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "dmxp-msgc")
    if _is_program(bundled):
        return bundled
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = os.path.join(folder or ".", "dmxp-msgc")
        if _is_program(candidate):
            return candidate
    raise CompilerNotFoundError(
        "dmxp-msgc not found: expected it in the dmxp wheel (" + bundled + "), on PATH (an installed "
        "DMXP), or named by $DMXP_MSGC")


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
