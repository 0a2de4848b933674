//go:build !unix

package testrun

import (
	"errors"
	"os"
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

// setCredential fails: there are no Unix users to switch to.
func setCredential(cmd *exec.Cmd, uid, gid uint32) error {
	return errors.New("running tests as another user needs a Unix system")
}

// searchable reports whether others may search the directory.
func searchable(info os.FileInfo, u *User) bool { return info.Mode().Perm()&0o001 != 0 }
