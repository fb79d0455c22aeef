"""create_producer / create_consumer: the product sheet's spelling of Producer(...) and
Consumer(...), plus typed views of received messages."""

from . import _dmxp


def _channel(channel_id, channel):
    if (channel_id is None) == (channel is None):
        raise _dmxp_error("give exactly one of channel_id (an int) or channel (a name)")
    return channel_id if channel is None else channel


def _dmxp_error(text):
    from ._errors import InvalidArgumentError

    return InvalidArgumentError(text, -1)


def create_producer(channel_id=None, *, channel=None, **options):
    """A Producer on channel `channel_id` (int) or `channel` (name). Options as dmxp.Producer:
    domain, mode ('broadcast' | 'queue'), backpressure ('reliable' | 'keep_last'), capacity,
    slot_size, msg_type (a generated message class), ..."""
    return _dmxp.Producer(_channel(channel_id, channel), **options)


def create_consumer(channel_id=None, *, channel=None, **options):
    """A Consumer on channel `channel_id` (int) or `channel` (name). Options as dmxp.Consumer:
    name (durable cursor), start ('oldest' | 'newest'), spin, and the channel options."""
    return _dmxp.Consumer(_channel(channel_id, channel), **options)


def _message_view(self, msg_type):
    """msg_type.view(self): a read-only numpy structured view of the payload (no copy)."""
    return msg_type.view(self)


def _message_array(self, dtype="u1"):
    """numpy.frombuffer over the payload (no copy, read-only)."""
    import numpy

    return numpy.frombuffer(self, dtype=dtype)


_dmxp.Message.view = _message_view
_dmxp.Message.array = _message_array
