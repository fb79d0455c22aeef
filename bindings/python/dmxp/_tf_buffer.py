"""The transform tree in Python (numpy), as tf2's BufferCore and DMXP's C++ dmxp::tf::Buffer
(framework/tf): the same semantics, error classes and texts (docs/tf.md).

Times are integer nanoseconds on the stamps' clock; 0 in a lookup means the latest time every
dynamic link of the chain has. Rotations are quaternions [x, y, z, w] (ROS order).
"""

import bisect
import dataclasses
import math
import threading
import time as _time

import numpy as np


class TransformException(Exception):
    """Every transform error (tf2_ros.TransformException)."""


class LookupException(TransformException):
    """A frame the buffer never saw."""


class ConnectivityException(TransformException):
    """Both frames are known but not in one tree."""


class ExtrapolationException(TransformException):
    """The time asked for is outside what a link of the chain holds."""


class InvalidArgumentException(TransformException):
    """A transform rejected on insertion, or a lookup naming a frame with a leading '/'."""


_LOOP = "The tf tree is invalid because it contains a loop."
_MAX_DEPTH = 1000


def quaternion_multiply(a, b):
    ax, ay, az, aw = a
    bx, by, bz, bw = b
    return np.array([aw * bx + ax * bw + ay * bz - az * by, aw * by - ax * bz + ay * bw + az * bx,
                     aw * bz + ax * by - ay * bx + az * bw, aw * bw - ax * bx - ay * by - az * bz])


def quaternion_rotate(q, v):
    """v rotated by the unit quaternion q."""
    u, w = np.asarray(q[:3], dtype=float), float(q[3])
    v = np.asarray(v, dtype=float)
    return v + 2.0 * np.cross(u, np.cross(u, v) + w * v)


def quaternion_slerp(a, b, r):
    """Spherical interpolation from a (r = 0) to b (r = 1), the short way round."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    d = float(np.dot(a, b))
    if d < 0.0:
        b, d = -b, -d
    if d > 0.9995:
        q = a + r * (b - a)
    else:
        theta = math.acos(d)
        q = (math.sin((1.0 - r) * theta) * a + math.sin(r * theta) * b) / math.sin(theta)
    return q / np.linalg.norm(q)


def format_time(t):
    """Seconds with six decimals, as tf2 prints times in its errors."""
    return "%.6f" % (t * 1e-9)


@dataclasses.dataclass
class TransformStamped:
    """The transform mapping points in child_frame_id into frame_id at stamp (nanoseconds)."""
    stamp: int = 0
    frame_id: str = ""
    child_frame_id: str = ""
    translation: np.ndarray = dataclasses.field(default_factory=lambda: np.zeros(3))
    rotation: np.ndarray = dataclasses.field(default_factory=lambda: np.array([0.0, 0.0, 0.0, 1.0]))

    def matrix(self):
        """The 4x4 homogeneous matrix."""
        x, y, z, w = self.rotation
        m = np.eye(4)
        m[:3, :3] = [[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                     [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                     [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]]
        m[:3, 3] = self.translation
        return m

    def apply(self, point):
        """A point of child_frame_id in frame_id."""
        return quaternion_rotate(self.rotation, point) + self.translation


def _compose(a, b):
    """(translation, rotation) of a then b: points of b's child into a's parent."""
    return a[0] + quaternion_rotate(a[1], b[0]), quaternion_multiply(a[1], b[1])


def _inverse(a):
    q = np.array([-a[1][0], -a[1][1], -a[1][2], a[1][3]])
    return -quaternion_rotate(q, a[0]), q


_IDENTITY = (np.zeros(3), np.array([0.0, 0.0, 0.0, 1.0]))


class _Cache:
    """One frame's link to its parent over time (one sample when static)."""

    def __init__(self, is_static, span):
        self.is_static, self.span = is_static, span
        self.stamps, self.samples = [], []  # ascending; sample = (parent, translation, rotation)

    def insert(self, stamp, sample):
        if self.is_static:
            self.stamps, self.samples = [stamp], [sample]
            return None
        if self.stamps and stamp < self.stamps[-1] - self.span:
            return (f"TF_OLD_DATA: data at time {format_time(stamp)} is older than the {format_time(self.span)} s "
                    f"the cache keeps behind its newest, {format_time(self.stamps[-1])}")
        i = bisect.bisect_left(self.stamps, stamp)
        if i < len(self.stamps) and self.stamps[i] == stamp:
            return f"TF_REPEATED_DATA: already have data at time {format_time(stamp)}"
        self.stamps.insert(i, stamp)
        self.samples.insert(i, sample)
        drop = bisect.bisect_left(self.stamps, self.stamps[-1] - self.span)
        del self.stamps[:drop], self.samples[:drop]
        return None

    def at(self, t):
        """(sample, None) or (None, tf2's extrapolation text)."""
        if self.is_static or t == 0:
            return self.samples[-1], None
        if len(self.stamps) == 1:
            if t == self.stamps[0]:
                return self.samples[0], None
            return None, (f"Lookup would require extrapolation at time {format_time(t)}, but only time "
                          f"{format_time(self.stamps[0])} is in the buffer")
        if t > self.stamps[-1]:
            return None, (f"Lookup would require extrapolation into the future.  Requested time {format_time(t)} "
                          f"but the latest data is at time {format_time(self.stamps[-1])}")
        if t < self.stamps[0]:
            return None, (f"Lookup would require extrapolation into the past.  Requested time {format_time(t)} "
                          f"but the earliest data is at time {format_time(self.stamps[0])}")
        i = bisect.bisect_left(self.stamps, t)
        if self.stamps[i] == t:
            return self.samples[i], None
        lo, hi = self.samples[i - 1], self.samples[i]
        if lo[0] != hi[0]:
            return lo, None  # reparented: no interpolation across the change, as tf2
        r = (t - self.stamps[i - 1]) / (self.stamps[i] - self.stamps[i - 1])
        return (lo[0], (1.0 - r) * lo[1] + r * hi[1], quaternion_slerp(lo[2], hi[2], r)), None


def _strip(frame):
    return frame[1:] if frame.startswith("/") else frame


def _validate_lookup_frame(frame, argument):
    if not frame:
        raise InvalidArgumentException(
            f"Invalid argument passed to lookupTransform argument {argument} in tf2 frame_ids cannot be empty")
    if frame.startswith("/"):
        raise InvalidArgumentException(f"Invalid argument \"{frame}\" passed to lookupTransform argument "
                                       f"{argument} - in tf2 frame_ids cannot start with a '/' like: ")


class Buffer:
    """The transform tree: set_transform() (a listener calls it) and lookup_transform(target,
    source, time). Thread-safe."""

    def __init__(self, cache_time=10.0):
        self._span = int(cache_time * 1e9)
        self._caches = {}     # child -> _Cache
        self._known = set()   # every frame seen, children and parents
        self._authority = {}
        self._changed = threading.Condition()

    def set_transform(self, t, authority, is_static=False):
        """Adds t (a TransformStamped). Raises InvalidArgumentException with tf2's TF_* text;
        returns None when stored, else why the cache ignored it (old or repeated data)."""
        parent, child = _strip(t.frame_id), _strip(t.child_frame_id)
        if not child:
            raise InvalidArgumentException(
                f"TF_NO_CHILD_FRAME_ID: Ignoring transform from authority \"{authority}\" because child_frame_id not set")
        if not parent:
            raise InvalidArgumentException(f"TF_NO_FRAME_ID: Ignoring transform with child_frame_id \"{child}\" from "
                                           f"authority \"{authority}\" because frame_id not set")
        if parent == child:
            raise InvalidArgumentException(f"TF_SELF_TRANSFORM: Ignoring transform from authority \"{authority}\" "
                                           f"with frame_id and child_frame_id \"{child}\" because they are the same")
        translation = np.asarray(t.translation, dtype=float)
        rotation = np.asarray(t.rotation, dtype=float)
        if not (np.all(np.isfinite(translation)) and np.all(np.isfinite(rotation))):
            raise InvalidArgumentException(f"TF_NAN_INPUT: Ignoring transform for child_frame_id \"{child}\" from "
                                           f"authority \"{authority}\" because of a nan value in the transform")
        norm = float(np.linalg.norm(rotation))
        if abs(norm - 1.0) >= 1e-2:
            raise InvalidArgumentException(
                f"TF_DENORMALIZED_QUATERNION: Ignoring transform for child_frame_id \"{child}\" because of an "
                f"invalid quaternion in the transform ({' '.join('%f' % v for v in rotation)})")
        with self._changed:
            cache = self._caches.get(child)
            if cache is None or cache.is_static != is_static:
                cache = self._caches[child] = _Cache(is_static, self._span)
            why = cache.insert(int(t.stamp), (parent, translation, rotation / norm))
            if why is None:
                self._known.update((parent, child))
                self._authority[child] = authority
                self._changed.notify_all()
            return why

    def _parent_at(self, frame, t):
        cache = self._caches.get(frame)
        return cache.at(t)[0][0] if cache is not None else None

    def _latest_common_time(self, target, source):
        def chain_of(frame):
            chain = []
            while frame is not None:
                if len(chain) == _MAX_DEPTH:
                    raise TransformException(_LOOP)
                cache = self._caches.get(frame)
                chain.append((frame, 0 if cache is None or cache.is_static else cache.stamps[-1]))
                frame = self._parent_at(frame, 0)
            return chain
        s, t = chain_of(source), chain_of(target)
        in_source = {f for f, _ in s}
        stamps, ancestor = [], None
        for f, stamp in t:
            if f in in_source:
                ancestor = f
                break
            stamps.append(stamp)
        if ancestor is None:
            raise ConnectivityException(f"Could not find a connection between '{target}' and '{source}' because they "
                                        f"are not part of the same tree. Tf has two or more unconnected trees.")
        for f, stamp in s:
            if f == ancestor:
                break
            stamps.append(stamp)
        stamps = [x for x in stamps if x]
        return min(stamps) if stamps else 0

    def _walk_up(self, frame, t, stop):
        """[(frame, transform from the start)], whether it reached stop(frame), the error."""
        chain = [(frame, _IDENTITY)]
        for _ in range(_MAX_DEPTH):
            if stop(frame):
                return chain, True, None
            cache = self._caches.get(frame)
            if cache is None:
                return chain, False, None  # a root
            sample, error = cache.at(t)
            if sample is None:
                return chain, False, error
            frame = sample[0]
            chain.append((frame, _compose((sample[1], sample[2]), chain[-1][1])))
        raise TransformException(_LOOP)

    def _lookup(self, target, source, t):
        _validate_lookup_frame(target, "target_frame")
        _validate_lookup_frame(source, "source_frame")
        for frame, argument in ((target, "target_frame"), (source, "source_frame")):
            if frame not in self._known:
                raise LookupException(f"\"{frame}\" passed to lookupTransform argument {argument} does not exist. ")
        if source == target:
            return TransformStamped(t, target, source)
        context = f", when looking up transform from frame [{source}] to frame [{target}]"
        if t == 0:
            t = self._latest_common_time(target, source)
        up, reached, up_error = self._walk_up(source, t, lambda f: f == target)
        if reached:
            result = up[-1][1]
        else:
            in_source = {f: x for f, x in up}
            down, met, down_error = self._walk_up(target, t, lambda f: f in in_source)
            if not met:
                if up_error or down_error:
                    raise ExtrapolationException((up_error or down_error) + context)
                raise ConnectivityException(f"Could not find a connection between '{target}' and '{source}' because "
                                            f"they are not part of the same tree. Tf has two or more unconnected trees.")
            result = _compose(_inverse(down[-1][1]), in_source[down[-1][0]])
        return TransformStamped(t, target, source, result[0], result[1])

    def lookup_transform(self, target, source, time=0, timeout=0.0):
        """The transform mapping points of source into target at time (ns; 0: latest common
        time), waiting up to timeout seconds for it; raises LookupException,
        ConnectivityException, ExtrapolationException with tf2's texts."""
        deadline = _time.monotonic() + timeout
        with self._changed:
            while True:
                try:
                    return self._lookup(target, source, int(time))
                except InvalidArgumentException:
                    raise
                except TransformException:
                    left = deadline - _time.monotonic()
                    if left <= 0:
                        raise
                    self._changed.wait(left)

    def can_transform(self, target, source, time=0):
        try:
            self.lookup_transform(target, source, time)
            return True
        except TransformException:
            return False

    def all_frames(self):
        """Every frame seen, sorted."""
        with self._changed:
            return sorted(self._known)

    def frame_parents(self):
        """{child: parent} at each frame's newest sample."""
        with self._changed:
            return {c: cache.samples[-1][0] for c, cache in self._caches.items()}
