package dmxp_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
)

var domains atomic.Int32

// testDomain is a DMXP domain of one test alone, under $DMXP_TEST_DOMAIN_PREFIX; everything
// in it (channels and the key segment) is removed when the test ends.
func testDomain(t *testing.T) string {
	prefix := os.Getenv("DMXP_TEST_DOMAIN_PREFIX")
	if prefix == "" {
		prefix = "t"
	}
	name := fmt.Sprintf("%sgo%d_%d", prefix, os.Getpid(), domains.Add(1))
	t.Cleanup(func() {
		left, _ := filepath.Glob("/dev/shm/dmxp." + name + ".*")
		for _, f := range left {
			os.Remove(f)
		}
	})
	return name
}
