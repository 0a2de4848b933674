package hashring

import _ "syscall"
