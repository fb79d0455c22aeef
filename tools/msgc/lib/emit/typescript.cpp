// The TypeScript emitter: accessor classes over an ArrayBuffer/DataView for Node.js and
// browsers, as CommonJS JavaScript with TypeScript declarations beside it (so no compiler
// is needed to use them): ts/<pkg>/msg/<Type>.js and .d.ts, plus ts/_dmxp_runtime.js/.d.ts
// (the same from every type) with the bounded string and sequence accessors.
//
//   const { JointState } = require('<out>/ts/sensor_msgs/msg/JointState.js');
//   const js = new JointState(buffer);          // no copy: getters read the bytes in place
//   js.header.frame_id.toString(); js.position.get(0); js.position.set([1, 2]);
//
// Scalars are numbers (bigint for 64-bit integers, boolean for bool); fixed arrays of
// scalars are typed arrays over the same memory (little-endian hosts); nested messages,
// strings and sequences are accessor objects.
#include "../descriptor.hpp"
#include "../literals.hpp"
#include "../values.hpp"
#include "common.hpp"
#include "default_bytes.hpp"
#include "emitter.hpp"

namespace dmxp::msgc {
namespace {

std::string base_path(const model::Message& m) { return "ts/" + m.package + "/msg/" + m.name; }

// The scalar kind names the runtime's tables use, and their TypeScript types.
// The accessor kind rt.get/rt.set take: bool is read as a boolean, the rest by width.
std::string kind(Prim p) { return p == Prim::Bool ? "bool" : std::string(storage_name(p)); }

std::string ts_scalar(Prim p) {
  if (p == Prim::Bool) return "boolean";
  if (p == Prim::Int64 || p == Prim::UInt64) return "bigint";
  return "number";
}

std::string ts_array(Prim p) {
  static const char* names[] = {"Uint8Array", "Uint8Array", "Uint8Array", "Int8Array", "Uint8Array",
                                "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "BigInt64Array",
                                "BigUint64Array", "Float32Array", "Float64Array"};
  return names[static_cast<int>(p)];
}

std::string import_name(const model::Message& self, const model::Message& u) {
  return u.package == self.package ? u.name : u.package + "_" + u.name;
}

// A JS expression making the accessor of one element at offset expression `at` of view `v`.
std::string element_factory(const model::Element& e, const model::Message& self) {
  switch (e.kind) {
    case model::ElemKind::Primitive: return "'" + kind(e.prim) + "'";
    case model::ElemKind::String:
      return "(v, o) => new rt.BoundedString(v, o, " + std::to_string(e.string_capacity) + ")";
    case model::ElemKind::Message: return "(v, o) => new " + import_name(self, *e.message) + "(v, o)";
  }
  return "?";
}

std::string element_ts(const model::Element& e, const model::Message& self) {
  switch (e.kind) {
    case model::ElemKind::Primitive: return ts_scalar(e.prim);
    case model::ElemKind::String: return "BoundedString";
    case model::ElemKind::Message: return import_name(self, *e.message);
  }
  return "?";
}

std::string accessor_js(const model::Field& f, const model::Message& m) {
  std::string off = std::to_string(f.offset), n = std::to_string(f.count);
  std::string get = "  get " + f.name + "() { return ";
  if (f.array == model::ArrayKind::Bounded)
    return get + "new rt.Seq(this.view, " + off + ", " + n + ", " + std::to_string(f.data_offset) + ", " +
           std::to_string(f.elem.size) + ", " + element_factory(f.elem, m) + "); }\n";
  if (f.array == model::ArrayKind::Fixed) {
    if (f.elem.kind == model::ElemKind::Primitive)
      return get + "rt.scalarArray(this.view, " + off + ", '" + kind(f.elem.prim) + "', " + n + "); }\n";
    return get + "rt.fixedArray(this.view, " + off + ", " + n + ", " + std::to_string(f.elem.size) + ", " +
           element_factory(f.elem, m) + "); }\n";
  }
  if (f.elem.kind == model::ElemKind::Primitive)
    return get + "rt.get(this.view, " + off + ", '" + kind(f.elem.prim) + "'); }\n  set " + f.name +
           "(value) { rt.set(this.view, " + off + ", '" + kind(f.elem.prim) + "', value); }\n";
  std::string make = element_factory(f.elem, m);
  return get + "(" + make + ")(this.view, " + off + "); }\n";
}

std::string accessor_ts(const model::Field& f, const model::Message& m) {
  std::string comment = f.doc.empty() ? "" : "  /** " + f.doc.substr(0, f.doc.find('\n')) + " */\n";
  std::string el = element_ts(f.elem, m);
  if (f.array == model::ArrayKind::Bounded) return comment + "  readonly " + f.name + ": Seq<" + el + ">;\n";
  if (f.array == model::ArrayKind::Fixed)
    return comment + "  readonly " + f.name + ": " +
           (f.elem.kind == model::ElemKind::Primitive ? ts_array(f.elem.prim) : el + "[]") + ";\n";
  if (f.elem.kind == model::ElemKind::Primitive) return comment + "  " + f.name + ": " + el + ";\n";
  return comment + "  readonly " + f.name + ": " + el + ";\n";
}

std::string js_value(const model::Constant& c) {
  if (c.elem.kind == model::ElemKind::String) return quote(c.value.s, Quoting::Json);
  std::string text = number_text(c.value);
  return (c.elem.prim == Prim::Int64 || c.elem.prim == Prim::UInt64) ? text + "n" : text;
}

std::string js_file(const model::Message& m) {
  std::string s = "'use strict';\n// " + generated_note(m) + "\n";
  s += "const rt = require('../../_dmxp_runtime.js');\n";
  for (const model::Message* u : m.uses)
    s += "const { " + u->name + ": " + import_name(m, *u) + " } = require('../../" + u->package + "/msg/" +
         u->name + ".js');\n";
  s += "\n/** " + m.full_name() + ": " + std::to_string(m.size) + " bytes, alignment " + std::to_string(m.align) +
       ". Getters and setters read and write the bytes in place. */\nclass " + m.name + " {\n";
  s += "  /** A view of the message at byteOffset of buffer (ArrayBuffer, Buffer, typed array or DataView). */\n";
  s += "  constructor(buffer, byteOffset = 0) { this.view = rt.viewOf(buffer, byteOffset, " + std::to_string(m.size) +
       "); }\n";
  s += "  /** A new message with every byte zero. */\n  static zeros() { return new " + m.name + "(new ArrayBuffer(" +
       std::to_string(m.size) + ")); }\n";
  s += "  /** A new message holding the .msg defaults (nested messages' too), every other byte zero: the\n"
       "   * bytes of the C++ " + m.package + "::" + m.folder + "::" + m.name + "(). */\n";
  s += "  static defaults() { const m = " + m.name + ".zeros(); rt.applyDefaults(m.view, " + m.name +
       ".DEFAULTS); return m; }\n";
  for (const model::Field& f : m.fields) s += accessor_js(f, m);
  s += "}\n";
  s += m.name + ".TYPE_NAME = '" + m.full_name() + "';\n";
  s += m.name + ".FINGERPRINT = " + fingerprint_hex(m.fingerprint) + "n;\n";
  s += m.name + ".SIZE = " + std::to_string(m.size) + ";\n" + m.name + ".ALIGN = " + std::to_string(m.align) + ";\n";
  s += m.name + ".DESCRIPTOR = " + quote(descriptor_json(m), Quoting::Json) + ";\n";
  s += m.name + ".DEFAULTS = Object.freeze([";
  for (const DefaultPatch& p : default_patches(m)) {
    std::string bytes;
    for (unsigned char c : p.second) bytes += (bytes.empty() ? "" : ", ") + std::to_string(c);
    s += "[" + std::to_string(p.first) + ", [" + bytes + "]], ";
  }
  s += "]);\n";
  s += m.name + ".FIELDS = Object.freeze([\n";
  for (const model::Field& f : m.fields)
    s += "  { name: '" + f.name + "', offset: " + std::to_string(f.offset) + ", size: " + std::to_string(f.size) + " },\n";
  s += "]);\n";
  for (const model::Constant& c : m.constants) s += m.name + "." + c.name + " = " + js_value(c) + ";\n";
  return s + "module.exports = { " + m.name + " };\n";
}

std::string dts_file(const model::Message& m) {
  std::string s = "// " + generated_note(m) + "\n";
  s += "import { BoundedString, Seq, FieldInfo } from '../../_dmxp_runtime';\n";
  for (const model::Message* u : m.uses)
    s += "import { " + u->name + " as " + import_name(m, *u) + " } from '../../" + u->package + "/msg/" + u->name + "';\n";
  s += "\n/** " + m.full_name() + ": " + std::to_string(m.size) + " bytes, alignment " + std::to_string(m.align) +
       ". */\nexport declare class " + m.name + " {\n";
  s += "  constructor(buffer: ArrayBufferLike | ArrayBufferView, byteOffset?: number);\n";
  s += "  static zeros(): " + m.name + ";\n  static defaults(): " + m.name + ";\n  readonly view: DataView;\n";
  s += "  static readonly TYPE_NAME: string;\n  static readonly FINGERPRINT: bigint;\n  static readonly SIZE: number;\n";
  s += "  static readonly ALIGN: number;\n  static readonly DESCRIPTOR: string;\n  static readonly FIELDS: readonly FieldInfo[];\n";
  s += "  /** The .msg defaults as [offset, bytes] written over a zeroed message. */\n";
  s += "  static readonly DEFAULTS: readonly (readonly [number, readonly number[]])[];\n";
  for (const model::Constant& c : m.constants)
    s += "  static readonly " + c.name + ": " +
         (c.elem.kind == model::ElemKind::String ? "string" : ts_scalar(c.elem.prim)) + ";\n";
  for (const model::Field& f : m.fields) s += accessor_ts(f, m);
  return s + "}\n";
}

constexpr const char* kRuntimeJs = R"JS('use strict';
// Generated by dmxp-msgc. Do not edit.
// Accessors shared by the generated message classes: scalars through a DataView
// (little-endian), bounded strings and sequences (a uint32 size, then the elements).

const SCALARS = {
  bool: [1, (v, o) => v.getUint8(o) !== 0, (v, o, x) => v.setUint8(o, x ? 1 : 0), Uint8Array],
  int8: [1, (v, o) => v.getInt8(o), (v, o, x) => v.setInt8(o, x), Int8Array],
  uint8: [1, (v, o) => v.getUint8(o), (v, o, x) => v.setUint8(o, x), Uint8Array],
  int16: [2, (v, o) => v.getInt16(o, true), (v, o, x) => v.setInt16(o, x, true), Int16Array],
  uint16: [2, (v, o) => v.getUint16(o, true), (v, o, x) => v.setUint16(o, x, true), Uint16Array],
  int32: [4, (v, o) => v.getInt32(o, true), (v, o, x) => v.setInt32(o, x, true), Int32Array],
  uint32: [4, (v, o) => v.getUint32(o, true), (v, o, x) => v.setUint32(o, x, true), Uint32Array],
  int64: [8, (v, o) => v.getBigInt64(o, true), (v, o, x) => v.setBigInt64(o, BigInt(x), true), BigInt64Array],
  uint64: [8, (v, o) => v.getBigUint64(o, true), (v, o, x) => v.setBigUint64(o, BigInt(x), true), BigUint64Array],
  float32: [4, (v, o) => v.getFloat32(o, true), (v, o, x) => v.setFloat32(o, x, true), Float32Array],
  float64: [8, (v, o) => v.getFloat64(o, true), (v, o, x) => v.setFloat64(o, x, true), Float64Array],
};

function viewOf(buffer, byteOffset, size) {
  if (ArrayBuffer.isView(buffer)) return new DataView(buffer.buffer, buffer.byteOffset + byteOffset, size);
  return new DataView(buffer, byteOffset, size);
}

function get(view, offset, kind) { return SCALARS[kind][1](view, offset); }

// Writes a type's DEFAULTS ([offset, bytes] pairs) into the message bytes of view.
function applyDefaults(view, defaults) {
  for (const [offset, bytes] of defaults) new Uint8Array(view.buffer, view.byteOffset + offset, bytes.length).set(bytes);
}
function set(view, offset, kind, value) { SCALARS[kind][2](view, offset, value); }

// A typed array over count scalars in place (the host must be little-endian, as the layout).
function scalarArray(view, offset, kind, count) {
  return new SCALARS[kind][3](view.buffer, view.byteOffset + offset, count);
}

function fixedArray(view, offset, count, elemSize, make) {
  return Array.from({ length: count }, (_, i) => make(view, offset + i * elemSize));
}

function capacityError(length, capacity) {
  return new RangeError(`${length} elements exceed the field's capacity of ${capacity}`);
}

class Seq {
  constructor(view, offset, capacity, dataOffset, elemSize, element) {
    Object.assign(this, { view, offset, capacity, dataOffset, elemSize, element });
  }
  /** Elements in use (the stored size is clamped to the capacity). */
  get length() { return Math.min(this.view.getUint32(this.offset, true), this.capacity); }
  /** Element i: a scalar, or an accessor of a string or message. */
  get(i) {
    if (i < 0 || i >= this.length) throw new RangeError(`index ${i} outside 0..${this.length - 1}`);
    const at = this.offset + this.dataOffset + i * this.elemSize;
    return typeof this.element === 'string' ? get(this.view, at, this.element) : this.element(this.view, at);
  }
  /** Every element in use, as an array. */
  toArray() { return Array.from({ length: this.length }, (_, i) => this.get(i)); }
  [Symbol.iterator]() { return this.toArray()[Symbol.iterator](); }
  /** Replaces the content: scalars, or strings for a sequence of strings. */
  set(values) {
    if (values.length > this.capacity) throw capacityError(values.length, this.capacity);
    this.view.setUint32(this.offset, values.length, true);
    values.forEach((x, i) => {
      const at = this.offset + this.dataOffset + i * this.elemSize;
      if (typeof this.element === 'string') set(this.view, at, this.element, x);
      else this.element(this.view, at).set(x);
    });
  }
  /** Sets the size alone (elements keep their bytes): for filling message elements. */
  resize(length) {
    if (length > this.capacity) throw capacityError(length, this.capacity);
    this.view.setUint32(this.offset, length, true);
  }
}

class BoundedString {
  constructor(view, offset, capacity) { Object.assign(this, { view, offset, capacity }); }
  /** The bytes in use, in place. */
  bytes() {
    const size = Math.min(this.view.getUint32(this.offset, true), this.capacity);
    return new Uint8Array(this.view.buffer, this.view.byteOffset + this.offset + 4, size);
  }
  toString() { return new TextDecoder().decode(this.bytes()); }
  /** Replaces the content with a string (as UTF-8) or bytes. */
  set(value) {
    const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    if (bytes.length > this.capacity) throw capacityError(bytes.length, this.capacity);
    const data = new Uint8Array(this.view.buffer, this.view.byteOffset + this.offset + 4, this.capacity);
    data.fill(0);
    data.set(bytes);
    this.view.setUint32(this.offset, bytes.length, true);
  }
}

module.exports = { viewOf, get, set, applyDefaults, scalarArray, fixedArray, Seq, BoundedString };
)JS";

constexpr const char* kRuntimeDts = R"TS(// Generated by dmxp-msgc. Do not edit.
/** One field of a generated type: where the generator placed it. */
export interface FieldInfo { readonly name: string; readonly offset: number; readonly size: number; }
/** A bounded sequence accessor over the message bytes. */
export declare class Seq<T> implements Iterable<T> {
  readonly capacity: number;
  readonly length: number;
  get(i: number): T;
  toArray(): T[];
  [Symbol.iterator](): Iterator<T>;
  set(values: ArrayLike<T extends BoundedString ? string | Uint8Array : T>): void;
  resize(length: number): void;
}
/** A bounded string accessor over the message bytes. */
export declare class BoundedString {
  readonly capacity: number;
  bytes(): Uint8Array;
  toString(): string;
  set(value: string | Uint8Array): void;
}
)TS";

std::vector<std::string> outputs(const model::Message& m) {
  return {"ts/_dmxp_runtime.js", "ts/_dmxp_runtime.d.ts", base_path(m) + ".js", base_path(m) + ".d.ts"};
}

std::vector<GeneratedFile> emit(const model::Message& m) {
  return {{"ts/_dmxp_runtime.js", kRuntimeJs},
          {"ts/_dmxp_runtime.d.ts", kRuntimeDts},
          {base_path(m) + ".js", js_file(m)},
          {base_path(m) + ".d.ts", dts_file(m)}};
}

}  // namespace

extern const Emitter kTypeScriptEmitter{
    "typescript", "TypeScript: accessor classes over ArrayBuffer/DataView (ts/<pkg>/msg/<Type>.js + .d.ts)", outputs,
    emit};

}  // namespace dmxp::msgc
