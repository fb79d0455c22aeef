"""dmxp.Node and executors: the C++ node runtime (framework/rt) from Python.

    import dmxp
    from std_msgs.msg import Float64

    node = dmxp.Node("talker")                      # reads --ros-args -r/-p from sys.argv
    rate = node.declare_parameter("rate_hz", 10.0)
    pub = node.create_publisher(Float64, "value", qos=10)
    def tick():
        with pub.loan() as msg:                     # a Float64 in a ring slot (C++ loan semantics)
            msg["data"] = 1.5
    node.create_timer(1.0 / rate, tick)             # the node keeps what it creates
    dmxp.spin(node)                                 # until Ctrl-C / SIGTERM

Topics carry the type's fingerprint: a C++ or Python endpoint of another type is refused with
dmxp.TypeMismatchError naming both types. Python nodes appear in the graph like C++ ones.
A message given to a subscription callback is a read-only view of its slot, valid while the
callback runs (copy it with .copy() to keep it).

Ownership (as in rclpy): the node keeps every publisher, subscription, timer, service and
client it creates, so `node.create_subscription(T, "t", cb)` works without keeping the handle.
node.destroy_subscription(sub) (destroy_publisher, destroy_timer, destroy_service,
destroy_client) ends one; node.destroy_node() ends them all. The handle is for reading its
state and for destroying it.
"""

import inspect
import signal
import sys
import threading

from . import _dmxp, qos_event


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
        self._entities = {}  # what this node created and keeps: handle -> kind (insertion order)

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
    def create_publisher(self, msg_type, topic, qos=10, *, event_callbacks=None):
        """A Publisher of msg_type (a generated message class) on topic, kept by the node.
        event_callbacks: a dmxp.qos_event.PublisherEventCallbacks (deadline,
        incompatible_qos), run while the node spins."""
        events = qos_event._adapters(event_callbacks, qos_event.PublisherEventCallbacks)
        return self._keep(_dmxp._create_publisher(self._node, msg_type, topic, _qos(qos), events))

    def create_subscription(self, msg_type, topic, callback=None, qos=10, *, event_callbacks=None):
        """Calls callback(msg) or callback(msg, info) for each message while the node spins:
        msg is a read-only msg_type view of the slot (valid during the callback), info a
        dmxp.MessageInfo. Without a callback, executors leave it alone and the program takes
        messages with sub.take() or `await sub.receive()` (copies). Kept by the node.
        event_callbacks: a dmxp.qos_event.SubscriptionEventCallbacks (deadline, liveliness,
        message_lost, incompatible_qos)."""
        with_info = callback is not None and _takes_two(callback)
        events = qos_event._adapters(event_callbacks, qos_event.SubscriptionEventCallbacks)
        return self._keep(_dmxp._create_subscription(self._node, msg_type, topic, callback, _qos(qos), with_info,
                                                     events))

    # ---- timers ----
    def create_timer(self, period, callback):
        """callback() every `period` seconds (steady clock) while the node spins."""
        return self._keep(self._node.create_timer(period, callback))

    def create_wall_timer(self, period, callback):
        return self._keep(self._node.create_wall_timer(period, callback))

    # ---- services ----
    def create_service(self, request_type, response_type, name, handler, queue_depth=16, response_depth=16):
        """Serves `name`: handler(request, response) reads the request view and fills the
        response view (zeroed, .msg defaults set) in place; an exception fails the call with
        its message. queue_depth / response_depth: the request and response rings, when this
        server is the service's first endpoint (keep them above the calls in flight)."""
        return self._keep(_dmxp._create_service(self._node, request_type, response_type, name, handler,
                                                queue_depth, response_depth))

    def create_client(self, request_type, response_type, name, response_depth=16):
        """A Client of `name`: call(request) waits; call_async(request) returns a dmxp.Future
        (spin_until_future_complete, or `await` it in asyncio code). response_depth: the
        response ring, when this client is the service's first endpoint."""
        return self._keep(_dmxp._create_client(self._node, request_type, response_type, name, response_depth))

    # ---- ending what the node created ----
    def destroy_publisher(self, publisher):
        """Ends publisher; True if this node had it (False: another node's, or destroyed)."""
        return self._destroy(publisher)

    def destroy_subscription(self, subscription):
        """Ends subscription: no callback of it starts afterwards (one that runs finishes)."""
        return self._destroy(subscription)

    def destroy_timer(self, timer):
        return self._destroy(timer)

    def destroy_service(self, service):
        return self._destroy(service)

    def destroy_client(self, client):
        return self._destroy(client)

    @property
    def publishers(self):
        return self._held(_dmxp.Publisher)

    @property
    def subscriptions(self):
        return self._held(_dmxp.Subscription)

    @property
    def timers(self):
        return self._held(_dmxp.Timer)

    @property
    def services(self):
        return self._held(_dmxp.Service)

    @property
    def clients(self):
        return self._held(_dmxp.Client)

    def _held(self, kind):
        return [e for e in self._entities if isinstance(e, kind)]

    def _keep(self, entity):
        self._entities[entity] = True
        return entity

    def _destroy(self, entity):
        if self._entities.pop(entity, None) is None:
            return False
        entity.destroy()
        return True

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
        """Ends everything the node created, newest first, then the node."""
        for entity in reversed(list(self._entities)):
            entity.destroy()
        self._entities.clear()
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
    spin: seconds the waiter polls its channels after each wake-up before it sleeps again
    (None: the default, ~10 us); a reply that comes back within it costs no wake-up (see
    docs/python.md, "Executors and latency"). ValueError when negative.
    spin() returns on SIGINT/SIGTERM, cancel() or dmxp.shutdown(), and raises an exception
    a callback raised."""

    def __init__(self, threads=1, busy_poll=False, spin=None):
        self._executor = _dmxp._Executor(threads, busy_poll, True, spin)
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
    def __init__(self, busy_poll=False, spin=None):
        super().__init__(1, busy_poll, spin)


class MultiThreadedExecutor(Executor):
    def __init__(self, threads=0, spin=None):
        super().__init__(threads, False, spin)


def spin(*nodes, duration=None, threads=1, spin=None):
    """Spins the nodes in a new executor until SIGINT/SIGTERM (or `duration` seconds);
    `spin` as in Executor."""
    executor = Executor(threads, spin=spin)
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
