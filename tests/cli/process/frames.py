"""The big messages cli_test_frames publishes (tests/cli/support/frames.cpp): message i of
size n is n/8 little-endian uint64 words, word 0 = i, word 1 = n, word k >= 2 =
splitmix64(i * 0x9E3779B97F4A7C15 + k). A message that a producer rewrote while a reader
copied it mixes two indexes and fails the check."""
import numpy as np

_GOLDEN = 0x9E3779B97F4A7C15
_M64 = (1 << 64) - 1


def _splitmix64(x):
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def index_of(data):
    """The message's index i when every byte is what message i holds; raises AssertionError
    naming the first wrong word otherwise."""
    words = np.frombuffer(data, dtype="<u8")
    assert len(data) % 8 == 0 and len(words) >= 2, f"frame of {len(data)} bytes"
    i, n = int(words[0]), int(words[1])
    assert n == len(data), f"frame {i}: size word {n}, payload {len(data)} bytes"
    k = np.arange(2, len(words), dtype=np.uint64)
    with np.errstate(over="ignore"):
        want = _splitmix64(np.uint64((i * _GOLDEN) & _M64) + k)
    bad = np.nonzero(words[2:] != want)[0]
    assert len(bad) == 0, f"frame {i}: word {int(bad[0]) + 2} of {len(words)} is not frame {i}'s (torn)"
    return i
