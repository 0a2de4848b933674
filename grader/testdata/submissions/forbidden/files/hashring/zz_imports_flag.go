package hashring

import _ "flag"
