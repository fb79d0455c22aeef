#include "cpp_eigen.hpp"

#include <set>

#include "cpp_names.hpp"

namespace dmxp::msgc::cpp {
namespace {

enum class Geometry { None, Vector3d, Vector3f, Quaterniond, Quaternionf };

bool fields_are(const model::Message& m, std::initializer_list<const char*> names, Prim p) {
  if (m.fields.size() != names.size()) return false;
  size_t i = 0;
  for (const char* n : names) {
    const model::Field& f = m.fields[i++];
    if (f.name != n || f.array != model::ArrayKind::None || f.elem.kind != model::ElemKind::Primitive ||
        f.elem.prim != p)
      return false;
  }
  return true;
}

Geometry geometry_of(const model::Message& m) {
  if (fields_are(m, {"x", "y", "z"}, Prim::Float64)) return Geometry::Vector3d;
  if (fields_are(m, {"x", "y", "z"}, Prim::Float32)) return Geometry::Vector3f;
  if (fields_are(m, {"x", "y", "z", "w"}, Prim::Float64)) return Geometry::Quaterniond;
  if (fields_are(m, {"x", "y", "z", "w"}, Prim::Float32)) return Geometry::Quaternionf;
  return Geometry::None;
}

const char* eigen_type(Geometry g) {
  switch (g) {
    case Geometry::Vector3d: return "Eigen::Vector3d";
    case Geometry::Vector3f: return "Eigen::Vector3f";
    case Geometry::Quaterniond: return "Eigen::Quaterniond";
    case Geometry::Quaternionf: return "Eigen::Quaternionf";
    default: return nullptr;
  }
}

Geometry field_geometry(const model::Field& f) {
  if (f.array != model::ArrayKind::None || f.elem.kind != model::ElemKind::Message) return Geometry::None;
  return geometry_of(*f.elem.message);
}

std::string map_pair(const std::string& type, const std::string& name, const std::string& ptr,
                     const std::string& extra_args, const std::string& why) {
  return "  // " + why + "\n"
         "  Eigen::Map<" + type + "> " + name + "() noexcept { return Eigen::Map<" + type + ">(" +
         ptr + extra_args + "); }\n"
         "  Eigen::Map<const " + type + "> " + name + "() const noexcept { return Eigen::Map<const " +
         type + ">(" + ptr + extra_args + "); }\n";
}

std::string matrix_type(const model::Field& f) {
  const char* scalar = f.elem.prim == Prim::Float32 ? "float" : "double";
  uint32_t rows = f.count, cols = 1;
  if (f.shape) {
    rows = f.shape->first;
    cols = f.shape->second;
  } else {
    for (uint32_t k = 2; uint64_t(k) * k <= f.count; ++k)
      if (uint64_t(k) * k == f.count) rows = cols = k;
  }
  // Eigen rejects RowMajor for a single column; ROS matrices are row-major.
  const char* order = cols == 1 ? "Eigen::ColMajor" : "Eigen::RowMajor";
  return "Eigen::Matrix<" + std::string(scalar) + ", " + std::to_string(rows) + ", " +
         std::to_string(cols) + ", " + order + ">";
}

}  // namespace

std::string eigen_members(const model::Message& m) {
  std::set<std::string> taken;
  for (const model::Field& f : m.fields) taken.insert(f.name);
  for (const model::Constant& c : m.constants) taken.insert(c.name);
  std::string out;

  Geometry g = geometry_of(m);
  if (g != Geometry::None && !taken.count("eigen")) {
    bool quat = g == Geometry::Quaterniond || g == Geometry::Quaternionf;
    out += map_pair(eigen_type(g), "eigen", "&x", "",
                    quat ? "x, y, z, w as an Eigen quaternion over this message (Eigen stores x, y, z, w too)."
                         : "x, y, z as an Eigen vector over this message's memory (no copy).");
  }

  if (m.fields.size() == 2 && field_geometry(m.fields[0]) == Geometry::Vector3d &&
      field_geometry(m.fields[1]) == Geometry::Quaterniond && !taken.count("isometry") &&
      !taken.count("set_isometry")) {
    const std::string& t = m.fields[0].name;
    const std::string& r = m.fields[1].name;
    out += "  // " + t + " and " + r + " as a rigid transform (a copy: Isometry3d is a 4x4 matrix).\n"
           "  Eigen::Isometry3d isometry() const {\n"
           "    Eigen::Isometry3d iso = Eigen::Isometry3d::Identity();\n"
           "    iso.linear() = " + r + ".eigen().toRotationMatrix();\n"
           "    iso.translation() = " + t + ".eigen();\n"
           "    return iso;\n"
           "  }\n"
           "  void set_isometry(const Eigen::Isometry3d& iso) {\n"
           "    " + t + ".eigen() = iso.translation();\n"
           "    " + r + ".eigen() = Eigen::Quaterniond(iso.linear());\n"
           "  }\n";
  }

  for (const model::Field& f : m.fields) {
    if (f.elem.kind != model::ElemKind::Primitive || !is_float(f.elem.prim)) continue;
    std::string name = f.name + "_eigen";
    if (taken.count(name)) continue;
    if (f.array == model::ArrayKind::Fixed) {
      out += map_pair(matrix_type(f), name, f.name + ".data()", "",
                      f.name + " as a row-major Eigen matrix over this message's memory.");
    } else if (f.array == model::ArrayKind::Bounded) {
      std::string vec = std::string("Eigen::Matrix<") +
                        (f.elem.prim == Prim::Float32 ? "float" : "double") + ", Eigen::Dynamic, 1>";
      out += map_pair(vec, name, f.name + ".data()", ", " + f.name + ".size()",
                      "The size() elements of " + f.name + " as an Eigen vector (no copy).");
    }
  }
  return out;
}

}  // namespace dmxp::msgc::cpp
