//go:build !unix

package testrun

import (
	"os/exec"
	"runtime"
)

var isWindows = runtime.GOOS == "windows"

// setProcessGroup does nothing where there are no process groups; the
// test binary's own -test.timeout ends a test that hangs.
func setProcessGroup(cmd *exec.Cmd) {}

// killProcessGroup kills the child.
func killProcessGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return cmd.Process.Kill()
}
