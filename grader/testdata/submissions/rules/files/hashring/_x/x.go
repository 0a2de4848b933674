package x

import "os"

func Exit() { os.Exit(0) }
