package main

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// envLateSignal, set to a way of stopping a node, makes
// TestServeSurvivesALateSIGTERM the process it tests.
const envLateSignal = "DISTLAB_CLUSTER_TEST_LATE_SIGNAL"

// TestServeSurvivesALateSIGTERM runs a node with serve, as start runs it,
// in a process of its own; stops it one way; and once serve has returned,
// at the worst moment, sends the process the SIGTERM that start sends
// every node it stops. The process must go on to exit cleanly: start
// takes any other end for a node that did not stop cleanly.
func TestServeSurvivesALateSIGTERM(t *testing.T) {
	if how := os.Getenv(envLateSignal); how != "" {
		serveThenSIGTERM(t, how)
		return
	}
	t.Parallel()
	if testing.Short() {
		t.Skip("starts processes")
	}
	for _, how := range []string{"stdin", "SIGTERM", "interrupt"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestServeSurvivesALateSIGTERM$", "-test.v")
			cmd.Env = append(os.Environ(), envLateSignal+"="+how)
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "the node's process, stopped by %s and then sent SIGTERM:\n%s", how, out)
			assert.Contains(t, string(out), "--- PASS: TestServeSurvivesALateSIGTERM")
		})
	}
}

// serveThenSIGTERM runs node 0 of a one-node cluster in this process, as
// a child of start, stops it by how (the end of its standard input,
// SIGTERM, or an interrupt as Ctrl-C sends it), waits for serve to
// return, and sends the process SIGTERM.
func serveThenSIGTERM(t *testing.T, how string) {
	dir := t.TempDir()
	lb, err := findLab("election")
	require.NoError(t, err)
	l, err := newLayout(lb, startFlags{n: 1})
	require.NoError(t, err)
	require.NoError(t, l.write(dir))
	stdin, console, err := os.Pipe()
	require.NoError(t, err)
	os.Stdin = stdin
	t.Setenv(envChild, "1")

	out, printed := io.Pipe()
	served := make(chan error, 1)
	go func() {
		err := serve(dir, 0, false, printed)
		printed.Close()
		served <- err
	}()
	lines := bufio.NewScanner(out)
	require.True(t, lines.Scan(), "serve ended before it was ready")
	require.Equal(t, readyLine, lines.Text())
	go io.Copy(io.Discard, out)

	switch how {
	case "stdin":
		require.NoError(t, console.Close())
	case "SIGTERM":
		require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGTERM))
	case "interrupt":
		require.NoError(t, syscall.Kill(os.Getpid(), syscall.SIGINT))
	default:
		t.Fatalf("no way to stop a node called %q", how)
	}
	select {
	case err := <-served:
		require.NoError(t, err)
	case <-time.After(bound):
		t.Fatalf("serve did not return after %s", how)
	}

	// To this thread, so that the signal is delivered before Tgkill
	// returns: if SIGTERM has its default action back, the process ends
	// here.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	require.NoError(t, syscall.Tgkill(os.Getpid(), syscall.Gettid(), syscall.SIGTERM))
}
