"""The exceptions of dmxp: one class per status code of the C library (dmxp.h), under one
base, dmxp.Error. The message is the library's: what failed, naming the channel or topic, and
what to do. `status` holds the C status code (negative int).

    Error
    ├── InvalidArgumentError (also ValueError)    bad name, size, option or handle
    ├── ChannelError                               problems with a channel's segment
    │   ├── NotFoundError (also LookupError)       the channel (or service) does not exist
    │   ├── ExistsError                            exists but exclusive creation was asked
    │   ├── PermissionDeniedError (PermissionError)
    │   ├── CorruptError                           a header or slot failed validation
    │   ├── TypeMismatchError (also TypeError)     type fingerprint, slot size, mode or ABI differ
    │   ├── ResourceError                          out of shared memory, tables full
    │   └── UnsupportedError                       not for this channel's mode (or a service failed)
    ├── WouldBlockError                            nothing to receive / no room, timeout 0
    ├── TimeoutError (also builtins.TimeoutError)
    ├── TooLargeError (also ValueError)            message larger than the slot size
    ├── OverrunError                               a KEEP_LAST view was overwritten while held
    ├── BusyError                                  a loan is open, a name is in use, a handle is
    │                                              used by two threads
    ├── InterruptedError                           a wait was interrupted by a signal
    └── SystemCallError (also OSError)             an operating-system call failed
"""

import builtins as _builtins


class Error(Exception):
    """Base of every DMXP failure; `status` is the C status code."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class InvalidArgumentError(Error, ValueError):
    pass


class ChannelError(Error):
    pass


class NotFoundError(ChannelError, LookupError):
    pass


class ExistsError(ChannelError):
    pass


class PermissionDeniedError(ChannelError, PermissionError):
    pass


class CorruptError(ChannelError):
    pass


class TypeMismatchError(ChannelError, TypeError):
    pass


class ResourceError(ChannelError):
    pass


class UnsupportedError(ChannelError):
    pass


class WouldBlockError(Error):
    pass


class TimeoutError(Error, _builtins.TimeoutError):  # noqa: A001 - dmxp.TimeoutError on purpose
    pass


class TooLargeError(Error, ValueError):
    pass


class OverrunError(Error):
    pass


class BusyError(Error):
    pass


class InterruptedError(Error):  # noqa: A001
    pass


class SystemCallError(Error, OSError):
    pass


_BY_STATUS = {
    -1: InvalidArgumentError,
    -2: NotFoundError,
    -3: ExistsError,
    -4: PermissionDeniedError,
    -5: CorruptError,
    -6: TypeMismatchError,
    -7: WouldBlockError,
    -8: TimeoutError,
    -9: TooLargeError,
    -10: OverrunError,
    -11: BusyError,
    -12: ResourceError,
    -13: InterruptedError,
    -14: SystemCallError,
    -15: UnsupportedError,
}


def error_class(status):
    """The exception class for a C status code (Error for an unknown one)."""
    return _BY_STATUS.get(status, Error)


for _cls in list(_BY_STATUS.values()) + [Error, ChannelError]:
    _cls.__module__ = "dmxp"  # shown as dmxp.TimeoutError, where users catch it
