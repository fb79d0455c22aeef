"""QoS events delivered to callbacks, with rclpy's names (rclpy.qos_event / rclpy.event_handler):

    from dmxp.qos_event import SubscriptionEventCallbacks

    def missed(info):                       # a QoSRequestedDeadlineMissedInfo
        print(info.total_count, info.total_count_change)

    node.create_subscription(Int64, "beat", on_beat, qos=dmxp.QoS(10, deadline=0.1),
                             event_callbacks=SubscriptionEventCallbacks(deadline=missed))

They run on the node's executor like the node's other callbacks (never two of a node at once),
taking the GIL as those do; an exception raised by one ends spin() as any callback's does.
A subscription made without a callback (take() / `await receive()`) gets message_lost from
take() itself, and its timed events (deadline, liveliness) only while an executor spins its
node. The events are the C++ runtime's (dmxp/rt/events.hpp, docs/nodes.md "QoS events"):

  subscription  deadline           nothing received for a whole QoS deadline period
                liveliness         the topic's live publishers changed (one was created,
                                   closed, its process died, or a manual one's lease ran out)
                message_lost       best effort: messages overwritten before they were read
                incompatible_qos   a publisher's QoS cannot serve this subscription's
  publisher     deadline           nothing published for a whole QoS deadline period
                incompatible_qos   a subscription requests more than this publisher offers

rclpy's other events have no counterpart here, and asking for one raises
dmxp.UnsupportedError: a publisher is not told that its own liveliness lease ran out, an
endpoint of another type is refused when it is made (dmxp.TypeMismatchError) rather than
reported, and matched events do not exist (`publisher.subscription_count` counts them).
"""

import enum

from ._errors import UnsupportedError


class QoSPolicyKind(enum.IntEnum):
    """rclpy's QoSPolicyKind: which policy made two endpoints incompatible."""
    INVALID = 1 << 0
    DURABILITY = 1 << 1
    DEADLINE = 1 << 2
    LIVELINESS = 1 << 3
    RELIABILITY = 1 << 4
    HISTORY = 1 << 5
    LIFESPAN = 1 << 6
    DEPTH = 1 << 7
    LIVELINESS_LEASE_DURATION = 1 << 8
    AVOID_ROS_NAMESPACE_CONVENTIONS = 1 << 9


class _Info:
    _fields = ()

    def __init__(self, *values):
        for name, value in zip(self._fields, values):
            setattr(self, name, value)

    def __eq__(self, other):
        return type(other) is type(self) and all(getattr(self, f) == getattr(other, f) for f in self._fields)

    def __repr__(self):
        return f"{type(self).__name__}(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields) + ")"


class QoSRequestedDeadlineMissedInfo(_Info):
    """Subscription deadline: total_count misses so far, total_count_change since the last
    event (1: each missed period is its own event)."""
    _fields = ("total_count", "total_count_change")


class QoSOfferedDeadlineMissedInfo(_Info):
    """Publisher deadline: as QoSRequestedDeadlineMissedInfo."""
    _fields = ("total_count", "total_count_change")


class QoSLivelinessChangedInfo(_Info):
    """alive_count: live publishers now; not_alive_count: publishers that went away (closed,
    their process died) since the subscription began, plus manual ones whose lease ran out;
    the changes since the last event."""
    _fields = ("alive_count", "not_alive_count", "alive_count_change", "not_alive_count_change")


class QoSMessageLostInfo(_Info):
    """total_count messages lost so far, total_count_change since the last event. DMXP adds
    overrun_count: messages whose slot was overwritten while a callback still read it."""
    _fields = ("total_count", "total_count_change", "overrun_count")


class _IncompatibleQoSInfo(_Info):
    """total_count incompatible endpoints seen so far (one event each: total_count_change 1);
    last_policy_kind (a QoSPolicyKind) names the policy. DMXP adds the topic, `policy` as the
    runtime names it ("reliability", "durability", "deadline", "liveliness"), its `reason`,
    and `other_node`, the full name of the other endpoint's node ("" when unknown)."""
    _fields = ("total_count", "total_count_change", "last_policy_kind", "topic", "policy", "reason", "other_node")


class QoSRequestedIncompatibleQoSInfo(_IncompatibleQoSInfo):
    """A subscription's: a publisher offers less than it requests."""


class QoSOfferedIncompatibleQoSInfo(_IncompatibleQoSInfo):
    """A publisher's: a subscription requests more than it offers."""


_POLICY_KINDS = {
    "reliability": QoSPolicyKind.RELIABILITY,
    "durability": QoSPolicyKind.DURABILITY,
    "deadline": QoSPolicyKind.DEADLINE,
    "liveliness": QoSPolicyKind.LIVELINESS,
}


class _EventCallbacks:
    _endpoint = ""
    _unsupported = {}

    def __init__(self, **callbacks):
        self._callbacks = {}
        for name, callback in callbacks.items():
            if name == "use_default_callbacks":  # rclpy's: the runtime always logs incompatible QoS
                continue
            if callback is None:
                continue
            if name in self._unsupported:
                raise UnsupportedError(f"{type(self).__name__}({name}=...): {self._unsupported[name]}")
            if name not in self._supported:
                raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument '{name}' "
                                f"(events of a {self._endpoint}: {', '.join(self._supported)})")
            if not callable(callback):
                raise TypeError(f"{type(self).__name__}({name}=...): {callback!r} is not callable")
            self._callbacks[name] = callback

    def __getattr__(self, name):
        if name in type(self)._supported:
            return self._callbacks.get(name)
        raise AttributeError(name)

    def _adapters(self):
        """What the binding calls (with the runtime's numbers), by event name."""
        return {name: getattr(self, "_adapt_" + name)(cb) for name, cb in self._callbacks.items()}

    @staticmethod
    def _adapt_incompatible(info_class, callback):
        def adapter(total_count, topic, policy, reason, other_node):
            callback(info_class(total_count, 1, _POLICY_KINDS.get(policy, QoSPolicyKind.INVALID), topic, policy,
                                reason, other_node))
        return adapter


_NO_TYPE_EVENT = ("DMXP refuses an endpoint of another type when it is made (dmxp.TypeMismatchError "
                  "names both types), so there is no incompatible-type event")
_NO_MATCHED_EVENT = ("DMXP has no matched events; publisher.subscription_count and "
                     "subscription.publisher_count count the other side")


class SubscriptionEventCallbacks(_EventCallbacks):
    """rclpy's SubscriptionEventCallbacks: deadline(QoSRequestedDeadlineMissedInfo),
    liveliness(QoSLivelinessChangedInfo), message_lost(QoSMessageLostInfo),
    incompatible_qos(QoSRequestedIncompatibleQoSInfo). Give it to
    node.create_subscription(..., event_callbacks=...)."""
    _endpoint = "subscription"
    _supported = ("deadline", "liveliness", "message_lost", "incompatible_qos")
    _unsupported = {"incompatible_type": _NO_TYPE_EVENT, "matched": _NO_MATCHED_EVENT}

    def __init__(self, *, deadline=None, incompatible_qos=None, liveliness=None, message_lost=None,
                 incompatible_type=None, matched=None, use_default_callbacks=True):
        super().__init__(deadline=deadline, incompatible_qos=incompatible_qos, liveliness=liveliness,
                         message_lost=message_lost, incompatible_type=incompatible_type, matched=matched)

    @staticmethod
    def _adapt_deadline(callback):
        return lambda total, change: callback(QoSRequestedDeadlineMissedInfo(total, change))

    @staticmethod
    def _adapt_liveliness(callback):
        return lambda *counts: callback(QoSLivelinessChangedInfo(*counts))

    @staticmethod
    def _adapt_message_lost(callback):
        return lambda total, change, overruns: callback(QoSMessageLostInfo(total, change, overruns))

    @classmethod
    def _adapt_incompatible_qos(cls, callback):
        return cls._adapt_incompatible(QoSRequestedIncompatibleQoSInfo, callback)


class PublisherEventCallbacks(_EventCallbacks):
    """rclpy's PublisherEventCallbacks: deadline(QoSOfferedDeadlineMissedInfo),
    incompatible_qos(QoSOfferedIncompatibleQoSInfo). Give it to
    node.create_publisher(..., event_callbacks=...)."""
    _endpoint = "publisher"
    _supported = ("deadline", "incompatible_qos")
    _unsupported = {
        "liveliness": "a DMXP publisher is not told that its own liveliness lease ran out (no "
                      "liveliness-lost event); subscriptions get liveliness changes "
                      "(SubscriptionEventCallbacks(liveliness=...))",
        "incompatible_type": _NO_TYPE_EVENT,
        "matched": _NO_MATCHED_EVENT,
    }

    def __init__(self, *, deadline=None, incompatible_qos=None, liveliness=None, incompatible_type=None,
                 matched=None, use_default_callbacks=True):
        super().__init__(deadline=deadline, incompatible_qos=incompatible_qos, liveliness=liveliness,
                         incompatible_type=incompatible_type, matched=matched)

    @staticmethod
    def _adapt_deadline(callback):
        return lambda total, change: callback(QoSOfferedDeadlineMissedInfo(total, change))

    @classmethod
    def _adapt_incompatible_qos(cls, callback):
        return cls._adapt_incompatible(QoSOfferedIncompatibleQoSInfo, callback)


def _adapters(event_callbacks, kind):
    """The dict the binding takes, from an event_callbacks argument of create_<kind>."""
    if event_callbacks is None:
        return {}
    if not isinstance(event_callbacks, kind):
        raise TypeError(f"event_callbacks must be a dmxp.qos_event.{kind.__name__}, got {event_callbacks!r}")
    return event_callbacks._adapters()
