package hashring

import _ "os"
