// output_mux.hpp - the output of every process, one whole line at a time, behind its name:
//
//   /robot/lidar   | 720 rays at 10 Hz
//   /robot/planner | path of 83 poses
//
// Names are padded to the longest so the text lines up, and colored (one color per process)
// when the output is a terminal. Partial lines wait for their newline (a process's last
// partial line is flushed when its pipe closes), so lines of different processes never mix.
// A process whose output goes to a log file gets <log dir>/<name>.log instead.
#pragma once

#include <spdlog/spdlog.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>

namespace dmxp::launch {

class OutputMux {
 public:
  // Lines go to stdout through spdlog; `color`: ANSI colors on the names.
  OutputMux(bool color, std::string log_dir);
  ~OutputMux();

  // Registers a process by label; returns the id its output is fed under. Padding grows to
  // the longest label registered.
  int add(const std::string& label, bool to_log_file);
  void feed(int id, const char* data, size_t size);
  void flush(int id);  // the source closed: print what is left
  // The launcher's own messages, in the same stream.
  void note(const std::string& line);
  const std::string& log_dir() const { return log_dir_; }

 private:
  struct Source {
    std::string label, pending;
    int color;
    std::FILE* log = nullptr;
  };
  void emit(Source& s, const std::string& line);
  void write(const std::string& label, int color, const std::string& line);

  std::shared_ptr<spdlog::logger> out_;
  bool color_;
  std::string log_dir_;
  size_t width_;
  std::map<int, Source> sources_;
  int next_ = 0;
};

}  // namespace dmxp::launch
