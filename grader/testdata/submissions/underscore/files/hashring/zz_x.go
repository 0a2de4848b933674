package hashring

import x "github.com/distlab/distlab/hashring/_x"

func spy() string { return x.Salt() }
