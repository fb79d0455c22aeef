"""What a loan writes into its slot before the program fills it, as the C++
T(dmxp::msg::skip_init) does (docs/messages.md): every byte zero, except the storage of bounded
strings and of bounded sequences of numbers (their sizes are zero, their elements left as the
slot holds them: a 4K image's 25 MB of pixels are not written twice), then the .msg defaults
(the class's DEFAULTS, nested messages' and message elements' included).

loan_plan(Type) -> (zero_spans, defaults): [(offset, length)] to zero and [(offset, bytes)]
to copy afterwards, computed once per type from its layout descriptor.
"""

import json

_plans = {}


def loan_plan(msg_type):
    plan = _plans.get(msg_type)
    if plan is None:
        plan = _plans[msg_type] = _compute(msg_type)
    return plan


def _compute(msg_type):
    descriptor = json.loads(msg_type.DESCRIPTOR)
    defaults = tuple(getattr(msg_type, "DEFAULTS", ()))  # older generated classes have none
    has_default = {offset for offset, _ in defaults}
    kept = []  # storage left alone: (start, end)
    _left_alone(descriptor["fields"], descriptor.get("types", {}), 0, has_default, kept)
    zero, at = [], 0
    for start, end in sorted(kept):
        if start > at:
            zero.append((at, start - at))
        at = max(at, end)
    if descriptor["size"] > at:
        zero.append((at, descriptor["size"] - at))
    return zero, [(offset, bytes(data)) for offset, data in defaults]


def _left_alone(fields, types, base, has_default, out):
    for f in fields:
        kind = f["kind"]
        if kind == "nested":
            _left_alone(types[f["type"]]["fields"], types, base + f["offset"], has_default, out)
        elif kind == "string" or (kind == "bounded_array" and f["element"]["kind"] == "scalar"):
            if base + f["offset"] in has_default:
                continue  # a default fills it: zeroed whole, as C++ constructs it
            element = 1 if kind == "string" else f["element"]["size"]
            start = base + f["data_offset"]
            out.append((start, start + f["capacity"] * element))
        # zeroed whole: scalars, fixed arrays, and bounded sequences of strings or messages
        # (C++ constructs class-type elements even under skip_init)


def scalar_fields(msg_type):
    """{name: (offset, kind, size)} of the type's top-level scalar fields (numpy kind codes:
    'b' bool, 'i' signed, 'u' unsigned, 'f' floating): what publish(**fields) can write."""
    out = {}
    for name, (dtype, offset, *_) in msg_type.DTYPE.fields.items():
        if dtype.shape == () and dtype.kind in "biuf":
            out[name] = (offset, dtype.kind, dtype.itemsize)
    return out
