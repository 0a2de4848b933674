package hashring

import _ "runtime"
