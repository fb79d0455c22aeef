#include "output_mux.hpp"

#include <spdlog/sinks/stdout_sinks.h>

#include <cstring>
#include <filesystem>

namespace dmxp::launch {
namespace {

// Lines longer than this are cut: a process printing without newlines cannot grow the
// launcher without bound.
constexpr size_t kMaxLine = 64 * 1024;
constexpr const char* kLauncherLabel = "dmxp-launch";
constexpr int kColors[] = {36, 32, 33, 35, 34, 96, 92, 93, 95, 94};

}  // namespace

OutputMux::OutputMux(bool color, std::string log_dir)
    : color_(color), log_dir_(std::move(log_dir)), width_(std::strlen(kLauncherLabel)) {
  // One logger, one sink, message text only: the prefix is ours, and spdlog writes each
  // line with one call.
  out_ = std::make_shared<spdlog::logger>("dmxp-launch-output",
                                          std::make_shared<spdlog::sinks::stdout_sink_st>());
  out_->set_pattern("%v");
  out_->flush_on(spdlog::level::info);
}

OutputMux::~OutputMux() {
  for (auto& [id, s] : sources_)
    if (s.log) std::fclose(s.log);
}

int OutputMux::add(const std::string& label, bool to_log_file) {
  int id = next_++;
  Source s{label, "", kColors[size_t(id) % std::size(kColors)], nullptr};
  if (to_log_file) {
    std::filesystem::create_directories(log_dir_);
    std::string file = label;
    for (char& c : file) c = c == '/' ? '_' : c;
    if (!file.empty() && file[0] == '_') file.erase(0, 1);
    s.log = std::fopen((log_dir_ + "/" + file + ".log").c_str(), "a");
  }
  width_ = std::max(width_, label.size());
  sources_[id] = std::move(s);
  return id;
}

void OutputMux::emit(Source& s, const std::string& line) {
  if (s.log) {
    std::fprintf(s.log, "%s\n", line.c_str());
    std::fflush(s.log);
    return;
  }
  write(s.label, s.color, line);
}

void OutputMux::write(const std::string& label, int color, const std::string& line) {
  if (color_)
    out_->info("\x1b[{}m{:<{}}\x1b[0m | {}", color, label, width_, line);
  else
    out_->info("{:<{}} | {}", label, width_, line);
}

void OutputMux::feed(int id, const char* data, size_t size) {
  Source& s = sources_.at(id);
  s.pending.append(data, size);
  size_t start = 0;
  for (size_t nl; (nl = s.pending.find('\n', start)) != std::string::npos; start = nl + 1)
    emit(s, s.pending.substr(start, nl - start));
  s.pending.erase(0, start);
  if (s.pending.size() > kMaxLine) {
    emit(s, s.pending);
    s.pending.clear();
  }
}

void OutputMux::flush(int id) {
  Source& s = sources_.at(id);
  if (!s.pending.empty()) emit(s, s.pending);
  s.pending.clear();
}

void OutputMux::note(const std::string& line) { write(kLauncherLabel, 1, line); }

}  // namespace dmxp::launch
