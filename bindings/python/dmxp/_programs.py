"""The DMXP programs the wheel bundles (dmxp/bin: dmxp, dmxp-msgc, dmxp-launch), found the
same way by every Python entry point that runs one."""

import os


def is_program(path):
    """An executable ELF file. Not a script: the console scripts pip puts on PATH under the
    programs' names run this package, and must not be taken for the programs (they would
    call themselves)."""
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"\x7fELF" and os.access(path, os.X_OK)
    except OSError:
        return False


def bundled(name):
    """Where the wheel puts the program `name`: dmxp/bin/<name>."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", name)


def find_program(name, override_variable=None):
    """The program `name`: the path in $<override_variable> if that is set (returned as given,
    for the caller to check), else the one bundled in this package, else the first on PATH (an
    installed DMXP); None when there is none."""
    override = os.environ.get(override_variable) if override_variable else None
    if override:
        return override
    if is_program(bundled(name)):
        return bundled(name)
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        candidate = os.path.join(folder or ".", name)
        if is_program(candidate):
            return candidate
    return None
