package hashring

import _ "unsafe"
