"""dmxp.Node and executors: the C++ node runtime (framework/rt) from Python.

    import dmxp
    from std_msgs.msg import Float64

    node = dmxp.Node("talker")                      # reads --ros-args -r/-p from sys.argv
    rate = node.declare_parameter("rate_hz", 10.0)
    pub = node.create_publisher(Float64, "value", qos=10)
    def tick():
        with pub.loan() as msg:                     # a zeroed Float64 in a ring slot
            msg["data"] = 1.5
    timer = node.create_timer(1.0 / rate, tick)
    dmxp.spin(node)                                 # until Ctrl-C / SIGTERM

Topics carry the type's fingerprint: a C++ or Python endpoint of another type is refused with
dmxp.TypeMismatchError naming both types. Python nodes appear in the graph like C++ ones.
A message given to a subscription callback is a read-only view of its slot, valid while the
callback runs (copy it with .copy() to keep it).
"""

import inspect
import signal
import sys
import threading

from . import _dmxp


class Node:
    """A node: name, namespace, remaps and parameter overrides (from `arguments`, by default
    sys.argv: `--ros-args -r from:=to -p name:=value --params-file f.yaml --log-level l`),
    publishers, subscriptions, timers, services, clients and parameters. The process's own
    command line applies too, as global arguments that `arguments` override (docs/nodes.md,
    "Command line"), unless use_global_arguments=False."""

    def __init__(self, name, *, namespace="/", domain=None, arguments=None, parameter_overrides=None,
                 use_global_arguments=True, start_parameter_services=True, enable_graph=True, log_level=None):
        self._node = _dmxp._Node(
            name, namespace=namespace, domain=domain,
            arguments=list(sys.argv if arguments is None else arguments),
            parameter_overrides=parameter_overrides, use_global_arguments=use_global_arguments,
            start_parameter_services=start_parameter_services, enable_graph=enable_graph, log_level=log_level)

    # ---- identity ----
    @property
    def name(self):
        return self._node.name

    @property
    def namespace(self):
        return self._node.namespace

    @property
    def fully_qualified_name(self):
        return self._node.fully_qualified_name

    @property
    def domain(self):
        return self._node.domain

    def resolve_topic_name(self, topic):
        """'scan' -> '/ns/scan', with this node's remaps."""
        return self._node.resolve_topic_name(topic)

    # ---- topics ----
    def create_publisher(self, msg_type, topic, qos=10):
        """A Publisher of msg_type (a generated message class) on topic."""
        return _dmxp._create_publisher(self._node, msg_type, topic, _qos(qos))

    def create_subscription(self, msg_type, topic, callback, qos=10):
        """Calls callback(msg) or callback(msg, info) for each message: msg is a read-only
        msg_type view of the slot (valid during the callback), info a dmxp.MessageInfo."""
        return _dmxp._create_subscription(self._node, msg_type, topic, callback, _qos(qos),
                                          _takes_two(callback))

    # ---- timers ----
    def create_timer(self, period, callback):
        """callback() every `period` seconds (steady clock) while the node spins."""
        return self._node.create_timer(period, callback)

    def create_wall_timer(self, period, callback):
        return self._node.create_wall_timer(period, callback)

    # ---- services ----
    def create_service(self, request_type, response_type, name, handler, queue_depth=16):
        """Serves `name`: handler(request, response) reads the request view and fills the
        response view (zeroed) in place; an exception fails the call with its message."""
        return _dmxp._create_service(self._node, request_type, response_type, name, handler, queue_depth)

    def create_client(self, request_type, response_type, name):
        return _dmxp._create_client(self._node, request_type, response_type, name)

    # ---- parameters ----
    def declare_parameter(self, name, default_value, *, description="", read_only=False, dynamic_typing=False):
        return self._node.declare_parameter(name, default_value, description, read_only, dynamic_typing)

    def get_parameter(self, name):
        return self._node.get_parameter(name)

    def has_parameter(self, name):
        return self._node.has_parameter(name)

    def set_parameter(self, name, value):
        return self._node.set_parameters({name: value})

    def set_parameters(self, values):
        return self._node.set_parameters(values)

    def list_parameters(self):
        return self._node.list_parameters()

    def add_on_set_parameters_callback(self, callback):
        return self._node.add_on_set_parameters_callback(callback)

    def remove_on_set_parameters_callback(self, callback_id):
        self._node.remove_on_set_parameters_callback(callback_id)

    # ---- logging ----
    def get_logger(self):
        return _Logger(self._node)

    def destroy_node(self):
        self._node.destroy()


class _Logger:
    def __init__(self, node):
        self._node = node

    def debug(self, text):
        self._node.log("debug", str(text))

    def info(self, text):
        self._node.log("info", str(text))

    def warning(self, text):
        self._node.log("warn", str(text))

    warn = warning

    def error(self, text):
        self._node.log("error", str(text))


class Executor:
    """Runs the callbacks of nodes. threads > 1 runs a node's callbacks on several threads
    (each taking the GIL in turn); busy_poll (one thread) trades a core for latency.
    spin() returns on SIGINT/SIGTERM, cancel() or dmxp.shutdown(), and raises an exception
    a callback raised."""

    def __init__(self, threads=1, busy_poll=False):
        self._executor = _dmxp._Executor(threads, busy_poll, True)
        self._nodes = []

    def add_node(self, node):
        self._executor.add_node(node._node)
        self._nodes.append(node)

    def remove_node(self, node):
        self._executor.remove_node(node._node)
        self._nodes.remove(node)

    def spin(self, duration=None):
        """Until a signal, cancel() or shutdown(); at most `duration` seconds when given."""
        with _PythonSignalsKept():
            self._executor.spin(duration)

    def cancel(self):
        self._executor.cancel()


class SingleThreadedExecutor(Executor):
    def __init__(self, busy_poll=False):
        super().__init__(1, busy_poll)


class MultiThreadedExecutor(Executor):
    def __init__(self, threads=0):
        super().__init__(threads, False)


def spin(*nodes, duration=None, threads=1):
    """Spins the nodes in a new executor until SIGINT/SIGTERM (or `duration` seconds)."""
    executor = Executor(threads)
    for n in nodes:
        executor.add_node(n)
    executor.spin(duration)


class _PythonSignalsKept:
    """The executor handles SIGINT/SIGTERM while it spins and leaves them at their defaults
    afterwards; this puts Python's handlers back (Ctrl-C raises KeyboardInterrupt again)."""

    def __enter__(self):
        self._main = threading.current_thread() is threading.main_thread()
        if self._main:
            self._saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *exc):
        if self._main:
            for s, handler in self._saved.items():
                if handler is not None:
                    signal.signal(s, handler)
        return False


def _qos(qos):
    return qos if isinstance(qos, _dmxp.QoS) else _dmxp.QoS(int(qos))


def _takes_two(callback):
    try:
        params = inspect.signature(callback).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in params)
