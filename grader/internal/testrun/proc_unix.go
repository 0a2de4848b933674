//go:build unix

package testrun

import (
	"os"
	"os/exec"
	"syscall"
)

const isWindows = false

// setProcessGroup puts the child in a process group of its own, so that
// the test binary that go tool test2json starts dies with it.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killProcessGroup kills the child and everything it started.
func killProcessGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}

// setCredential makes cmd run as uid and gid, with no other groups.
func setCredential(cmd *exec.Cmd, uid, gid uint32) error {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Credential = &syscall.Credential{Uid: uid, Gid: gid, Groups: []uint32{}}
	return nil
}

// searchable reports whether user u may search (enter) the directory
// described by info.
func searchable(info os.FileInfo, u *User) bool {
	perm := info.Mode().Perm()
	st, ok := info.Sys().(*syscall.Stat_t)
	switch {
	case !ok:
		return perm&0o001 != 0
	case st.Uid == u.UID:
		return perm&0o100 != 0
	case st.Gid == u.GID:
		return perm&0o010 != 0
	}
	return perm&0o001 != 0
}
