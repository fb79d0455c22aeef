"""The ROS 2 ends of bench/bridge/run.py: rclpy 7.1.6 on Fast DDS (build/ros2-venv), the same
jobs, kinds and JSON lines as dmxp-bench-bridge-peer (bridge_peer.cpp has the details).

    rclpy_peer.py ping --out T --in T --kind K [--samples N] [--warmup W]
    rclpy_peer.py pong --in T --out T --kind K
    rclpy_peer.py pub  --out T --kind K --seconds S [--rate HZ]
    rclpy_peer.py sub  --in T --kind K --seconds S

Kinds: 64B (std_msgs/String of 59 characters), odom (nav_msgs/Odometry), scan
(sensor_msgs/LaserScan, 720 ranges and intensities), 1MiB (sensor_msgs/PointCloud2, 1 MiB of
data). The sequence number travels in the string's first 10 characters or header.stamp.sec.
Every QoS is reliable, keep-last 64 (4 for 1MiB), volatile: what the DMXP side uses.
"""
import argparse
import array
import json
import sys
import time

import rclpy
import rclpy.executors
from rclpy.qos import DurabilityPolicy, HistoryPolicy, QoSProfile, ReliabilityPolicy


def kind_class(kind):
    if kind == "64B":
        from std_msgs.msg import String
        return String
    if kind == "odom":
        from nav_msgs.msg import Odometry
        return Odometry
    if kind == "scan":
        from sensor_msgs.msg import LaserScan
        return LaserScan
    if kind == "1MiB":
        from sensor_msgs.msg import PointCloud2
        return PointCloud2
    raise SystemExit(f"unknown kind {kind!r} (64B, odom, scan, 1MiB)")


def make(kind):
    """A message of the kind, filled as bridge_peer.cpp fills it (sequence number 0)."""
    m = kind_class(kind)()
    if kind == "64B":
        m.data = "0" * 10 + "x" * 49
    elif kind == "odom":
        m.header.frame_id, m.child_frame_id = "odom", "base_link"
        m.pose.pose.position.x, m.pose.pose.orientation.w, m.twist.twist.linear.x = 1.5, 1.0, 0.5
        m.pose.covariance = [i * 0.5 for i in range(36)]
        m.twist.covariance = [-i * 0.25 for i in range(36)]
    elif kind == "scan":
        m.header.frame_id = "laser"
        m.angle_min, m.angle_max, m.angle_increment = -1.5, 1.5, 3.0 / 720
        m.scan_time, m.range_min, m.range_max = 0.1, 0.1, 30.0
        m.ranges = array.array("f", (i * 0.25 for i in range(720)))
        m.intensities = array.array("f", (float(i % 7) for i in range(720)))
    else:
        from sensor_msgs.msg import PointField
        m.header.frame_id = "lidar"
        m.height, m.width = 1, (1 << 20) // 16
        m.fields = [PointField(name=n, offset=4 * i, datatype=7, count=1)
                    for i, n in enumerate(["x", "y", "z", "intensity"])]
        m.point_step, m.row_step, m.is_dense = 16, 1 << 20, True
        m.data = array.array("B", bytes((i * 131 + 7) & 0xFF for i in range(1 << 20)))
    return m


def set_seq(kind, m, seq):
    if kind == "64B":
        m.data = f"{seq:010d}" + m.data[10:]
    else:
        m.header.stamp.sec = seq


def seq_of(kind, m):
    return int(m.data[:10]) if kind == "64B" else m.header.stamp.sec


def qos(kind):
    return QoSProfile(history=HistoryPolicy.KEEP_LAST, depth=4 if kind == "1MiB" else 64,
                      reliability=ReliabilityPolicy.RELIABLE, durability=DurabilityPolicy.VOLATILE)


def pct(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(p * len(sorted_values)))]


def ping(node, a):
    msg, state = make(a.kind), {"seq": 0, "sent": 0, "echoed": False, "received": 0}
    pub = node.create_publisher(type(msg), a.out, qos(a.kind))
    rtt, resent = [], 0

    def send():
        set_seq(a.kind, msg, state["seq"])
        state["sent"] = time.perf_counter_ns()
        pub.publish(msg)

    def on_echo(m):
        t = time.perf_counter_ns()
        if seq_of(a.kind, m) != state["seq"]:
            return
        state["echoed"] = True
        if state["received"] >= a.warmup:
            rtt.append(t - state["sent"])
        state["received"] += 1
        if state["received"] < a.warmup + a.samples:
            state["seq"] += 1
            send()

    node.create_subscription(type(msg), getattr(a, "in"), on_echo, qos(a.kind))
    send()
    while state["received"] < a.warmup + a.samples:
        rclpy.spin_once(node, timeout_sec=0.2)
        waited = time.perf_counter_ns() - state["sent"]
        if not state["echoed"] and waited > 200_000_000:
            send()
        elif waited > 2_000_000_000:
            resent += 1
            send()
    one_way = sorted(v // 2 for v in rtt)
    print(json.dumps({"peer": "rclpy", "test": "latency", "samples": len(one_way),
                      "p50_ns": pct(one_way, 0.5), "p99_ns": pct(one_way, 0.99),
                      "p999_ns": pct(one_way, 0.999), "max_ns": one_way[-1]}), flush=True)
    print(f"ping: {resent} resent", file=sys.stderr)
    return 3 if resent else 0


def pong(node, a):
    cls = kind_class(a.kind)
    pub = node.create_publisher(cls, a.out, qos(a.kind))
    node.create_subscription(cls, getattr(a, "in"), pub.publish, qos(a.kind))
    rclpy.spin(node)
    return 0


def pub_job(node, a):
    msg = make(a.kind)
    pub = node.create_publisher(type(msg), a.out, qos(a.kind))
    deadline = time.monotonic() + 30
    while pub.get_subscription_count() < 1:
        rclpy.spin_once(node, timeout_sec=0.01)
        if time.monotonic() > deadline:
            raise SystemExit(f"no subscription on {a.out} after 30 s")
    period = 1.0 / a.rate if a.rate else 0
    start = time.monotonic()
    end, nxt, seq = start + a.seconds, start, 0
    while time.monotonic() < end:
        if period:
            nxt += period
            time.sleep(max(0.0, nxt - time.monotonic()))
        set_seq(a.kind, msg, seq)
        pub.publish(msg)
        seq += 1
    secs = time.monotonic() - start
    print(json.dumps({"peer": "rclpy", "test": "pub", "published": seq, "seconds": secs,
                      "msgs_per_s": seq / secs}), flush=True)
    return 0


def sub_job(node, a):
    st = {"first_at": 0.0, "count": 0, "first_seq": 0, "last_seq": 0, "missing": 0}

    def on_msg(m):
        t, q = time.monotonic(), seq_of(a.kind, m)
        if not st["first_at"]:
            st.update(first_at=t, first_seq=q, last_seq=q)
        else:
            if t - st["first_at"] >= a.seconds:
                return
            if q > st["last_seq"] + 1:
                st["missing"] += q - st["last_seq"] - 1
            st["last_seq"] = max(st["last_seq"], q)
        st["count"] += 1

    node.create_subscription(kind_class(a.kind), getattr(a, "in"), on_msg, qos(a.kind))
    give_up = time.monotonic() + 20
    while not st["first_at"] or time.monotonic() - st["first_at"] < a.seconds:
        rclpy.spin_once(node, timeout_sec=0.1)
        if not st["first_at"] and time.monotonic() > give_up:
            print(json.dumps({"peer": "rclpy", "test": "sub", "error": "no message in 20 s"}), flush=True)
            return 1
    print(json.dumps({"peer": "rclpy", "test": "sub", "received": st["count"], "seconds": a.seconds,
                      "msgs_per_s": st["count"] / a.seconds, "missing": st["missing"],
                      "first_seq": st["first_seq"], "last_seq": st["last_seq"]}), flush=True)
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("job", choices=["ping", "pong", "pub", "sub"])
    ap.add_argument("--in", default="")
    ap.add_argument("--out", default="")
    ap.add_argument("--kind", default="64B")
    ap.add_argument("--samples", type=int, default=2000)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--rate", type=float, default=0)
    a = ap.parse_args()
    rclpy.init()
    node = rclpy.create_node(f"bench_{a.job}")
    try:
        return {"ping": ping, "pong": pong, "pub": pub_job, "sub": sub_job}[a.job](node, a)
    except (KeyboardInterrupt, rclpy.executors.ExternalShutdownException):
        return 0
    finally:
        node.destroy_node()
        rclpy.try_shutdown()


if __name__ == "__main__":
    sys.exit(main())
