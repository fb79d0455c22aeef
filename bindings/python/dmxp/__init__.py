"""dmxp: DMXP shared-memory channels and nodes for Python.

Channels (the product sheet's Quick Start)::

    import dmxp
    prod = dmxp.create_producer(channel_id=100)
    prod.send(b"Hello from Python")
    cons = dmxp.create_consumer(channel_id=100)
    msg = cons.receive()            # a read-only view into the ring: bytes(msg) copies it

Zero-copy: ``numpy.frombuffer(msg, numpy.uint8)`` shares the slot's memory;
``with prod.loan(n) as buf:`` writes straight into a slot. A Message is valid until the next
receive or release on its consumer (``msg.valid``). Typed messages: the classes dmxp-msgc
generates (``from sensor_msgs.msg import Image``) give numpy structured views:
``Image.view(msg)``, and ``dmxp.image_array(view)`` is the (height, width, channels) array;
``dmxp.set_image(loaned_view, height, width, encoding)`` writes an Image's layout and returns it.

Nodes, interoperating with C++ nodes of the node runtime: see dmxp.Node and docs/python.md;
managed nodes: dmxp.LifecycleNode (docs/lifecycle.md).
Your own message types without C++: ``msgs = dmxp.msg.load("my_msgs")`` compiles the package's
.msg files with the bundled dmxp-msgc (``python -m dmxp.msgc``) and returns its types.
Errors are exceptions carrying the library's message: dmxp.Error and its subclasses.
"""

from ._errors import (  # noqa: F401
    BusyError,
    ChannelError,
    CorruptError,
    Error,
    ExistsError,
    InterruptedError,
    InvalidArgumentError,
    NotFoundError,
    OverrunError,
    PermissionDeniedError,
    ResourceError,
    SystemCallError,
    TimeoutError,
    TooLargeError,
    TypeMismatchError,
    UnsupportedError,
    WouldBlockError,
)
from ._dmxp import (  # noqa: F401
    BatchLoan,
    Client,
    Consumer,
    Loan,
    Merge,
    Message,
    MessageInfo,
    Producer,
    Publisher,
    QoS,
    Service,
    SetParametersResult,
    Subscription,
    Timer,
    WaitSet,
    abi_version,
    channel_descriptor,
    channel_info,
    gc_channels,
    graph,
    list_channels,
    ok,
    remove_channel,
    shutdown,
    status_name,
    strerror,
)
from ._channels import create_consumer, create_producer  # noqa: F401
from ._futures import Future  # noqa: F401  (Client.call_async)
from . import qos_event  # noqa: F401  (event_callbacks=, rclpy's names)
from .qos_event import (  # noqa: F401
    PublisherEventCallbacks,
    QoSLivelinessChangedInfo,
    QoSMessageLostInfo,
    QoSOfferedDeadlineMissedInfo,
    QoSOfferedIncompatibleQoSInfo,
    QoSPolicyKind,
    QoSRequestedDeadlineMissedInfo,
    QoSRequestedIncompatibleQoSInfo,
    SubscriptionEventCallbacks,
)
from ._images import image_array, set_image  # noqa: F401
from ._node import Executor, MultiThreadedExecutor, Node, SingleThreadedExecutor, spin  # noqa: F401
from ._lifecycle import (  # noqa: F401
    LifecycleNode,
    LifecyclePublisher,
    LifecycleState,
    LifecycleTransition,
    TransitionCallbackReturn,
)
from ._action import (  # noqa: F401  (docs/actions.md)
    ActionClient,
    ActionResult,
    ActionServer,
    CancelGoalResponse,
    CancelResponse,
    ClientGoalHandle,
    GoalResponse,
    GoalStatus,
    ServerGoalHandle,
    spin_until_future_complete,
)
from . import msg  # noqa: F401  (dmxp.msg.load)

__version__ = "0.1.0"
