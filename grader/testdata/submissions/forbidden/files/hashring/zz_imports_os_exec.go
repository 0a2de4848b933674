package hashring

import _ "os/exec"
