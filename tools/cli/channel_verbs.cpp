// dmxp channel list | info | rm | gc
#include <cstdio>
#include <string>
#include <vector>

#include "dmxp/dmxp.h"
#include "output.hpp"
#include "verbs.hpp"

namespace dmxp::cli {
namespace {

const char* domain_arg(const GlobalOptions& g) { return g.domain.empty() ? nullptr : g.domain.c_str(); }

}  // namespace

std::string channel_info_json(const dmxp_channel_info& i) {
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "{\"name\":%s,\"domain\":%s,\"type\":%s,\"fingerprint\":\"%016llx\","
                "\"mode\":\"%s\",\"backpressure\":\"%s\",\"capacity\":%u,\"slot_size\":%u,"
                "\"file_size\":%llu,\"published\":%llu,\"last_key\":%llu,\"producers\":%u,"
                "\"consumers\":%u,\"parked_cursors\":%u,\"creator_pid\":%d,"
                "\"repaired_slots\":%llu,\"reclaimed_consumers\":%llu,\"dropped\":%llu,"
                "\"file_mode\":\"%04o\"}",
                json_escape(i.name).c_str(), json_escape(i.domain).c_str(),
                json_escape(i.type_name).c_str(), (unsigned long long)i.type_fingerprint,
                mode_name(i.mode), backpressure_name(i.backpressure), i.capacity, i.slot_size,
                (unsigned long long)i.file_size, (unsigned long long)i.published,
                (unsigned long long)i.last_key, i.producers, i.consumers, i.parked_cursors,
                i.creator_pid, (unsigned long long)i.repaired_slots,
                (unsigned long long)i.reclaimed, (unsigned long long)i.dropped, i.mode_bits);
  return buf;
}

namespace {

struct ListState {
  bool json;
  bool first = true;
  int corrupt = 0;
};

int print_entry(const dmxp_channel_info* info, int status, void* user) {
  auto* st = static_cast<ListState*>(user);
  if (st->json) {
    std::printf("%s", st->first ? "" : ",");
    if (status == DMXP_OK)
      std::printf("%s", channel_info_json(*info).c_str());
    else
      std::printf("{\"name\":%s,\"error\":%s}", json_escape(info->name).c_str(),
                  json_escape(dmxp_last_error()).c_str());
  } else if (status == DMXP_OK) {
    std::printf("%-24s %-9s %-9s %8u %10u %5u %5u %14llu  %s\n", info->name, mode_name(info->mode),
                backpressure_name(info->backpressure), info->capacity, info->slot_size,
                info->producers, info->consumers, (unsigned long long)info->published,
                info->type_name[0] ? info->type_name : "-");
  } else {
    std::printf("%-24s UNREADABLE: %s\n", info->name, dmxp_last_error());
  }
  st->first = false;
  if (status != DMXP_OK) ++st->corrupt;
  return 0;
}

int list(const GlobalOptions& g) {
  ListState st{g.json};
  if (g.json) std::printf("[");
  else
    std::printf("%-24s %-9s %-9s %8s %10s %5s %5s %14s  %s\n", "CHANNEL", "MODE", "POLICY",
                "CAPACITY", "SLOT_SIZE", "PROD", "CONS", "PUBLISHED", "TYPE");
  if (int rc = dmxp_channel_list(domain_arg(g), print_entry, &st)) return report_error("list", rc);
  if (g.json) std::printf("]\n");
  return 0;
}

int info(const GlobalOptions& g, const std::string& name) {
  dmxp_channel_info i;
  if (int rc = dmxp_channel_info_get(domain_arg(g), name.c_str(), &i))
    return report_error("channel '" + name + "'", rc);
  if (g.json) { std::printf("%s\n", channel_info_json(i).c_str()); return 0; }
  std::printf("channel:         %s (domain %s)\n", i.name, i.domain);
  std::printf("type:            %s (fingerprint %016llx)\n", i.type_name[0] ? i.type_name : "untyped",
              (unsigned long long)i.type_fingerprint);
  std::printf("delivery:        %s, %s\n", mode_name(i.mode), backpressure_name(i.backpressure));
  std::printf("ring:            %u slots x %u bytes (%llu bytes mapped, mode %04o)\n", i.capacity,
              i.slot_size, (unsigned long long)i.file_size, i.mode_bits);
  std::printf("published:       %llu (last key %llu)\n", (unsigned long long)i.published,
              (unsigned long long)i.last_key);
  std::printf("producers:       %u live\n", i.producers);
  std::printf("consumers:       %u live, %u parked named cursors\n", i.consumers, i.parked_cursors);
  std::printf("asleep:          %u waiting processes\n", i.sleepers);
  std::printf("repairs:         %llu slots after dead producers, %llu dead consumers reclaimed\n",
              (unsigned long long)i.repaired_slots, (unsigned long long)i.reclaimed);
  if (i.mode == DMXP_MODE_QUEUE && i.backpressure == DMXP_KEEP_LAST)
    std::printf("dropped:         %llu unclaimed messages overwritten\n",
                (unsigned long long)i.dropped);
  std::printf("created by pid:  %d\n", i.creator_pid);
  return 0;
}

int remove(const GlobalOptions& g, const std::vector<std::string>& names) {
  int exit_code = 0;
  for (const std::string& n : names)
    if (int rc = dmxp_channel_remove(domain_arg(g), n.c_str())) exit_code = report_error("rm", rc);
  return exit_code;
}

int gc(const GlobalOptions& g, bool parked) {
  uint32_t removed = 0;
  if (int rc = dmxp_channel_gc(domain_arg(g), parked ? 1 : 0, &removed))
    return report_error("gc", rc);
  if (g.json) std::printf("{\"removed\":%u}\n", removed);
  else std::printf("removed %u channel%s\n", removed, removed == 1 ? "" : "s");
  return 0;
}

}  // namespace

int channel_verbs(const GlobalOptions& g, const Args& args) {
  if (args.empty()) return usage_error("channel needs a verb: list, info, rm, gc");
  const std::string& verb = args[0];
  if (verb == "list" && args.size() == 1) return list(g);
  if (verb == "info" && args.size() == 2) return info(g, args[1]);
  if (verb == "rm" && args.size() >= 2) return remove(g, {args.begin() + 1, args.end()});
  if (verb == "gc" && args.size() <= 2) {
    bool parked = args.size() == 2 && args[1] == "--parked";
    if (args.size() == 2 && !parked) return usage_error("gc takes only --parked");
    return gc(g, parked);
  }
  return usage_error("unknown or incomplete 'channel " + verb + "'");
}

}  // namespace dmxp::cli
