"""python -m dmxp: the dmxp command-line tool from Python.

Forwards its arguments to the `dmxp` program (the one bundled in the wheel, $DMXP_CLI, or the
first on PATH), so every verb the CLI has works here too. Without a `dmxp` program, the
channel verbs (list, info, rm, gc) run on the binding itself, printing JSON.
"""

import json
import os
import sys

from ._programs import find_program


def find_cli():
    """The dmxp program: $DMXP_CLI if it is an executable file, else the wheel's, else the
    first on PATH; None without one."""
    override = os.environ.get("DMXP_CLI")
    if override and os.path.isfile(override) and os.access(override, os.X_OK):
        return override
    return find_program("dmxp")


USAGE = """usage: python -m dmxp [--domain D] [--json] channel list|info <name|id>|rm <name|id>...|gc [--parked]
(the `dmxp` program was not found: only the channel verbs are available, as JSON)"""


def builtin(argv):
    """The channel verbs, through the binding (JSON output)."""
    import dmxp

    domain = None
    args = []
    it = iter(argv)
    for a in it:
        if a == "--domain":
            domain = next(it, None)
        elif a != "--json":
            args.append(a)
    if len(args) < 2 or args[0] != "channel":
        print(USAGE, file=sys.stderr)
        return 2
    verb, rest = args[1], args[2:]
    try:
        if verb == "list" and not rest:
            print(json.dumps({"channels": dmxp.list_channels(domain)}, indent=2))
        elif verb == "info" and len(rest) == 1:
            print(json.dumps(dmxp.channel_info(rest[0], domain), indent=2))
        elif verb == "rm" and rest:
            for name in rest:
                dmxp.remove_channel(name, domain)
        elif verb == "gc" and rest in ([], ["--parked"]):
            print(json.dumps({"removed": dmxp.gc_channels(domain, rest == ["--parked"])}))
        else:
            print(USAGE, file=sys.stderr)
            return 2
    except dmxp.Error as e:
        print(f"dmxp: {e}", file=sys.stderr)
        return 1
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    cli = find_cli()
    if cli:
        os.execv(cli, [cli, *argv])
    return builtin(argv)


if __name__ == "__main__":
    sys.exit(main())
