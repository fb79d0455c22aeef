"""Compares DMXP's lifecycle state machine with ROS 2's own: librcl_lifecycle of ROS 2 Jazzy
(from the PyPI wheels of tools/scripts/ros2-env.sh), whose default state machine is built
through ctypes, without a node and without DDS, and read back state by state and transition
by transition, in its order.

    python rcl_oracle.py <rt_lifecycle_state_machine_dump>"""

import ctypes
import subprocess
import sys

# Importing rclpy's extension loads librcl_lifecycle and everything it needs from the wheels'
# own folders; it starts nothing (no rclpy.init()).
from rclpy.impl.implementation_singleton import rclpy_implementation  # noqa: F401

rcutils = ctypes.CDLL("librcutils.so")
rcl_lifecycle = ctypes.CDLL("librcl_lifecycle.so")


class Allocator(ctypes.Structure):  # rcutils_allocator_t
    _fields_ = [("allocate", ctypes.c_void_p), ("deallocate", ctypes.c_void_p), ("reallocate", ctypes.c_void_p),
                ("zero_allocate", ctypes.c_void_p), ("state", ctypes.c_void_p)]


class Transition(ctypes.Structure):  # rcl_lifecycle_transition_t (rcl_lifecycle/data_types.h)
    pass


class State(ctypes.Structure):  # rcl_lifecycle_state_t
    _fields_ = [("label", ctypes.c_char_p), ("id", ctypes.c_uint8),
                ("valid_transitions", ctypes.POINTER(Transition)), ("valid_transition_size", ctypes.c_uint)]


Transition._fields_ = [("label", ctypes.c_char_p), ("id", ctypes.c_uint),
                       ("start", ctypes.POINTER(State)), ("goal", ctypes.POINTER(State))]


class TransitionMap(ctypes.Structure):  # rcl_lifecycle_transition_map_t
    _fields_ = [("states", ctypes.POINTER(State)), ("states_size", ctypes.c_uint),
                ("transitions", ctypes.POINTER(Transition)), ("transitions_size", ctypes.c_uint)]


def ros2_lines():
    rcutils.rcutils_get_default_allocator.restype = Allocator
    allocator = rcutils.rcutils_get_default_allocator()
    # rcl_lifecycle_state_machine_t: current_state (a pointer), then the transition map; the
    # com interface after them stays zeroed (a generous buffer holds the whole struct).
    machine = ctypes.create_string_buffer(1 << 16)
    rc = rcl_lifecycle.rcl_lifecycle_init_default_state_machine(machine, ctypes.byref(allocator))
    if rc != 0:
        sys.exit(f"rcl_lifecycle_init_default_state_machine returned {rc}")
    m = TransitionMap.from_buffer(machine, ctypes.sizeof(ctypes.c_void_p))
    lines = [f"state {m.states[i].id} {m.states[i].label.decode()}" for i in range(m.states_size)]
    for i in range(m.transitions_size):
        t = m.transitions[i]
        lines.append(f"transition {t.id} {t.label.decode()} {t.start.contents.id} {t.goal.contents.id}")
    current = ctypes.cast(machine, ctypes.POINTER(ctypes.POINTER(State)))[0].contents
    lines.append(f"initial {current.id}")
    return lines


def main():
    ours = subprocess.run([sys.argv[1]], capture_output=True, text=True, check=True).stdout.splitlines()
    ours.append("initial 1")  # a LifecycleNode starts unconfigured
    theirs = ros2_lines()
    if ours != theirs:
        for a, b in zip(ours + [""] * len(theirs), theirs + [""] * len(ours)):
            print(("   " if a == b else "!= ") + f"{a:50} {b}")
        sys.exit("DMXP's lifecycle state machine differs from librcl_lifecycle's (left: DMXP, right: ROS 2)")
    print(f"{len(theirs) - 1} states and transitions equal librcl_lifecycle's, in the same order")


if __name__ == "__main__":
    main()
