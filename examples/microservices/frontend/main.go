// The Go front end of the microservices example: sends calculation requests to the Rust
// engine through DMXP and waits for each result (one request in flight, as a request/response
// client does), then asks the same engine the same over loopback HTTP (keep-alive, in the
// same run) and prints both round-trip latencies. Wire format: ../wire.md.
package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"slices"
	"time"

	"dmxp.local/dmxp"
)

func request(id uint64, a, b float64) []byte {
	out := binary.LittleEndian.AppendUint64(nil, id)
	out = binary.LittleEndian.AppendUint64(out, math.Float64bits(a))
	return binary.LittleEndian.AppendUint64(out, math.Float64bits(b))
}

func die(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "frontend: "+format+"\n", args...)
	os.Exit(1)
}

// awaitResult receives results until the one for id (the analyser's or other front ends'
// traffic may be interleaved) and returns its value.
func awaitResult(ctx context.Context, c *dmxp.Consumer, id uint64) (float64, error) {
	for {
		m, err := c.ReceiveView(ctx)
		if err != nil {
			return 0, err
		}
		if len(m.Data) == 16 && binary.LittleEndian.Uint64(m.Data) == id {
			return math.Float64frombits(binary.LittleEndian.Uint64(m.Data[8:])), nil
		}
	}
}

func viaDMXP(n int) []time.Duration {
	p, err := dmxp.OpenProducer("ms.requests", dmxp.WithMode(dmxp.Queue))
	if err != nil {
		die("%v", err)
	}
	defer p.Close()
	c, err := dmxp.OpenConsumer("ms.results", dmxp.WithStart(dmxp.StartNewest))
	if err != nil {
		die("%v", err)
	}
	defer c.Close()
	// Ping until an engine answers (it may start after us).
	for attempt := 0; ; attempt++ {
		p.Send(request(0, 0, 0))
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		_, err := awaitResult(ctx, c, 0)
		cancel()
		if err == nil {
			break
		}
		if !errors.Is(err, context.DeadlineExceeded) || attempt == 100 {
			die("no engine answered: %v", err)
		}
	}
	rtt := make([]time.Duration, 0, n)
	for i := 1; i <= n; i++ {
		a, b := float64(i), float64(2*i)
		start := time.Now()
		if err := p.Send(request(uint64(i), a, b)); err != nil {
			die("%v", err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		v, err := awaitResult(ctx, c, uint64(i))
		cancel()
		if err != nil {
			die("request %d: %v", i, err)
		}
		rtt = append(rtt, time.Since(start))
		if v != a*a+b*b {
			die("request %d: engine answered %v, expected %v", i, v, a*a+b*b)
		}
	}
	return rtt
}

func viaHTTP(n, port int) []time.Duration {
	url := fmt.Sprintf("http://127.0.0.1:%d/calc", port)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	rtt := make([]time.Duration, 0, n)
	for i := 1; i <= n; i++ {
		a, b := float64(i), float64(2*i)
		start := time.Now()
		resp, err := client.Post(url, "application/octet-stream", bytes.NewReader(request(uint64(i), a, b)))
		if err != nil {
			die("%v", err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		rtt = append(rtt, time.Since(start))
		if err != nil || len(body) != 16 || math.Float64frombits(binary.LittleEndian.Uint64(body[8:])) != a*a+b*b {
			die("HTTP request %d: a wrong answer (%v)", i, err)
		}
	}
	return rtt
}

func percentile(d []time.Duration, q float64) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1))]
}

func main() {
	n := flag.Int("requests", 2000, "requests per transport")
	port := flag.Int("http-port", 18080, "the engine's HTTP port")
	// dmxp-launch appends --ros-args and node settings after the program's own arguments.
	own := os.Args[1:]
	if i := slices.Index(own, "--ros-args"); i >= 0 {
		own = own[:i]
	}
	flag.CommandLine.Parse(own)
	shm := viaDMXP(*n)
	web := viaHTTP(*n, *port)
	fmt.Printf("round trip over %d requests, Go front end -> Rust engine -> Go front end:\n", *n)
	fmt.Printf("  DMXP            p50 %8v  p99 %8v\n", percentile(shm, 0.5), percentile(shm, 0.99))
	fmt.Printf("  loopback HTTP   p50 %8v  p99 %8v   (same engine, same calculation, keep-alive)\n",
		percentile(web, 0.5), percentile(web, 0.99))
	fmt.Printf("  HTTP / DMXP p50 ratio: %.1fx\n", float64(percentile(web, 0.5))/float64(percentile(shm, 0.5)))
}
