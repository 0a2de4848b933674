package sub

import "errors"

var ErrGone = errors.New("sub: gone")
