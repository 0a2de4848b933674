package testrun

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// User is an unprivileged account that test processes run as (grade
// --user), so that code under test can read and write only what that
// account may: not the official tree, the hidden tests' sources, the
// salt or the grader's results, which stay with the grader's own user.
//
// Each test runs in a fresh directory that the account owns (under Dir,
// or the system's temporary directory), holding a copy of the test
// binary, of go tool test2json's binary (which the go command would
// otherwise build again in the account's empty cache), the module's
// go.mod, and the lab's directory path, empty, as the working directory:
// the kit names the lab in replay commands from it. HOME and TMPDIR point
// there; the directory is removed after the test. Nothing in it comes
// from the grader's environment but PATH-like settings: variables named
// DISTLAB_* (the salt) are left out.
type User struct {
	Name     string
	UID, GID uint32
	Dir      string // where the per-test directories go; "": os.TempDir()
}

// LookupUser returns the account named name. Switching to it needs
// privileges: the grader must run as root.
func LookupUser(name string) (*User, error) {
	u, err := user.Lookup(name)
	var unknown user.UnknownUserError
	switch {
	case errors.As(err, &unknown):
		return nil, fmt.Errorf("testrun: there is no user %s (setup.sh makes one: useradd --system %s)", name, name)
	case err != nil:
		return nil, fmt.Errorf("testrun: %w", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("testrun: user %s has uid %q and gid %q, not numbers", name, u.Uid, u.Gid)
	}
	if uid == 0 {
		return nil, fmt.Errorf("testrun: user %s is root: test processes must run unprivileged", name)
	}
	if os.Geteuid() != 0 {
		return nil, fmt.Errorf("testrun: running tests as user %s needs root, and the grader runs as uid %d", name, os.Geteuid())
	}
	return &User{Name: name, UID: uint32(uid), GID: uint32(gid)}, nil
}

// prepare makes cmd, which runs test binary bin (directly, or through
// test2json) in the lab directory dir of the module at root, run as u
// instead, in a directory of u's own, and returns what removes that
// directory. A nil u changes nothing.
func (u *User) prepare(cmd *exec.Cmd, root, bin, dir string) (cleanup func(), err error) {
	if u == nil {
		return func() {}, nil
	}
	remove := func() {}
	defer func() {
		if err != nil {
			remove()
			cleanup, err = nil, fmt.Errorf("testrun: preparing to run as %s: %w", u.Name, err)
		}
	}()
	rel, err := filepath.Rel(root, dir)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, fmt.Errorf("%s is not inside %s", dir, root)
	}
	base := cmp.Or(u.Dir, os.TempDir())
	if err := reachable(base, u); err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp(base, "distlab-test-")
	if err != nil {
		return nil, err
	}
	remove = func() { os.RemoveAll(work) }
	runDir, tmp := filepath.Join(work, rel), filepath.Join(work, "tmp")
	t2j, err := test2json()
	if err != nil {
		return nil, err
	}
	// The test binary and test2json run from copies in work.
	copies := map[string]string{bin: filepath.Join(work, filepath.Base(bin)), t2j: filepath.Join(work, "test2json")}
	if _, ok := copies[cmd.Path]; !ok {
		return nil, fmt.Errorf("the command %q runs neither test2json nor %s", cmd.Args, bin)
	}
	err = errors.Join(copyFile(t2j, copies[t2j], 0o500), copyFile(bin, copies[bin], 0o500), os.MkdirAll(runDir, 0o700),
		os.Mkdir(tmp, 0o700), copyFile(filepath.Join(root, "go.mod"), filepath.Join(work, "go.mod"), 0o444))
	if err == nil {
		// Everything under work (a directory of mode 0700) belongs to u.
		err = filepath.WalkDir(work, func(path string, _ fs.DirEntry, err error) error {
			return cmp.Or(err, os.Chown(path, int(u.UID), int(u.GID)))
		})
	}
	if err != nil {
		return nil, err
	}
	cmd.Path = copies[cmd.Path]
	for i, a := range cmd.Args {
		if c, ok := copies[a]; ok {
			cmd.Args[i] = c
		}
	}
	cmd.Dir = runDir
	env := cmd.Env // set by child: ChildEnv's
	cmd.Env = nil
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "DISTLAB_"): // the salt, among others
		case name == "HOME", name == "TMPDIR", name == "USER", name == "LOGNAME", name == "PWD":
		default:
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "HOME="+work, "TMPDIR="+tmp, "USER="+u.Name, "LOGNAME="+u.Name, "PWD="+runDir)
	return remove, setCredential(cmd, u.UID, u.GID)
}

// reachable checks that u may enter dir: that it may search dir and
// every directory above it.
func reachable(dir string, u *User) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	for d := abs; ; d = filepath.Dir(d) {
		info, err := os.Stat(d)
		if err != nil {
			return err
		}
		if !searchable(info, u) {
			return fmt.Errorf("user %s cannot enter %s (mode %v), so it cannot reach %s: choose another temporary directory (TMPDIR)", u.Name, d, info.Mode().Perm(), abs)
		}
		if d == filepath.Dir(d) {
			return nil
		}
	}
}

// test2json returns the path of go tool test2json's binary, which the go
// command builds into its cache the first time.
var test2json = sync.OnceValues(func() (string, error) {
	out, err := exec.Command("go", "tool", "-n", "test2json").Output()
	if err != nil {
		return "", fmt.Errorf("finding go tool test2json: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
})

// copyFile copies the file from to a new file to of the given mode.
func copyFile(from, to string, mode os.FileMode) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, mode)
}

// own makes file, empty, in the grader's directory dir, for u to write:
// the file belongs to u, and dir lets u reach it by name only.
func (u *User) own(dir, file string) error {
	f, err := os.OpenFile(file, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("testrun: %w", err)
	}
	f.Close()
	if err := os.Chown(file, int(u.UID), int(u.GID)); err != nil {
		return fmt.Errorf("testrun: giving the results file to %s: %w", u.Name, err)
	}
	if err := os.Chmod(dir, 0o711); err != nil {
		return fmt.Errorf("testrun: %w", err)
	}
	return nil
}
