#include "model.hpp"

#include <algorithm>
#include <set>

namespace dmxp::msgc {

std::vector<const model::Message*> model::dependencies(const model::Message& m) {
  std::set<std::string> seen;
  std::vector<const Message*> todo(m.uses.begin(), m.uses.end()), out;
  while (!todo.empty()) {
    const Message* d = todo.back();
    todo.pop_back();
    if (!seen.insert(d->full_name()).second) continue;
    out.push_back(d);
    todo.insert(todo.end(), d->uses.begin(), d->uses.end());
  }
  std::sort(out.begin(), out.end(),
            [](const Message* a, const Message* b) { return a->full_name() < b->full_name(); });
  return out;
}

}  // namespace dmxp::msgc
