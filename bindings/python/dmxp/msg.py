"""dmxp.msg.load: message types from .msg files at run time, with no C++ build.

    import dmxp
    msgs = dmxp.msg.load("obstacle_msgs")     # a package folder: msg/*.msg (and srv/*.srv)
    pub = node.create_publisher(msgs.Obstacle, "obstacles", 10)

The result has one attribute per type, and each type is what `dmxp-msgc --lang python`
generates for it: usable everywhere a generated class is (publishers, subscriptions, loans,
dmxp.Producer/Consumer(msg_type=...), services), interoperating with C++ and with tools that
decode a channel from its descriptor.

How, and why this way:

- load() runs dmxp-msgc, the compiler the wheel bundles (found by dmxp.msgc), with its
  Python emitter, and executes the modules it writes. The types are therefore the generator's
  output byte for byte: the same numpy dtype (offsets, itemsize), FINGERPRINT, SCHEMA and
  DESCRIPTOR as the build's generated packages. A second implementation of the layout rules in
  Python could drift from the C++ one; running the one compiler cannot.
- A program, not the compiler linked into the extension: its errors reach the caller as the
  compiler prints them (file:line:col, the source line, a caret), and `python -m dmxp.msgc`
  is the same program a user can run by hand to see what load() sees.
- The compiler runs on every call (it takes about ten milliseconds): it alone knows which files
  the types depend on (the package, sibling packages under the same folder, `include` roots,
  DMXP's standard packages). The result is keyed by the content of what it generates, so
  loading unchanged sources again returns the very same types, and a change in any file they
  depend on (or a new compiler) returns new ones. The generated files are kept in a per-user
  cache, $DMXP_MSG_CACHE or ~/.cache/dmxp/msg/<content hash>/ (tracebacks and
  inspect.getsource show them).
- Every type the package uses is generated into the same output (--with-dependencies) and
  imported from there, never from installed packages: a ROS 2 environment's std_msgs (another
  package under the same name) cannot be picked up by mistake, and nothing is added to
  sys.modules.

Errors (a bad .msg, an unknown type, a missing folder) raise MessageLoadError, whose text is
the compiler's diagnostics.
"""

import builtins
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
import types as _types

from ._errors import Error

__all__ = ["MessageLoadError", "MessagePackage", "load"]

# The name rules of the compiler (tools/msgc/lib/names.cpp), checked here only for a package
# name load() makes up (from a folder or the package keyword): the compiler checks the rest.
_PACKAGE_NAME = re.compile(r"[a-z][a-z0-9_]*")
# What generated modules import from each other: `from <pkg>.msg._<Type> import <Type> as ...`.
_GENERATED_MODULE = re.compile(r"([a-z][a-z0-9_]*)\.msg\._([A-Za-z][A-Za-z0-9_]*)")
_EXPECTED = ("expected a package folder (holding msg/<Type>.msg, srv/<Service>.srv or "
             "action/<Action>.action files), a folder of .msg files, or one .msg, .srv or .action file")
_KINDS = ("msg", "srv", "action")  # the interface folders, named as their files' extensions


class MessageLoadError(Error):
    """load() failed: the text names the path and carries the compiler's diagnostics
    (file:line:col: error: ..., the source line and a caret). `diagnostics` holds those alone
    ("" when load() refused the path before compiling)."""

    def __init__(self, message, diagnostics=""):
        super().__init__(message)
        self.diagnostics = diagnostics


class MessagePackage:
    """The types of one loaded package: one attribute per type (msgs.Obstacle; a .srv gives
    <Service>_Request and <Service>_Response, a .action its eight types <Action>_Goal, ...), as `from <package>.msg import <Type>` gives the
    generated ones, and that module's helpers for bounded strings and sequences: text(view),
    set_text(view, s), items(view), set_items(view, values).

    `package` is the package name, `path` the folder or file it was loaded from, `types` a dict
    of the types by name."""

    def __init__(self, package, path, types, helpers):
        self.package = package
        self.path = path
        self.types = dict(types)
        for name, fn in helpers.items():
            setattr(self, name, fn)
        for name, cls in self.types.items():
            setattr(self, name, cls)

    def __getattr__(self, name):
        # Only reached for a name that is neither a type nor a helper.
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(f"message package {self.package!r} (loaded from {self.path}) has no type "
                             f"{name!r}, expected one of: {', '.join(sorted(self.types)) or '(none)'}")

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.types))

    def __repr__(self):
        return f"<dmxp.msg package {self.package!r} from {self.path!r}: {', '.join(sorted(self.types))}>"


MessageLoadError.__module__ = MessagePackage.__module__ = "dmxp.msg"

_lock = threading.Lock()
_loaded = {}  # (content hash of the generated files, package) -> MessagePackage


def load(path, *, package=None, include=(), default_capacity=None, default_string_capacity=None):
    """Loads the message types of `path` and returns a MessagePackage.

    path: a package folder (holding msg/<Type>.msg, srv/<Service>.srv and/or
    action/<Action>.action; the package is the folder's name), one of those folders, a folder
    of loose .msg/.srv/.action files, or one such file (the package is the name of the folder above msg/, or of the file's own folder).
    package: the package name instead of the folder's (the types' full names use it).
    include: more folders holding packages (<root>/<pkg>/msg/...) whose types these use, like
    dmxp-msgc -I; sibling packages of `path` and DMXP's standard packages are always found.
    default_capacity, default_string_capacity: as dmxp-msgc's --default-* options.

    Loading unchanged sources again returns the same MessagePackage (the same classes); a
    changed file, of the package or of one it uses, gives a new one. Raises MessageLoadError
    with the compiler's diagnostics on any error."""
    shown = os.fspath(path)
    with tempfile.TemporaryDirectory(prefix="dmxp-msg-stage-") as stage:
        plan = _Plan(shown, package, stage)
        args = ["--lang", "python", "--with-dependencies"]
        for root in [*plan.include, *map(os.fspath, include)]:
            args += ["-I", os.path.abspath(root)]
        for flag, value in (("--default-capacity", default_capacity),
                            ("--default-string-capacity", default_string_capacity)):
            if value is not None:
                if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                    raise ValueError(f"{flag[2:].replace('-', '_')} must be a positive int, got {value!r}")
                args += [flag, str(value)]
        with _lock:
            tree = _compile(args, plan)
            key = (tree.digest, plan.package)
            if key not in _loaded:
                _loaded[key] = tree.package(plan.package, shown)
            return _loaded[key]


class _Plan:
    """What to hand the compiler for `path`: its inputs, the package name, and, where the
    folders are not laid out as <root>/<package>/msg/<Type>.msg (a loose file or folder, or a
    package keyword that renames), symlinks in `stage` that make them so. `shown` maps the
    staged paths in diagnostics back to the user's."""

    def __init__(self, path, package, stage):
        self.path = path
        self.include = []
        self._stage = stage
        self._links = []  # (staged path, real path)
        target = os.path.abspath(path)
        if os.path.isdir(target):
            self._plan_folder(target, package)
        elif os.path.isfile(target):
            self._plan_file(target, package)
        else:
            raise MessageLoadError(f"cannot load messages from {path}: no such file or folder, {_EXPECTED}")

    def _plan_folder(self, folder, package):
        name = os.path.basename(folder)
        if name in _KINDS:  # a package's msg/, srv/ or action/ folder
            pkg_dir = os.path.dirname(folder)
            self._named(package, os.path.basename(pkg_dir))
            self.inputs = [os.path.join(self._package_dir(pkg_dir), name)]
        elif any(os.path.isdir(os.path.join(folder, kind)) for kind in _KINDS):
            self._named(package, name)
            self.inputs = [self._package_dir(folder)]
        else:  # loose .msg/.srv/.action files: each is staged in the folder its extension needs
            self._named(package, name)
            files = sorted(f for f in os.listdir(folder) if _kind(f))
            if not files:
                raise MessageLoadError(f"cannot load messages from {self.path}: no .msg, .srv or .action files in it, "
                                       f"{_EXPECTED}")
            self.inputs = [os.path.join(self._staged_folder(folder, _kind(f)), f) for f in files]

    def _plan_file(self, file, package):
        folder, leaf = os.path.split(file)
        kind = _kind(leaf)
        if kind is None:
            raise MessageLoadError(f"cannot load messages from {self.path}: not a .msg, .srv or .action file, {_EXPECTED}")
        in_layout = os.path.basename(folder) == kind  # <root>/<pkg>/msg/<Type>.msg
        pkg_dir = os.path.dirname(folder)
        self._named(package, os.path.basename(pkg_dir if in_layout else folder))
        if in_layout and self.package == os.path.basename(pkg_dir):
            self.inputs = [file]
            return
        if in_layout:  # renamed: its sibling packages stay visible
            self.include.append(os.path.dirname(pkg_dir))
        self.inputs = [os.path.join(self._staged_folder(folder, kind), leaf)]

    def _named(self, package, from_folder):
        self.package = package if package is not None else from_folder
        if not isinstance(self.package, str) or not _PACKAGE_NAME.fullmatch(self.package):
            where = "the package keyword" if package is not None else "the folder's name"
            raise MessageLoadError(f"cannot load messages from {self.path}: package name {self.package!r} (from "
                                   f"{where}) is invalid, expected [a-z][a-z0-9_]* (pass package='...')")

    def _package_dir(self, pkg_dir):
        """pkg_dir itself, or a link to it named after the package when that differs; its
        sibling packages stay visible through -I."""
        if os.path.basename(pkg_dir) == self.package:
            return pkg_dir
        self.include.append(os.path.dirname(pkg_dir))
        return self._link(os.path.join(self._stage, self.package), pkg_dir)

    def _staged_folder(self, folder, kind):
        """<stage>/<package>/<kind> linked to folder: a loose file's siblings resolve there too,
        and the folder's dmxp_package.yaml (capacities) applies as a package's would."""
        pkg_dir = os.path.join(self._stage, self.package)
        staged = os.path.join(pkg_dir, kind)
        if os.path.islink(staged):
            return staged
        os.makedirs(pkg_dir, exist_ok=True)
        self._link(staged, folder)
        config = os.path.join(folder, "dmxp_package.yaml")
        if os.path.isfile(config) and not os.path.islink(os.path.join(pkg_dir, "dmxp_package.yaml")):
            self._link(os.path.join(pkg_dir, "dmxp_package.yaml"), config)
        if (pkg_dir, folder) not in self._links:
            self._links.append((pkg_dir, folder))  # named after the more specific links
        return staged

    def _link(self, staged, real):
        os.symlink(real, staged)
        self._links.append((staged, real))
        return staged

    def shown(self, text):
        for staged, real in self._links:
            text = text.replace(staged, real)
        # The stage is also a search root ("looked for ... under: <stage>, ..."), holding only
        # the loaded package itself: not worth naming.
        return text.replace(self._stage + ", ", "")


def _kind(file_name):
    """"msg", "srv" or "action" for an interface file's name, None for another file."""
    ext = os.path.splitext(file_name)[1][1:]
    return ext if ext in _KINDS else None


def _cache_root():
    """$DMXP_MSG_CACHE, else $XDG_CACHE_HOME/dmxp/msg or ~/.cache/dmxp/msg; a private folder
    in the temporary directory when those cannot be made."""
    explicit = os.environ.get("DMXP_MSG_CACHE")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    for root in ([explicit] if explicit else [os.path.join(base, "dmxp", "msg"),
                                              os.path.join(tempfile.gettempdir(), f"dmxp-msg-{os.getuid()}")]):
        try:
            os.makedirs(root, mode=0o700, exist_ok=True)
            if os.access(root, os.W_OK):
                return root
        except OSError:
            pass
    raise MessageLoadError(f"cannot make a cache folder for generated message types ({explicit or base}); "
                           "set $DMXP_MSG_CACHE to a writable folder")


def _compile(args, plan):
    """Runs the compiler into a new folder of the cache, then keeps that folder under the hash
    of what it generated (one copy per distinct output)."""
    from .msgc import find_compiler  # here: `python -m dmxp.msgc` must not find it imported by dmxp

    root = _cache_root()
    out = tempfile.mkdtemp(prefix=".new-", dir=root)
    try:
        proc = subprocess.run([find_compiler(), *args, "-o", out, *plan.inputs], capture_output=True, text=True)
        if proc.returncode != 0:
            lines = proc.stderr.rstrip("\n").split("\n")
            if lines and lines[-1].startswith("dmxp-msgc: "):  # the summary: "N errors; M inputs failed"
                lines.pop()
            diagnostics = plan.shown("\n".join(lines))
            raise MessageLoadError(f"cannot load messages from {plan.path}:\n{diagnostics}", diagnostics)
        digest = _digest(out)
        final = os.path.join(root, digest)
        try:
            os.rename(out, final)
        except OSError:  # already there (same content): from an earlier load or another process
            if not os.path.isdir(final):
                raise
        else:
            out = None
        return _GeneratedTree(os.path.join(final, "python"), digest)
    finally:
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)


def _digest(folder):
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for f in sorted(filenames):
            p = os.path.join(dirpath, f)
            h.update(os.path.relpath(p, folder).encode() + b"\0")
            with open(p, "rb") as fh:
                h.update(fh.read())
            h.update(b"\0")
    return h.hexdigest()[:32]


class _GeneratedTree:
    """The Python modules of one compiler output (<dir>/<pkg>/msg/_<Type>.py), each executed
    once, with their imports of one another (`from std_msgs.msg._Header import Header`)
    answered from this tree instead of sys.modules."""

    def __init__(self, python_dir, digest):
        self.dir = python_dir
        self.digest = digest
        self._modules = {}
        self._builtins = dict(vars(builtins), __import__=self._import)

    def package(self, name, shown):
        msg_dir = os.path.join(self.dir, name, "msg")
        type_names = sorted(f[1:-3] for f in os.listdir(msg_dir) if f.startswith("_") and f.endswith(".py")
                            and f != "__init__.py")
        found = {t: getattr(self._module(f"{name}.msg._{t}"), t) for t in type_names}
        init = self._module(f"{name}.msg")
        helpers = {h: getattr(init, h) for h in ("text", "set_text", "items", "set_items")}
        return MessagePackage(name, shown, found, helpers)

    def _module(self, name):
        module = self._modules.get(name)
        if module is None:
            parts = name.split(".")
            path = os.path.join(self.dir, *parts[:-1], parts[-1] + ".py") if len(parts) == 3 else \
                os.path.join(self.dir, *parts, "__init__.py")
            with open(path, encoding="utf-8") as f:
                code = compile(f.read(), path, "exec")
            module = _types.ModuleType(name)
            module.__file__ = path
            module.__builtins__ = self._builtins
            exec(code, module.__dict__)
            self._modules[name] = module
        return module

    def _import(self, name, globals=None, locals=None, fromlist=(), level=0):
        match = _GENERATED_MODULE.fullmatch(name) if level == 0 else None
        if match is None:
            return builtins.__import__(name, globals, locals, fromlist, level)
        if not os.path.isfile(os.path.join(self.dir, match[1], "msg", f"_{match[2]}.py")):
            raise ImportError(f"{name} is not among the types dmxp-msgc generated into {self.dir}", name=name)
        return self._module(name)
