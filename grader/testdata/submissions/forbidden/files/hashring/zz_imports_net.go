package hashring

import _ "net"
