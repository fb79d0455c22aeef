"""A real ROS 2 node (rclpy on Fast DDS) for the bridge tests, run inside a test namespace
with the ROS 2 venv's Python (tools/scripts/ros2-env.sh). One job per run:

  listen  TOPIC TYPE [--count N] [--timeout S] [--reliable] [--depth N]
          prints each received message as one JSON line, exits 0 after N, 1 on timeout
  publish TOPIC TYPE JSON [--rate HZ] [--duration S] [--reliable] [--depth N]
          publishes the message (fields from JSON, nested as dicts, arrays as lists)
  graph   [--wait-node NAME] [--wait-topic TOPIC] [--timeout S]
          waits until the node and topic are visible, then prints the graph as JSON: nodes,
          topics with types, and every publisher/subscription with node, type and type hash

TYPE is the ROS 2 spelling, "nav_msgs/msg/Odometry".
"""
import argparse
import importlib
import json
import sys
import time

import rclpy
import rclpy.executors
from rclpy.qos import QoSProfile, ReliabilityPolicy, DurabilityPolicy, HistoryPolicy


def message_class(type_name):
    pkg, kind, name = type_name.split("/")
    return getattr(importlib.import_module(f"{pkg}.{kind}"), name)


def to_plain(msg):
    """A message as dicts, lists and numbers (arrays of numbers become lists)."""
    if hasattr(msg, "get_fields_and_field_types"):
        return {f: to_plain(getattr(msg, f)) for f in msg.get_fields_and_field_types()}
    if isinstance(msg, (list, tuple)):
        return [to_plain(x) for x in msg]
    if hasattr(msg, "tolist"):  # numpy arrays and array.array
        return msg.tolist()
    if isinstance(msg, bytes):
        return list(msg)
    return msg


def fill(msg, values):
    """Sets msg's fields from a dict as to_plain() writes them."""
    for key, v in values.items():
        current = getattr(msg, key)
        if isinstance(v, dict):
            fill(current, v)
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            cls = type(current[0]) if current else None
            if cls is None:
                field_type = msg.get_fields_and_field_types()[key]
                inner = field_type[len("sequence<"):-1] if field_type.startswith("sequence<") else field_type.split("[")[0]
                inner = inner.split(",")[0]
                pkg, name = inner.split("/")
                cls = getattr(importlib.import_module(f"{pkg}.msg"), name)
            items = []
            for d in v:
                m = cls()
                fill(m, d)
                items.append(m)
            setattr(msg, key, items)
        else:
            setattr(msg, key, v)
    return msg


def qos(args):
    return QoSProfile(history=HistoryPolicy.KEEP_LAST, depth=getattr(args, "depth", 10),
                      reliability=ReliabilityPolicy.RELIABLE if args.reliable else ReliabilityPolicy.BEST_EFFORT,
                      durability=DurabilityPolicy.VOLATILE)


def listen(node, args):
    got = []
    node.create_subscription(message_class(args.type), args.topic,
                             lambda m: got.append(m), qos(args))
    deadline = time.monotonic() + args.timeout
    printed = 0
    while printed < args.count and time.monotonic() < deadline:
        rclpy.spin_once(node, timeout_sec=0.05)
        while printed < len(got) and printed < args.count:
            print(json.dumps(to_plain(got[printed])), flush=True)
            printed += 1
    return 0 if printed >= args.count else 1


def publish(node, args):
    pub = node.create_publisher(message_class(args.type), args.topic, qos(args))
    msg = fill(message_class(args.type)(), json.loads(args.json))
    end = time.monotonic() + args.duration
    while time.monotonic() < end:
        pub.publish(msg)
        rclpy.spin_once(node, timeout_sec=1.0 / args.rate)
    return 0


def endpoint(info):
    return {"node": info.node_name, "namespace": info.node_namespace, "type": info.topic_type,
            "hash": str(info.topic_type_hash),
            "reliable": info.qos_profile.reliability == ReliabilityPolicy.RELIABLE}


def graph(node, args):
    deadline = time.monotonic() + args.timeout
    while True:
        rclpy.spin_once(node, timeout_sec=0.1)
        nodes = node.get_node_names_and_namespaces()
        topics = dict(node.get_topic_names_and_types())
        ready = ((not args.wait_node or any(n == args.wait_node for n, _ in nodes)) and
                 all(t in topics for t in args.wait_topic) and
                 all(node.get_publishers_info_by_topic(t) or node.get_subscriptions_info_by_topic(t)
                     for t in args.wait_topic))
        if ready or time.monotonic() > deadline:
            break
    out = {"nodes": [[ns, n] for n, ns in nodes], "topics": topics,
           "publishers": {t: [endpoint(i) for i in node.get_publishers_info_by_topic(t)] for t in topics},
           "subscriptions": {t: [endpoint(i) for i in node.get_subscriptions_info_by_topic(t)] for t in topics}}
    print(json.dumps(out), flush=True)
    return 0 if ready else 1


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("listen")
    a.add_argument("topic")
    a.add_argument("type")
    a.add_argument("--count", type=int, default=1)
    a.add_argument("--timeout", type=float, default=20)
    a.add_argument("--reliable", action="store_true")
    a.add_argument("--depth", type=int, default=10)
    p = sub.add_parser("publish")
    p.add_argument("topic")
    p.add_argument("type")
    p.add_argument("json")
    p.add_argument("--rate", type=float, default=20)
    p.add_argument("--duration", type=float, default=20)
    p.add_argument("--reliable", action="store_true")
    p.add_argument("--depth", type=int, default=10)
    g = sub.add_parser("graph")
    g.add_argument("--wait-node", default="")
    g.add_argument("--wait-topic", action="append", default=[])
    g.add_argument("--timeout", type=float, default=15)
    args = ap.parse_args()
    rclpy.init()
    node = rclpy.create_node(f"ros2_peer_{args.cmd}")
    try:
        return {"listen": listen, "publish": publish, "graph": graph}[args.cmd](node, args)
    except (KeyboardInterrupt, rclpy.executors.ExternalShutdownException):
        return 0  # stopped by the test (SIGINT)
    finally:
        node.destroy_node()
        rclpy.try_shutdown()


if __name__ == "__main__":
    sys.exit(main())
