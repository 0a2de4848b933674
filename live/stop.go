package live

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// StopContext returns a context that is done at the process's first
// SIGTERM or interrupt, or at the end of stdin if stdin is not nil: the
// context a node process passes to Start.
//
// The signals stay caught for the rest of the process's life, never given
// back their default action (which would kill the process): a node is
// often told to stop twice, and the second time may come after the first
// has stopped it, while the process is exiting. A supervisor may stop a
// node with SIGTERM and by closing its standard input, in that order, but
// the node may see the end of its input first; Ctrl-C in a terminal
// interrupts the supervisor and its nodes, and the supervisor then sends
// each node SIGTERM. Had the first of the two given SIGTERM its default
// action back (as signal.NotifyContext's stop does), the second would
// kill a node that was stopping cleanly, and the supervisor would report
// that it exited with "signal: terminated".
func StopContext(stdin io.Reader) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)
	go func() {
		<-sigs
		cancel()
	}()
	if stdin != nil {
		go func() {
			io.Copy(io.Discard, stdin)
			cancel()
		}()
	}
	return ctx
}
