// dmxp-bench-uds: Unix domain sockets, the kernel-copy baseline.
//   latency     SOCK_STREAM socketpair (any size: SEQPACKET caps a message at the socket
//               buffer, ~200 KiB). busy = recv(MSG_DONTWAIT) + PAUSE spin, block = blocking recv.
//   throughput  one SOCK_SEQPACKET socketpair shared by all workers: producers send on one end,
//               consumers receive on the other, so the kernel hands each message to exactly one
//               consumer ("queue" semantics). batch B = sendmmsg/recvmmsg of up to B messages.
//               Calls block (with a timeout so workers notice the end of the run).
#include <sys/socket.h>
#include <sys/time.h>

#include "../common/bench_common.hpp"

using namespace bench;

namespace {

const char* kPeer = "uds";

// Moves exactly n bytes; busy mode polls with MSG_DONTWAIT so that each attempt is one syscall
// and the wait itself never sleeps.
void recv_all(int fd, char* p, size_t n, bool busy) {
  while (n > 0) {
    ssize_t r = recv(fd, p, n, busy ? MSG_DONTWAIT : 0);
    if (r > 0) { p += r; n -= r; continue; }
    if (r == 0) die("uds: peer closed");
    if (errno == EAGAIN || errno == EINTR) { cpu_relax(); continue; }
    die("uds: recv: %s", std::strerror(errno));
  }
}

void send_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t r = send(fd, p, n, MSG_NOSIGNAL);
    if (r > 0) { p += r; n -= r; continue; }
    if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    die("uds: send: %s", std::strerror(errno));
  }
}

int latency(const Args& a) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) die("socketpair: %s", std::strerror(errno));
  const bool busy = a.mode == "busy";
  const long total = warmup_count(a) + a.samples;
  pid_t child = spawn(1, a.pin, [&] {
    close(sv[0]);
    std::vector<char> buf(a.size, 1);
    for (long i = 0; i < total; ++i) {
      recv_all(sv[1], buf.data(), a.size, busy);
      send_all(sv[1], buf.data(), a.size);  // echo the sequence number back
    }
    return 0;
  });
  close(sv[1]);
  pin_to(0, a.pin);
  std::vector<char> out(a.size, 2), in(a.size);
  std::vector<uint64_t> rtt;
  rtt.reserve(a.samples);
  for (long i = 0; i < total; ++i) {
    uint64_t t0 = now_ns();
    std::memcpy(out.data(), &i, 8);
    send_all(sv[0], out.data(), a.size);
    recv_all(sv[0], in.data(), a.size, busy);
    uint64_t t1 = now_ns();
    if (std::memcmp(in.data(), &i, 8) != 0) die("uds: echo out of sequence");
    if (i >= total - a.samples) rtt.push_back(t1 - t0);
  }
  if (!reap(child, "echo")) die("uds: echo child failed");
  print_latency(kPeer, a, rtt);
  return 0;
}

int throughput(const Args& a) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) != 0) die("socketpair: %s", std::strerror(errno));
  // Timeouts only exist so that blocked workers can see the phase change; 20 ms is far longer
  // than any hand-off while the run is going.
  timeval tv{0, 20000};
  for (int fd : sv) {
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }
  const int B = a.batch;
  ThroughputPeer peer{kPeer, "queue", {}, {}, 0};
  peer.producer = [&](int i, Control* ctl) {
    close(sv[1]);
    std::vector<char> buf(a.size * B, 3);
    std::vector<iovec> iov(B);
    std::vector<mmsghdr> msgs(B);
    for (int k = 0; k < B; ++k) {
      iov[k] = {buf.data() + k * a.size, a.size};
      msgs[k] = {};
      msgs[k].msg_hdr.msg_iov = &iov[k];
      msgs[k].msg_hdr.msg_iovlen = 1;
    }
    uint64_t n = 0;
    ctl->arrive_and_wait();
    while (ctl->producing()) {
      int done = 0;
      while (done < B) {  // a timed-out sendmmsg may have sent part of the batch
        int r = B == 1 ? (send(sv[0], buf.data(), a.size, MSG_NOSIGNAL) > 0 ? 1 : -1)
                       : sendmmsg(sv[0], msgs.data() + done, B - done, MSG_NOSIGNAL);
        if (r > 0) done += r;
        else if (errno != EAGAIN && errno != EINTR) die("uds: send: %s", std::strerror(errno));
      }
      n += B;
      ctl->sent[i].v.store(n, std::memory_order_relaxed);
    }
    ctl->producer_done();
    return 0;
  };
  peer.consumer = [&](int i, Control* ctl) {
    close(sv[0]);
    std::vector<char> buf(a.size * B);
    std::vector<iovec> iov(B);
    std::vector<mmsghdr> msgs(B);
    for (int k = 0; k < B; ++k) {
      iov[k] = {buf.data() + k * a.size, a.size};
      msgs[k] = {};
      msgs[k].msg_hdr.msg_iov = &iov[k];
      msgs[k].msg_hdr.msg_iovlen = 1;
    }
    uint64_t n = 0;
    ctl->arrive_and_wait();
    while (ctl->consuming()) {
      int r = B == 1 ? (recv(sv[1], buf.data(), a.size, 0) > 0 ? 1 : -1)
                     : recvmmsg(sv[1], msgs.data(), B, MSG_WAITFORONE, nullptr);
      if (r > 0) ctl->recvd[i].v.store(n += r, std::memory_order_relaxed);
      else if (errno != EAGAIN && errno != EINTR) die("uds: recv: %s", std::strerror(errno));
    }
    return 0;
  };
  int rc = run_throughput(a, peer);
  close(sv[0]);
  close(sv[1]);
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  Args a = parse_args(argc, argv);
  if (a.test == "latency") return latency(a);
  if (a.test == "throughput") return throughput(a);
  unsupported(kPeer, a, "unknown test");
}
