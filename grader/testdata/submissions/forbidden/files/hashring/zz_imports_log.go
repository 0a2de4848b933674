package hashring

import _ "log"
