// dmxp doctor: checks of the host that DMXP depends on, each "ok", "warn" or "fail".
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "dmxp/internal/segment.hpp"
#include "output.hpp"
#include "verbs.hpp"

namespace dmxp::cli {
namespace {

namespace fs = std::filesystem;

struct Check {
  std::string level;  // "ok", "warn", "fail"
  std::string name;
  std::string detail;
};

std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// The segment directory: $DMXP_SHM_DIR or /dev/shm; "" (and the reason in why) if unusable.
std::string shm_dir(std::string* why = nullptr) {
  Result<std::string> dir = dmxp::internal::shm_dir();
  if (!dir && why) *why = dir.error().what();
  return dir ? dir.value() : "";
}

Check shm_space() {
  std::string why, dir = shm_dir(&why);
  if (dir.empty()) return {"fail", "shm", why};
  struct statvfs s{};
  if (statvfs(dir.c_str(), &s) != 0) return {"fail", "shm", dir + " is missing: DMXP needs a tmpfs there"};
  double total = double(s.f_blocks) * double(s.f_frsize), avail = double(s.f_bavail) * double(s.f_frsize);
  char buf[160 + PATH_MAX];
  std::snprintf(buf, sizeof buf, "%s: %.1f MiB free of %.1f MiB", dir.c_str(), avail / 1048576, total / 1048576);
  if (avail < 64.0 * 1048576) return {"fail", "shm", std::string(buf) + ": too little for channels (remount with size=...)"};
  if (avail < total * 0.1) return {"warn", "shm", std::string(buf) + ": less than 10% left (see 'dmxp channel gc')"};
  return {"ok", "shm", buf};
}

Check shm_permissions() {
  std::string why, dir = shm_dir(&why);
  struct stat st{};
  if (dir.empty()) return {"fail", "permissions", why};
  if (stat(dir.c_str(), &st) != 0) return {"fail", "permissions", "cannot stat " + dir};
  if (access(dir.c_str(), W_OK) != 0) return {"fail", "permissions", dir + " is not writable by this user"};
  if (!(st.st_mode & S_ISVTX) && (st.st_mode & (S_IWGRP | S_IWOTH)))
    return {"warn", "permissions", dir + " lacks the sticky bit: other users can remove your segments"};
  return {"ok", "permissions", dir + (st.st_mode & S_ISVTX ? " writable, sticky" : " writable, private")};
}

// Channels of every domain: stale when no live process uses them, corrupt when unreadable.
Check stale_segments() {
  std::set<std::string> domains;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(shm_dir(), ec)) {
    std::string n = e.path().filename().string();
    size_t ch = n.find(".ch.");
    if (n.rfind("dmxp.", 0) == 0 && ch != std::string::npos) domains.insert(n.substr(5, ch - 5));
  }
  struct Count { unsigned stale = 0, corrupt = 0, total = 0; } c;
  for (const std::string& d : domains)
    dmxp_channel_list(d.c_str(), [](const dmxp_channel_info* i, int status, void* user) {
      auto* c = static_cast<Count*>(user);
      ++c->total;
      if (status != DMXP_OK) ++c->corrupt;
      else if (i->producers == 0 && i->consumers == 0 && i->parked_cursors == 0) ++c->stale;
      return 0;
    }, &c);
  std::string detail = std::to_string(c.total) + " channels in " + std::to_string(domains.size()) +
                       " domains, " + std::to_string(c.stale) + " unused, " + std::to_string(c.corrupt) + " unreadable";
  if (c.corrupt) return {"warn", "segments", detail + " (remove unreadable ones with 'dmxp channel rm')"};
  if (c.stale) return {"warn", "segments", detail + " (remove unused ones with 'dmxp --domain D channel gc')"};
  return {"ok", "segments", detail};
}

Check clock_source() {
  std::string cs = first_line("/sys/devices/system/clocksource/clocksource0/current_clocksource");
  if (cs.empty()) return {"warn", "clock", "clock source unknown (no /sys clocksource)"};
  if (cs == "tsc") return {"ok", "clock", "clock source tsc"};
  return {"warn", "clock", "clock source " + cs + ": time stamps cost more than with tsc"};
}

Check governor() {
  std::set<std::string> seen;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/sys/devices/system/cpu", ec)) {
    std::string g = first_line(e.path().string() + "/cpufreq/scaling_governor");
    if (!g.empty()) seen.insert(g);
  }
  if (seen.empty()) return {"ok", "governor", "no CPU frequency scaling exposed (virtual machine or fixed clock)"};
  std::string all;
  for (const auto& g : seen) all += (all.empty() ? "" : ",") + g;
  if (seen.size() == 1 && *seen.begin() == "performance") return {"ok", "governor", "cpufreq governor performance"};
  return {"warn", "governor", "cpufreq governor " + all + ": latency varies with frequency; 'performance' is steadier"};
}

}  // namespace

int doctor(const GlobalOptions& g, const Args& args) {
  if (!args.empty()) return usage_error("doctor takes no arguments");
  std::vector<Check> checks = {shm_space(), shm_permissions(), stale_segments(), clock_source(), governor()};
  bool failed = false;
  if (g.json) std::printf("[");
  for (size_t i = 0; i < checks.size(); ++i) {
    const Check& c = checks[i];
    failed = failed || c.level == "fail";
    if (g.json)
      std::printf("%s{\"check\":%s,\"level\":%s,\"detail\":%s}", i ? "," : "", json_escape(c.name).c_str(),
                  json_escape(c.level).c_str(), json_escape(c.detail).c_str());
    else
      std::printf("%-5s %-12s %s\n", c.level.c_str(), c.name.c_str(), c.detail.c_str());
  }
  if (g.json) std::printf("]\n");
  return failed ? 1 : 0;
}

}  // namespace dmxp::cli
