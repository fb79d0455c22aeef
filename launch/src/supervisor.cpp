#include "supervisor.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <chrono>
#include <cmath>

#include "child_process.hpp"
#include "lifecycle_manager.hpp"
#include "readiness.hpp"

namespace asio = boost::asio;

namespace dmxp::launch {
namespace {

using Clock = std::chrono::steady_clock;

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

std::string fmt_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g s", s);
  return buf;
}

struct Child {
  ProcessSpec spec;
  int out_id = -1;
  pid_t pid = -1;
  bool running = false;
  bool started_once = false;
  int restarts = 0;
  double next_delay = 0;
  std::string state = "waiting";  // for ProcessStatus: running, respawning, exited, stopping
  std::string last_exit;
  std::unique_ptr<asio::posix::stream_descriptor> pipe;
  std::array<char, 4096> buf{};
  std::unique_ptr<asio::steady_timer> timer;  // respawn delay, or stop escalation
};

}  // namespace

struct Supervisor::Impl {
  enum class Phase { Starting, Running, Stopping };

  Impl(std::vector<ProcessSpec> plan, OutputMux& mux, SupervisorOptions o)
      : mux(mux), opts(std::move(o)), signals(io, SIGINT, SIGTERM, SIGCHLD), ready_timer(io),
        run_timer(io), summary_timer(io) {
    for (auto& spec : plan) {
      auto c = std::make_unique<Child>();
      c->out_id = mux.add(spec.label, spec.policy.log_file);
      c->next_delay = spec.policy.respawn_delay;
      c->spec = std::move(spec);
      c->timer = std::make_unique<asio::steady_timer>(io);
      children.push_back(std::move(c));
    }
    if (!managed_nodes().empty())
      lifecycle = std::make_unique<LifecycleManager>(opts.domain, opts.lifecycle.timeout, [this](const std::string& s) {
        asio::post(io, [this, s] { note(s); });  // from the manager's thread into the loop
      });
  }

  OutputMux& mux;
  SupervisorOptions opts;
  asio::io_context io;
  asio::signal_set signals;
  asio::steady_timer ready_timer, run_timer, summary_timer;
  std::vector<std::unique_ptr<Child>> children;
  Phase phase = Phase::Starting;
  size_t next_start = 0;
  bool failed = false;
  Clock::time_point ready_deadline, started_at = Clock::now(), last_summary = started_at;
  ReadinessProbe readiness{""};
  std::unique_ptr<LifecycleManager> lifecycle;  // when the plan has managed nodes; after io
  bool lifecycle_down = false;  // managed nodes are being shut down: the processes wait

  // Every managed node, in start order.
  std::vector<std::string> managed_nodes() const {
    std::vector<std::string> out;
    for (const auto& c : children) out.insert(out.end(), c->spec.managed.begin(), c->spec.managed.end());
    return out;
  }

  // Configures, then activates, nodes; failure stops the graph (fatal) or is only told.
  void bring_up(std::vector<std::string> nodes, bool fatal) {
    size_t n = nodes.size();
    lifecycle->bring_up(std::move(nodes), [this, fatal, n](const std::string& error) {
      asio::post(io, [this, fatal, n, error] {
        if (phase == Phase::Stopping) return;
        if (error.empty()) {
          note("lifecycle: " + std::to_string(n) + " managed node" + (n == 1 ? "" : "s") + " active");
        } else if (fatal) {
          failed = true;
          begin_shutdown("lifecycle: " + error + ": stopping");
        } else {
          note("lifecycle: " + error);
        }
      });
    });
  }

  void note(const std::string& s) { mux.note(s); }

  void set_state(Child& c, const char* state) {
    c.state = state;
    if (!opts.on_states) return;
    std::vector<ProcessStatus> all;
    for (const auto& k : children)
      all.push_back({k->spec.label, k->pid, k->state, unsigned(k->restarts), k->last_exit});
    opts.on_states(all);
  }

  void wait_signals() {
    signals.async_wait([this](const boost::system::error_code& ec, int sig) {
      if (ec) return;
      if (sig == SIGCHLD) reap();
      else on_shutdown_signal(sig);
      if (!finished()) wait_signals();
    });
  }

  bool finished() const {
    for (const auto& c : children)
      if (c->running) return false;
    return phase == Phase::Stopping;
  }

  void on_shutdown_signal(int sig) {
    if (phase == Phase::Stopping) {
      note(std::string("second ") + sigabbrev_np(sig) + ": killing what is left");
      if (lifecycle) lifecycle->abandon();
      for (auto& c : children)
        if (c->running) kill(-c->pid, SIGKILL);
      return;
    }
    begin_shutdown(std::string("SIG") + sigabbrev_np(sig) + " received: stopping");
  }

  // ---- starting ----
  void start_next() {
    if (phase != Phase::Starting) return;
    if (next_start == children.size()) {
      phase = Phase::Running;
      note("all " + std::to_string(children.size()) + " processes started");
      if (lifecycle && opts.lifecycle.autostart) bring_up(managed_nodes(), true);
      check_all_exited();
      return;
    }
    Child& c = *children[next_start++];
    if (!spawn(c)) {
      failed = true;
      begin_shutdown("could not start " + c.spec.label + ": stopping");
      return;
    }
    if (c.spec.ready.empty()) {
      asio::post(io, [this] { start_next(); });
      return;
    }
    double timeout = 0;
    for (const auto& r : c.spec.ready) timeout = std::max(timeout, r.timeout);
    ready_deadline = Clock::now() + seconds(timeout);
    poll_ready(c);
  }

  void poll_ready(Child& c) {
    if (phase != Phase::Starting) return;
    std::string missing = readiness.first_missing(c.spec.ready);
    if (missing.empty()) {
      start_next();
      return;
    }
    if (Clock::now() > ready_deadline) {
      failed = true;
      begin_shutdown(missing + " within its readiness timeout: stopping");
      return;
    }
    ready_timer.expires_after(std::chrono::milliseconds(20));
    ready_timer.async_wait([this, &c](const boost::system::error_code& ec) {
      if (!ec) poll_ready(c);
    });
  }

  bool spawn(Child& c) {
    Spawned s = spawn_process(c.spec);
    if (s.pid < 0) {
      note(s.error);
      return false;
    }
    c.pid = s.pid;
    c.running = true;
    set_state(c, "running");
    note((c.started_once ? "restarted " : "started ") + c.spec.label + " (pid " + std::to_string(s.pid) + ")");
    c.started_once = true;
    c.pipe = std::make_unique<asio::posix::stream_descriptor>(io, s.output_fd);
    read_output(c, c.pipe.get());
    return true;
  }

  void read_output(Child& c, asio::posix::stream_descriptor* pipe) {
    pipe->async_read_some(asio::buffer(c.buf), [this, &c, pipe](const boost::system::error_code& ec, size_t n) {
      if (n > 0) mux.feed(c.out_id, c.buf.data(), n);
      if (ec) {
        mux.flush(c.out_id);
        return;  // EOF: the process and everything that shared its output closed it
      }
      read_output(c, pipe);
    });
  }

  // ---- exits ----
  void reap() {
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
      for (auto& c : children)
        if (c->running && c->pid == pid) on_exit(*c, status);
    }
  }

  void on_exit(Child& c, int status) {
    c.running = false;
    // What the process started in its group outlives it otherwise (a shell's children).
    kill(-c.pid, SIGTERM);
    bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    c.last_exit = describe_wait_status(status);
    note(c.spec.label + " " + c.last_exit);
    // Output that the process wrote before it died is still in the pipe; the reader drains it.
    if (phase == Phase::Stopping) {
      set_state(c, "exited");
      c.timer->cancel();
      stop_next();
      return;
    }
    if (c.spec.policy.required) {
      set_state(c, "exited");
      if (!clean) failed = true;
      begin_shutdown("required process " + c.spec.label + " exited: stopping");
      return;
    }
    const ProcessPolicy& p = c.spec.policy;
    if (p.respawn && (p.respawn_max < 0 || c.restarts < p.respawn_max)) {
      ++c.restarts;
      set_state(c, "respawning");
      note("respawning " + c.spec.label + " in " + fmt_seconds(c.next_delay) + " (restart " +
           std::to_string(c.restarts) + (p.respawn_max < 0 ? "" : " of " + std::to_string(p.respawn_max)) + ")");
      c.timer->expires_after(seconds(c.next_delay));
      c.next_delay = std::min(c.next_delay * p.respawn_backoff, p.respawn_max_delay);
      c.timer->async_wait([this, &c](const boost::system::error_code& ec) {
        if (ec || phase == Phase::Stopping) return;
        if (spawn(c)) {
          // Its managed nodes start over unconfigured: bring them back to where the rest are.
          if (lifecycle && opts.lifecycle.autostart && !c.spec.managed.empty()) bring_up(c.spec.managed, false);
          return;
        }
        note("giving up on " + c.spec.label);
        c.spec.policy.respawn = false;
        set_state(c, "exited");
        check_all_exited();
      });
      return;
    }
    if (p.respawn) note(c.spec.label + " reached its respawn limit of " + std::to_string(p.respawn_max));
    set_state(c, "exited");
    check_all_exited();
  }

  void check_all_exited() {
    if (phase != Phase::Running) return;
    for (const auto& c : children) {
      const ProcessPolicy& p = c->spec.policy;
      bool may_return = p.respawn && (p.respawn_max < 0 || c->restarts < p.respawn_max);
      if (c->running || may_return) return;
    }
    begin_shutdown("every process exited");
  }

  // ---- stopping ----
  void begin_shutdown(const std::string& why) {
    if (phase == Phase::Stopping) return;
    phase = Phase::Stopping;
    note(why);
    ready_timer.cancel();
    run_timer.cancel();
    summary_timer.cancel();
    for (auto& c : children) c->timer->cancel();
    bool any_running = std::any_of(children.begin(), children.end(), [](const auto& c) { return c->running; });
    if (lifecycle && any_running) {
      // Managed nodes go down through their transitions while their processes still run.
      lifecycle_down = true;
      lifecycle->bring_down(managed_nodes(), [this] {
        asio::post(io, [this] {
          lifecycle_down = false;
          stop_next();
        });
      });
      return;
    }
    stop_next();
  }

  // The last started process that still runs gets SIGINT, then escalation; when it exits,
  // on_exit calls this again for the one before it.
  void stop_next() {
    if (lifecycle_down) return;  // bring_down's end calls it
    for (auto it = children.rbegin(); it != children.rend(); ++it) {
      Child& c = **it;
      if (!c.running) continue;
      kill(-c.pid, SIGINT);
      set_state(c, "stopping");
      escalate(c, SIGTERM, c.spec.policy.stop_timeout);
      return;
    }
    signals.cancel();
    io.stop();
  }

  void escalate(Child& c, int sig, double after) {
    c.timer->expires_after(seconds(after));
    c.timer->async_wait([this, &c, sig, after](const boost::system::error_code& ec) {
      if (ec || !c.running) return;
      note(c.spec.label + " still runs " + fmt_seconds(after) + " after SIG" +
           (sig == SIGTERM ? "INT" : "TERM") + ": sending SIG" + sigabbrev_np(sig));
      kill(-c.pid, sig);
      if (sig == SIGTERM) escalate(c, SIGKILL, c.spec.policy.kill_timeout);
    });
  }

  // ---- run time and summary ----
  void arm_timers() {
    if (opts.run_time_s > 0) {
      run_timer.expires_after(seconds(opts.run_time_s));
      run_timer.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) begin_shutdown("run time of " + fmt_seconds(opts.run_time_s) + " is over: stopping");
      });
    }
    if (opts.summary_period_s > 0 && opts.summary) {
      (void)opts.summary(1.0);  // counts of channels that exist already: the first baseline
      last_summary = Clock::now();
      arm_summary();
    }
  }

  // Ticks at least every 0.5 s so the summary's readers keep up with reliable channels
  // (a reader that falls a ring behind would hold its publisher back); prints every period.
  void arm_summary() {
    summary_timer.expires_after(seconds(std::min(opts.summary_period_s, 0.5)));
    summary_timer.async_wait([this](const boost::system::error_code& ec) {
      if (ec || phase == Phase::Stopping) return;
      auto now = Clock::now();
      double elapsed = std::chrono::duration<double>(now - last_summary).count();
      if (elapsed + 1e-3 >= opts.summary_period_s) {
        last_summary = now;
        for (const auto& line : opts.summary(elapsed)) note(line);
      } else if (opts.summary_poll) {
        opts.summary_poll();
      }
      arm_summary();
    });
  }
};

Supervisor::Supervisor(std::vector<ProcessSpec> plan, OutputMux& mux, SupervisorOptions options)
    : impl_(std::make_unique<Impl>(std::move(plan), mux, std::move(options))) {
  impl_->readiness = ReadinessProbe(impl_->opts.domain);
}

Supervisor::~Supervisor() = default;

int Supervisor::run() {
  Impl& s = *impl_;
  s.wait_signals();
  s.arm_timers();
  asio::post(s.io, [&s] { s.start_next(); });
  if (s.children.empty()) s.begin_shutdown("nothing to run");
  s.io.run();
  // Drain what the processes wrote before they exited.
  s.io.restart();
  s.io.poll();
  for (auto& c : s.children) s.mux.flush(c->out_id);
  return s.failed ? kExitNodeFailed : kExitOk;
}

}  // namespace dmxp::launch
